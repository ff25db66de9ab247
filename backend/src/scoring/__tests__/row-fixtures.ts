import type {
  AccountRow,
  ActivityRow,
  ContactRow,
  OpportunityContactRow,
  OpportunityRow,
  RenewalRow,
  StageHistoryRow,
  TenantShapeRow,
} from '../../db/queries/scoring-inputs';
import { mapTenantShape, type TenantShape } from '../tenant-shape';

/** Rows as the scoring loaders return them, with neutral defaults, for the mapping tests. */
export const NOW = new Date('2025-06-02T09:00:00.000Z');
export const DAY = 86_400_000;
export const daysAgo = (d: number): number => NOW.getTime() - d * DAY;

export function accountRow(o: Partial<AccountRow> = {}): AccountRow {
  return {
    id: 'a1',
    name: 'Acme',
    owner_id: null,
    arr: null,
    segment: null,
    tier: null,
    employees: null,
    annual_revenue: null,
    industry: null,
    nps_score: null,
    support_escalation_pct: null,
    adoption_pct: null,
    usage_trend_pct: null,
    late_payments: null,
    attributes: {},
    ...o,
  };
}

export function contactRow(o: Partial<ContactRow> = {}): ContactRow {
  return { id: 'c1', account_id: 'a1', title: null, buying_role: 'unknown', is_champion: false, is_exec_sponsor: false, status: 'ACTIVE', engagement_score: null, last_engaged_ms: null, ...o };
}

export function opportunityRow(o: Partial<OpportunityRow> = {}): OpportunityRow {
  return {
    id: 'o1',
    account_id: 'a1',
    owner_id: null,
    name: 'Deal',
    stage: 'Discovery',
    stage_order: null,
    is_closed: false,
    is_won: false,
    amount: 10_000,
    probability: null,
    forecast_category: null,
    close_date: '2025-07-01',
    next_step: null,
    competitor: null,
    close_date_pushes: 0,
    crm_created_ms: daysAgo(30),
    engaged_ms: null,
    closed_ms: null,
    ingested_ms: daysAgo(1),
    ...o,
  };
}

export function opportunityContactRow(o: Partial<OpportunityContactRow> = {}): OpportunityContactRow {
  return { opportunity_id: 'o1', contact_id: 'c1', role: null, ...o };
}

export function stageRow(o: Partial<StageHistoryRow> = {}): StageHistoryRow {
  return { opportunity_id: 'o1', to_stage: 'Discovery', close_date: null, changed_ms: daysAgo(20), ...o };
}

export function renewalRow(o: Partial<RenewalRow> = {}): RenewalRow {
  return { id: 'r1', account_id: 'a1', renewal_date: '2025-09-01', arr: 50_000, disposition: 'NOT_YET_DUE', contracting_started_ms: null, ...o };
}

export function activityRow(o: Partial<ActivityRow> = {}): ActivityRow {
  return { id: 'act1', account_id: 'a1', opportunity_id: null, contact_id: null, type: 'email', direction: 'outbound', occurred_ms: daysAgo(3), subject: null, ...o };
}

/** A tenant that syncs everything (override fields to switch objects off). */
export function shape(o: Partial<TenantShapeRow> = {}): TenantShape {
  return mapTenantShape({
    has_opportunities: true,
    has_contacts: true,
    has_opportunity_contacts: true,
    has_stage_history: true,
    has_close_date_history: true,
    has_push_counts: true,
    has_competitor_field: true,
    has_activities: true,
    has_renewals: true,
    has_leads: true,
    competitors: [],
    stage_orders: [],
    ...o,
  });
}
