import { z } from 'zod';
import type { AccountInput, AccountSignalsInput, Segment } from '../engine';
import type { AccountRow } from '../db/queries/scoring-inputs';

/**
 * Account row → engine AccountInput. Missing stays missing: a null column is null in the input, never 0.
 *
 * Enrichment comes from two places: the customer-success columns (nps_score, support_escalation_pct,
 * adoption_pct, usage_trend_pct, late_payments) and the `attributes` JSON, whose keys named like the
 * engine's AccountSignalsInput fields are read (a value of the wrong type is ignored, not guessed at).
 * A column wins over an attribute of the same meaning.
 */

const SEGMENT_ALIASES: ReadonlyArray<readonly [Segment, readonly string[]]> = [
  ['enterprise', ['enterprise', 'ent', 'large enterprise', 'strategic']],
  ['mid_market', ['mid-market', 'mid market', 'midmarket', 'mid_market', 'mm', 'commercial']],
  ['smb', ['smb', 'small business', 'small', 'small and medium business', 'sme']],
];

export function mapSegment(value: string | null): Segment | null {
  if (value === null) return null;
  const v = value.trim().toLowerCase();
  for (const [segment, names] of SEGMENT_ALIASES) if (names.includes(v)) return segment;
  return null;
}

export function mapTier(value: number | null): 1 | 2 | 3 | null {
  return value === 1 || value === 2 || value === 3 ? value : null;
}

/**
 * The engine reads NPS as a survey answer on the 0–10 scale (reference: nps_score 0–10). A stored value
 * in 0–10 is taken as that answer; a value outside it but within −100…100 is a Net Promoter Score and is
 * placed on the same scale ((NPS + 100) / 20); anything else is unusable (null).
 */
export function npsAnswer(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (value >= 0 && value <= 10) return value;
  if (value >= -100 && value <= 100) return Math.round(((value + 100) / 20) * 100) / 100;
  return null;
}

const num = z.number().finite();
const instant = z.iso.datetime({ offset: true }).or(z.iso.date());

/** The attribute keys scoring reads, with their types; anything else in `attributes` is ignored. */
const SIGNAL_ATTRIBUTES = {
  usageCurrentQuarter: num,
  usagePreviousQuarter: num,
  adoptionPct: num,
  activeUsers: num,
  licensedSeats: num,
  supportEscalationPct: num,
  openCriticalTickets: num,
  npsScore: num,
  npsPreviousScore: num,
  latePayments12m: num,
  crossSellSignals: num,
  whitespacePct: num,
  budgetConfirmed: z.boolean(),
  budgetTrendPct: num,
  techBudgetUsd: num,
  techBudgetSharePct: num,
  grantDependencyPct: num,
  grantWindowOpen: z.boolean(),
  grantWindowClosesInDays: num,
  competitorContractEndsAt: instant,
  rfpActive: z.boolean(),
  hiringSignals90d: num,
  boardMentions90d: num,
  strategicThemeMatch: z.boolean(),
  demoRequestedAt: instant,
  demoTracking: z.boolean(),
  techSpendPropensity: num,
  aiReadiness: num,
  startupFriendliness: num,
  strategicThemeAlignment: num,
  procurementComplexity: num,
  coopPathway: z.boolean(),
  fiscalYearAligned: z.boolean(),
  studentEnrollment: num,
  quotaContributionPct: num,
} as const satisfies Record<keyof AccountSignalsInput, z.ZodType>;

type SignalKey = keyof typeof SIGNAL_ATTRIBUTES;
const SIGNAL_KEYS = Object.keys(SIGNAL_ATTRIBUTES) as SignalKey[];
const DATE_KEYS = new Set<SignalKey>(['competitorContractEndsAt', 'demoRequestedAt']);

/** The enrichment values found in `attributes` (each key parsed on its own; a bad value is dropped). */
export function signalsFromAttributes(attributes: Record<string, unknown> | null): AccountSignalsInput {
  const out: Partial<Record<SignalKey, number | boolean | Date>> = {};
  if (attributes === null || typeof attributes !== 'object') return {};
  for (const key of SIGNAL_KEYS) {
    const raw = attributes[key];
    if (raw === undefined || raw === null) continue;
    const parsed = SIGNAL_ATTRIBUTES[key].safeParse(raw);
    if (!parsed.success) continue;
    const value = parsed.data;
    out[key] = DATE_KEYS.has(key) ? new Date(String(value).length === 10 ? `${String(value)}T00:00:00Z` : String(value)) : (value as number | boolean);
  }
  // Each key was parsed with the schema of its AccountSignalsInput field above.
  return out as unknown as AccountSignalsInput;
}

export function mapAccount(row: AccountRow): AccountInput {
  const attrs = signalsFromAttributes(row.attributes);
  const usage = row.usage_trend_pct !== null && Number.isFinite(row.usage_trend_pct);
  const signals: AccountSignalsInput = {
    ...attrs,
    npsScore: npsAnswer(row.nps_score) ?? npsAnswer(attrs.npsScore ?? null),
    supportEscalationPct: row.support_escalation_pct ?? attrs.supportEscalationPct ?? null,
    adoptionPct: row.adoption_pct ?? attrs.adoptionPct ?? null,
    latePayments12m: row.late_payments ?? attrs.latePayments12m ?? null,
    // The engine derives the usage trend from two quarters; a stored trend is the same ratio on a base of 100.
    usagePreviousQuarter: usage ? 100 : (attrs.usagePreviousQuarter ?? null),
    usageCurrentQuarter: usage ? 100 + row.usage_trend_pct! : (attrs.usageCurrentQuarter ?? null),
  };
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    arr: row.arr,
    segment: mapSegment(row.segment),
    tier: mapTier(row.tier),
    employees: row.employees,
    annualRevenue: row.annual_revenue,
    industry: row.industry,
    createdAt: null,
    signals,
  };
}
