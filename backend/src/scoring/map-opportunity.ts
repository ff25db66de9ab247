import {
  BUYING_ROLES,
  forecastCategoryFromHubSpot,
  forecastCategoryFromSalesforce,
  forecastCategorySchema,
  type BuyingRole,
  type ForecastCategory,
} from '@pillar/shared';
import { stageKey, type ForecastCategoryInput, type OpportunityContactInput, type OpportunityInput } from '../engine';
import type { OpportunityContactRow, OpportunityRow } from '../db/queries/scoring-inputs';
import { dayToDate } from './dates';
import { splitCompetitors, type TenantShape } from './tenant-shape';

/** Deal row → engine OpportunityInput, and the vocabularies around it (contact roles, forecast categories). */

const ROLE_NAMES: ReadonlyArray<readonly [BuyingRole, readonly string[]]> = [
  ['economic_buyer', ['economic buyer', 'decision maker', 'economic decision maker', 'budget holder']],
  ['exec_sponsor', ['executive sponsor', 'exec sponsor', 'executive']],
  ['champion', ['champion']],
  ['technical_buyer', ['technical buyer', 'technical evaluator', 'evaluator', 'technical decision maker']],
  ['influencer', ['influencer']],
  ['blocker', ['blocker', 'detractor']],
  ['end_user', ['end user', 'user']],
];

/**
 * A contact role on a deal (Salesforce OpportunityContactRole.Role, HubSpot association label, or a Pillar
 * buying role) → buying role; null when it names none (e.g. "Other"), so the contact's own role applies.
 */
export function dealContactRole(role: string | null): BuyingRole | null {
  if (role === null) return null;
  const raw = role.trim().toLowerCase();
  if ((BUYING_ROLES as readonly string[]).includes(raw) && raw !== 'unknown') return raw as BuyingRole;
  const v = raw.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  for (const [buyingRole, names] of ROLE_NAMES) if (names.includes(v)) return buyingRole;
  return null;
}

export function mapOpportunityContact(row: OpportunityContactRow): OpportunityContactInput {
  return { contactId: row.contact_id, role: dealContactRole(row.role) };
}

/** The stored forecast category (Pillar's key; a native Salesforce or HubSpot value is accepted too). */
export function pillarForecastCategory(value: string | null): ForecastCategory | null {
  if (value === null || value.trim() === '') return null;
  const key = forecastCategorySchema.safeParse(value.trim().toUpperCase());
  if (key.success) return key.data;
  return forecastCategoryFromSalesforce(value) ?? forecastCategoryFromHubSpot(value);
}

const TO_ENGINE: Readonly<Record<ForecastCategory, ForecastCategoryInput>> = {
  WON: 'closed',
  COMMIT: 'commit',
  PROBABLE: 'best_case',
  UPSIDE: 'pipeline',
  PROJECTION: 'omitted',
};

export function forecastCategoryInput(value: string | null): ForecastCategoryInput | null {
  const key = pillarForecastCategory(value);
  return key === null ? null : TO_ENGINE[key];
}

export interface OpportunityMappingContext {
  readonly shape: TenantShape;
  /** Contact roles on the deal; null when the tenant syncs none. */
  readonly contacts: readonly OpportunityContactInput[] | null;
  /** When the deal's first stage-history row was recorded, if any. */
  readonly firstStageMs: number | null;
  readonly now: Date;
}

/**
 * The deal's creation instant: the CRM's, else its first stage change, else when it was engaged, else
 * when Pillar first stored it (a lower bound of its age, never later than `now`).
 */
export function opportunityCreatedMs(row: Pick<OpportunityRow, 'crm_created_ms' | 'engaged_ms' | 'ingested_ms'>, firstStageMs: number | null, nowMs: number): number {
  return row.crm_created_ms ?? firstStageMs ?? row.engaged_ms ?? Math.min(row.ingested_ms, nowMs);
}

export function mapOpportunity(row: OpportunityRow, ctx: OpportunityMappingContext): OpportunityInput {
  const { shape } = ctx;
  return {
    id: row.id,
    accountId: row.account_id ?? '',
    name: row.name,
    ownerId: row.owner_id,
    stage: row.stage,
    stageOrder: row.stage_order ?? shape.stageOrders.get(stageKey(row.stage)) ?? null,
    isClosed: row.is_closed,
    isWon: row.is_closed && row.is_won,
    amount: row.amount,
    // The mirror keeps probability as 0–1; the engine reads percent.
    probability: row.probability === null ? null : Math.round(Math.min(1, Math.max(0, row.probability)) * 10_000) / 100,
    forecastCategory: forecastCategoryInput(row.forecast_category),
    closeDate: dayToDate(row.close_date),
    createdAt: new Date(opportunityCreatedMs(row, ctx.firstStageMs, ctx.now.getTime())),
    closedAt: row.closed_ms === null ? null : new Date(row.closed_ms),
    nextStep: row.next_step,
    pushCount: shape.pushCounts ? row.close_date_pushes : null,
    competitors: shape.competitorField ? splitCompetitors(row.competitor) : null,
    discountPct: null,
    contacts: ctx.contacts,
  };
}
