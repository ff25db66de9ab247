// What each Salesforce record should hold: the FIELD CATALOG's fields, filled from the stored scores. Pure.
// Values are normalised to what the field can hold (numbers rounded to the field's scale, percent fields
// 0–100, picklists checked, text cut to length), so the diff against what was written compares like with
// like and a rescore that changes nothing visible writes nothing.
import { z } from 'zod';
import {
  CATEGORY_KEYS,
  catalogFields,
  dealRiskBandSchema,
  driverSchema,
  forecastCategorySchema,
  healthBandSchema,
  renewalRiskBandSchema,
  type CatalogField,
  type CatalogObject,
} from '@pillar/shared';

export type WriteValue = number | string | null;
export type FieldValues = Record<string, WriteValue>;

// ---------------------------------------------------------------------------------------------------------
// Inputs, checked at the door (rows of account_scores / opportunity_scores joined to the mirror)

const score = z.number().min(0).max(100);
const drivers = z.array(driverSchema.pick({ name: true, contribution: true, reason: true }).loose());

export const accountWritebackInputSchema = z.object({
  externalId: z.string().min(1),
  healthScore: score,
  band: healthBandSchema,
  categoryScores: z.record(z.string(), score.nullable()),
  renewalRisk: score.nullable(),
  renewalBand: renewalRiskBandSchema.nullable(),
  priorityScore: score.nullable(),
  trend30d: z.number().min(-100).max(100).nullable(),
  drivers,
  dataSufficiency: z.number().min(0).max(1),
  scoredAt: z.coerce.date(),
  openSignals: z.number().int().min(0),
});
export type AccountWritebackInput = z.infer<typeof accountWritebackInputSchema>;

export const opportunityWritebackInputSchema = z.object({
  externalId: z.string().min(1),
  winProbability: z.number().min(0).max(1),
  dealRisk: score,
  dealRiskBand: dealRiskBandSchema,
  forecastCategory: forecastCategorySchema,
  hygiene: score,
  confidence: score,
  drivers,
  nextAction: z.object({ text: z.string() }).loose().nullable(),
  scoredAt: z.coerce.date(),
});
export type OpportunityWritebackInput = z.infer<typeof opportunityWritebackInputSchema>;

type Driver = z.infer<typeof drivers>[number];

// ---------------------------------------------------------------------------------------------------------
// Catalog key → value

const signed = (n: number) => `${n >= 0 ? '+' : '\u2212'}${Math.abs(n).toFixed(1)}`;

/** The health drivers that move the score most, one per line with their contribution. */
export const TOP_DRIVER_LINES = 5;

export function topDriverLines(list: readonly Driver[]): string | null {
  const top = [...list].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, TOP_DRIVER_LINES);
  return top.length ? top.map((d) => `${d.reason} (${signed(d.contribution)})`).join('\n') : null;
}

/** Deal-risk reasons that add risk, most important first, one per line. */
export function riskReasonLines(list: readonly Driver[]): string | null {
  const risky = [...list].filter((d) => d.contribution > 0).sort((a, b) => b.contribution - a.contribution);
  return risky.length ? risky.map((d) => d.reason).join('\n') : null;
}

const ACCOUNT_VALUES: Record<string, (s: AccountWritebackInput) => unknown> = {
  healthScore: (s) => s.healthScore,
  healthBand: (s) => s.band,
  healthTrend30d: (s) => s.trend30d,
  ...Object.fromEntries(CATEGORY_KEYS.map((k) => [`category.${k}`, (s: AccountWritebackInput) => s.categoryScores[k] ?? null])),
  renewalRisk: (s) => s.renewalRisk,
  renewalRiskBand: (s) => s.renewalBand,
  priorityScore: (s) => s.priorityScore,
  topDrivers: (s) => topDriverLines(s.drivers),
  openSignals: (s) => s.openSignals,
  // Percent fields hold 0–100; the stored share is 0–1.
  dataSufficiency: (s) => s.dataSufficiency * 100,
  scoredAt: (s) => s.scoredAt,
};

const OPPORTUNITY_VALUES: Record<string, (s: OpportunityWritebackInput) => unknown> = {
  winProbability: (s) => s.winProbability * 100,
  dealRisk: (s) => s.dealRisk,
  dealRiskBand: (s) => s.dealRiskBand,
  forecastCategory: (s) => s.forecastCategory,
  hygiene: (s) => s.hygiene,
  confidence: (s) => s.confidence,
  riskReasons: (s) => riskReasonLines(s.drivers),
  nextBestAction: (s) => s.nextAction?.text ?? null,
  scoredAt: (s) => s.scoredAt,
};

export const VALUE_SOURCES: Record<CatalogObject, Record<string, (s: never) => unknown>> = { account: ACCOUNT_VALUES, opportunity: OPPORTUNITY_VALUES };

/**
 * Fields written only together with another change: "scored at" moves on every rescore, and writing it
 * alone would touch every record each cycle for nothing a person could see.
 */
export const COMPANION_KEYS: ReadonlySet<string> = new Set(['scoredAt']);

/** A raw value → what the field can hold (null when it cannot hold it: unknown picklist value, not a number). */
export function normaliseForField(field: CatalogField, raw: unknown): WriteValue {
  if (raw === null || raw === undefined) return null;
  const t = field.type;
  switch (t.kind) {
    case 'number':
    case 'percent': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
      const factor = 10 ** t.scale;
      const max = 10 ** (t.precision - t.scale) - 1 / factor;
      const rounded = Math.round(raw * factor) / factor;
      return Math.min(max, Math.max(-max, rounded));
    }
    case 'picklist':
      return typeof raw === 'string' && t.values.some((v) => v.value === raw) ? raw : null;
    case 'text':
    case 'longText': {
      if (typeof raw !== 'string') return null;
      const text = raw.trim();
      if (text === '') return null;
      return text.length > t.length ? `${text.slice(0, t.length - 1)}\u2026` : text;
    }
    case 'dateTime': {
      const date = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : null;
      return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
    }
  }
}

/** The Salesforce api name of a catalog field, with the package namespace when there is one. */
export function apiName(field: CatalogField, namespace: string | null): string {
  return namespace ? `${namespace}__${field.salesforce.apiName}` : field.salesforce.apiName;
}

function valuesFor<S>(object: CatalogObject, input: S, namespace: string | null): { values: FieldValues; companions: Set<string> } {
  const sources = VALUE_SOURCES[object] as Record<string, (s: S) => unknown>;
  const values: FieldValues = {};
  const companions = new Set<string>();
  for (const field of catalogFields(object)) {
    const source = sources[field.key];
    if (!source) throw new Error(`write-back has no value for catalog field ${object}.${field.key}`);
    const name = apiName(field, namespace);
    values[name] = normaliseForField(field, source(input));
    if (COMPANION_KEYS.has(field.key)) companions.add(name);
  }
  return { values, companions };
}

export function accountFieldValues(input: AccountWritebackInput, namespace: string | null = null) {
  return valuesFor('account', input, namespace);
}

export function opportunityFieldValues(input: OpportunityWritebackInput, namespace: string | null = null) {
  return valuesFor('opportunity', input, namespace);
}
