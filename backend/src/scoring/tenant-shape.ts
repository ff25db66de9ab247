import type { TenantShapeRow } from '../db/queries/scoring-inputs';
import { stageKey } from '../engine';

/**
 * What a tenant syncs, read once per scoring run. An object the tenant never syncs is `null` in the engine
 * inputs ("unknown"); one it syncs but an account lacks is an empty list ("none"). The same holds for
 * fields: a CRM without a competitor field, or an import that never counts close-date pushes, leaves them
 * unknown instead of pretending every deal has none.
 */
export interface TenantShape {
  readonly opportunities: boolean;
  readonly contacts: boolean;
  readonly opportunityContacts: boolean;
  readonly stageHistory: boolean;
  /** Stage history carries close dates, so close-date changes can be derived from it. */
  readonly closeDateHistory: boolean;
  /** The CRM counts close-date pushes on the deal (some deal has a count above 0). */
  readonly pushCounts: boolean;
  /** Deals carry a competitor field (some deal names one). */
  readonly competitorField: boolean;
  readonly activities: boolean;
  readonly renewals: boolean;
  readonly leads: boolean;
  /** Competitor names the tenant tracks (from its deals' competitor field); activity subjects are scanned for them. */
  readonly competitorNames: readonly string[];
  /** Picklist order by stage key, for stage-history rows (which carry no order of their own). */
  readonly stageOrders: ReadonlyMap<string, number>;
}

/** "Acme; Globex, Initech" → ["Acme", "Globex", "Initech"]. */
export function splitCompetitors(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(/[;,|]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function mapTenantShape(row: TenantShapeRow): TenantShape {
  const names = new Set<string>();
  for (const value of row.competitors) for (const name of splitCompetitors(value)) names.add(name);
  const stageOrders = new Map<string, number>();
  for (const s of row.stage_orders) if (s.order !== null) stageOrders.set(stageKey(s.stage), s.order);
  return {
    opportunities: row.has_opportunities,
    contacts: row.has_contacts,
    opportunityContacts: row.has_opportunity_contacts,
    stageHistory: row.has_stage_history,
    closeDateHistory: row.has_close_date_history,
    pushCounts: row.has_push_counts,
    competitorField: row.has_competitor_field,
    activities: row.has_activities,
    renewals: row.has_renewals,
    leads: row.has_leads,
    competitorNames: [...names].sort(),
    stageOrders,
  };
}
