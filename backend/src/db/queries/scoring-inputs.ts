import { sql, type SQL } from 'drizzle-orm';
import type { TenantTx } from '../database';

/**
 * Bulk loads of everything scoring reads, per tenant, inside withOrg (row-level security supplies the
 * tenant). Few queries, each bounded: accounts are read in id order a chunk at a time (keyset), and each
 * chunk's children come in one query per table with `= any($1)`. Instants travel as epoch milliseconds
 * (float8) and dates as 'YYYY-MM-DD' text, so no timezone-dependent parsing happens on the way; money
 * (numeric) as float8; real columns as they are (a real widened to float8 would show 2.2 as 2.2000000477).
 * Rows are plain snake_case records; backend/src/scoring/map-*.ts turn them into engine inputs.
 *
 * Deleted CRM records (deleted_at set) are never loaded.
 */

export type ScoringExecutor = Pick<TenantTx, 'execute'>;

const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

async function rows<R>(tx: ScoringExecutor, query: SQL): Promise<R[]> {
  const result = await tx.execute(query);
  return result.rows as R[];
}

// ---- tenant shape ------------------------------------------------------------------------------------

/** Which CRM objects this tenant syncs at all, and tenant-wide vocabularies the mappings need. */
export interface TenantShapeRow {
  has_opportunities: boolean;
  has_contacts: boolean;
  has_opportunity_contacts: boolean;
  has_stage_history: boolean;
  /** Some deal has two or more stage-history rows with a close date, so a change of close date could show. */
  has_close_date_history: boolean;
  has_push_counts: boolean;
  has_competitor_field: boolean;
  has_activities: boolean;
  has_renewals: boolean;
  has_leads: boolean;
  /** Distinct values of opportunities.competitor (may hold several names separated by ; or ,). */
  competitors: string[];
  /** Each stage name with its picklist order (the most common order among the tenant's deals). */
  stage_orders: { stage: string; order: number | null }[];
}

export async function loadTenantShape(tx: ScoringExecutor): Promise<TenantShapeRow> {
  const [row] = await rows<TenantShapeRow>(
    tx,
    sql`
    with stages as (
      select stage,
        mode() within group (order by stage_order) as stage_order,
        bool_or(close_date_pushes > 0) as pushed,
        array_remove(array_agg(distinct competitor), null) as competitors
      from opportunities
      where deleted_at is null
      group by stage
    )
    select
      exists (select 1 from stages) as has_opportunities,
      exists (select 1 from contacts where deleted_at is null) as has_contacts,
      exists (select 1 from opportunity_contacts) as has_opportunity_contacts,
      exists (select 1 from stage_history) as has_stage_history,
      exists (
        select 1 from stage_history a
        where a.close_date is not null
          and exists (select 1 from stage_history b where b.opportunity_id = a.opportunity_id and b.close_date is not null and b.id <> a.id)
      ) as has_close_date_history,
      coalesce((select bool_or(pushed) from stages), false) as has_push_counts,
      coalesce((select bool_or(cardinality(competitors) > 0) from stages), false) as has_competitor_field,
      exists (select 1 from activities) as has_activities,
      exists (select 1 from renewals) as has_renewals,
      exists (select 1 from leads) as has_leads,
      coalesce((select array_agg(distinct c) from stages, unnest(competitors) c), '{}') as competitors,
      coalesce((select json_agg(json_build_object('stage', stage, 'order', stage_order) order by stage) from stages), '[]'::json) as stage_orders`,
  );
  return row!;
}

// ---- accounts ----------------------------------------------------------------------------------------

export interface AccountRow {
  id: string;
  name: string;
  owner_id: string | null;
  arr: number | null;
  segment: string | null;
  tier: number | null;
  employees: number | null;
  annual_revenue: number | null;
  industry: string | null;
  nps_score: number | null;
  support_escalation_pct: number | null;
  adoption_pct: number | null;
  usage_trend_pct: number | null;
  late_payments: number | null;
  attributes: Record<string, unknown>;
}

/**
 * The next `limit` live accounts after `afterId` in id order (keyset paging), optionally restricted to
 * `onlyIds`.
 */
export async function loadAccountPage(
  tx: ScoringExecutor,
  page: { afterId: string | null; limit: number; onlyIds?: readonly string[] },
): Promise<AccountRow[]> {
  return rows<AccountRow>(
    tx,
    sql`
    select id, name, owner_id, arr::float8 as arr, segment, tier, employees, annual_revenue::float8 as annual_revenue, industry,
      nps_score, support_escalation_pct, adoption_pct, usage_trend_pct, late_payments, attributes
    from accounts
    where deleted_at is null
      ${page.afterId === null ? sql`` : sql`and id > ${page.afterId}::uuid`}
      ${page.onlyIds === undefined ? sql`` : sql`and id = any(${sql.param([...page.onlyIds])}::uuid[])`}
    order by id
    limit ${page.limit}`,
  );
}

/** ARR of every live account (for the tenant's ARR quantiles). */
export async function loadAccountArr(tx: ScoringExecutor): Promise<(number | null)[]> {
  const result = await rows<{ arr: number | null }>(tx, sql`select arr::float8 as arr from accounts where deleted_at is null and arr is not null`);
  return result.map((r) => r.arr);
}

// ---- children of a chunk of accounts -----------------------------------------------------------------

export interface ContactRow {
  id: string;
  account_id: string;
  title: string | null;
  buying_role: string;
  is_champion: boolean;
  is_exec_sponsor: boolean;
  status: string;
  engagement_score: number | null;
  last_engaged_ms: number | null;
}

export async function loadContacts(tx: ScoringExecutor, accountIds: readonly string[]): Promise<ContactRow[]> {
  return rows<ContactRow>(
    tx,
    sql`
    select id, account_id, title, buying_role, is_champion, is_exec_sponsor, status, engagement_score,
      ${ms('last_engaged_at')} as last_engaged_ms
    from contacts
    where deleted_at is null and account_id = any(${sql.param([...accountIds])}::uuid[])
    order by account_id, id`,
  );
}

export interface OpportunityRow {
  id: string;
  account_id: string | null;
  owner_id: string | null;
  name: string;
  stage: string;
  stage_order: number | null;
  is_closed: boolean;
  is_won: boolean;
  amount: number | null;
  /** 0–1 in the mirror. */
  probability: number | null;
  forecast_category: string | null;
  close_date: string | null;
  next_step: string | null;
  competitor: string | null;
  close_date_pushes: number;
  crm_created_ms: number | null;
  engaged_ms: number | null;
  closed_ms: number | null;
  /** When Pillar first stored the deal (a lower bound of its age when the CRM gives no creation date). */
  ingested_ms: number;
}

const opportunityColumns = sql`
  id, account_id, owner_id, name, stage, stage_order, is_closed, is_won, amount::float8 as amount, probability,
  forecast_category, close_date::text as close_date, next_step, competitor, close_date_pushes,
  ${ms('crm_created_at')} as crm_created_ms, ${ms('engaged_at')} as engaged_ms, ${ms('closed_at')} as closed_ms, ${ms('created_at')} as ingested_ms`;

export async function loadOpportunities(tx: ScoringExecutor, accountIds: readonly string[]): Promise<OpportunityRow[]> {
  return rows<OpportunityRow>(
    tx,
    sql`select ${opportunityColumns} from opportunities
    where deleted_at is null and account_id = any(${sql.param([...accountIds])}::uuid[])
    order by account_id, id`,
  );
}

/** Deals with no account (e.g. open Maven deals), a page at a time in id order. */
export async function loadOrphanOpportunityPage(tx: ScoringExecutor, page: { afterId: string | null; limit: number }): Promise<OpportunityRow[]> {
  return rows<OpportunityRow>(
    tx,
    sql`select ${opportunityColumns} from opportunities
    where deleted_at is null and account_id is null
      ${page.afterId === null ? sql`` : sql`and id > ${page.afterId}::uuid`}
    order by id
    limit ${page.limit}`,
  );
}

/**
 * Every live deal of the tenant, a page at a time in id order, with only what tenant benchmarks read
 * (stage, amount, outcome, dates): the heavy text columns come back empty.
 */
export async function loadBenchmarkOpportunityPage(tx: ScoringExecutor, page: { afterId: string | null; limit: number }): Promise<OpportunityRow[]> {
  return rows<OpportunityRow>(
    tx,
    sql`
    select id, null::uuid as account_id, null::uuid as owner_id, '' as name, stage, stage_order, is_closed, is_won, amount::float8 as amount,
      null::real as probability, null::text as forecast_category, close_date::text as close_date, null::text as next_step,
      null::text as competitor, close_date_pushes, ${ms('crm_created_at')} as crm_created_ms, ${ms('engaged_at')} as engaged_ms,
      ${ms('closed_at')} as closed_ms, ${ms('created_at')} as ingested_ms
    from opportunities
    where deleted_at is null
      ${page.afterId === null ? sql`` : sql`and id > ${page.afterId}::uuid`}
    order by id
    limit ${page.limit}`,
  );
}

export interface OpportunityContactRow {
  opportunity_id: string;
  contact_id: string;
  role: string | null;
}

export async function loadOpportunityContacts(tx: ScoringExecutor, opportunityIds: readonly string[]): Promise<OpportunityContactRow[]> {
  return rows<OpportunityContactRow>(
    tx,
    sql`
    select oc.opportunity_id, oc.contact_id, oc.role
    from opportunity_contacts oc
    -- One primary-key probe per role (LIMIT 1 keeps the planner from hashing every contact of the tenant).
    cross join lateral (select 1 from contacts c where c.id = oc.contact_id and c.deleted_at is null limit 1) live
    where oc.opportunity_id = any(${sql.param([...opportunityIds])}::uuid[])
    order by oc.opportunity_id, oc.is_primary desc, oc.contact_id`,
  );
}

export interface StageHistoryRow {
  opportunity_id: string;
  to_stage: string;
  close_date: string | null;
  changed_ms: number;
}

/** Stage history of the given deals, each deal's rows in time order. */
export async function loadStageHistory(tx: ScoringExecutor, opportunityIds: readonly string[]): Promise<StageHistoryRow[]> {
  return rows<StageHistoryRow>(
    tx,
    sql`
    select opportunity_id, to_stage, close_date::text as close_date, ${ms('changed_at')} as changed_ms
    from stage_history
    where opportunity_id = any(${sql.param([...opportunityIds])}::uuid[])
    order by opportunity_id, changed_at, id`,
  );
}

export interface RenewalRow {
  id: string;
  account_id: string;
  renewal_date: string;
  arr: number;
  disposition: string;
  contracting_started_ms: number | null;
}

export async function loadRenewals(tx: ScoringExecutor, accountIds: readonly string[]): Promise<RenewalRow[]> {
  return rows<RenewalRow>(
    tx,
    sql`
    select id, account_id, renewal_date::text as renewal_date, arr::float8 as arr, disposition, ${ms('contracting_started_at')} as contracting_started_ms
    from renewals
    where account_id = any(${sql.param([...accountIds])}::uuid[])
    order by account_id, renewal_date, id`,
  );
}

export interface ActivityRow {
  id: string;
  account_id: string | null;
  opportunity_id: string | null;
  contact_id: string | null;
  type: string;
  direction: string;
  occurred_ms: number;
  /** Only loaded when the tenant tracks competitor names (subjects are scanned for them), else null. */
  subject: string | null;
}

function activityColumns(withSubjects: boolean): SQL {
  return sql`id, account_id, opportunity_id, contact_id, type, direction, ${ms('occurred_at')} as occurred_ms, ${withSubjects ? sql`subject` : sql`null::text as subject`}`;
}

/** Activities of the given accounts, each account's in time order (the order of the account/time index). */
export async function loadActivities(tx: ScoringExecutor, accountIds: readonly string[], options: { withSubjects: boolean }): Promise<ActivityRow[]> {
  return rows<ActivityRow>(
    tx,
    sql`select ${activityColumns(options.withSubjects)} from activities
    where account_id = any(${sql.param([...accountIds])}::uuid[])
    order by account_id, occurred_at, id`,
  );
}

/** Activities logged on the given deals in time order (for deals without an account). */
export async function loadDealActivities(tx: ScoringExecutor, opportunityIds: readonly string[], options: { withSubjects: boolean }): Promise<ActivityRow[]> {
  return rows<ActivityRow>(
    tx,
    sql`select ${activityColumns(options.withSubjects)} from activities
    where opportunity_id = any(${sql.param([...opportunityIds])}::uuid[])
    order by occurred_at, id`,
  );
}

export interface LeadRow {
  id: string;
  account_id: string;
  mql_ms: number | null;
}

export async function loadLeads(tx: ScoringExecutor, accountIds: readonly string[]): Promise<LeadRow[]> {
  return rows<LeadRow>(
    tx,
    sql`select id, account_id, ${ms('mql_at')} as mql_ms from leads where account_id = any(${sql.param([...accountIds])}::uuid[]) order by account_id, id`,
  );
}

export interface HealthPointRow {
  account_id: string;
  day: string;
  health_score: number;
}

/** Daily health points of the given accounts with fromDay ≤ day < toDay (score_history). */
export async function loadHealthPoints(tx: ScoringExecutor, accountIds: readonly string[], range: { fromDay: string; toDay: string }): Promise<HealthPointRow[]> {
  return rows<HealthPointRow>(
    tx,
    sql`
    select account_id, day::text as day, health_score
    from score_history
    where account_id = any(${sql.param([...accountIds])}::uuid[]) and day >= ${range.fromDay}::date and day < ${range.toDay}::date
    order by account_id, day`,
  );
}

// ---- scoring profile and cached benchmarks -------------------------------------------------------------

/** The tenant's active scoring profile JSON with its version, or null (the defaults apply). */
export async function loadActiveProfile(tx: ScoringExecutor): Promise<{ version: number; profile: Record<string, unknown> } | null> {
  const [row] = await rows<{ version: number; profile: Record<string, unknown> }>(
    tx,
    sql`select version, profile from scoring_profiles where active order by version desc limit 1`,
  );
  return row ?? null;
}

export const TENANT_BENCHMARKS_KIND = 'tenant_benchmarks';

/** The tenant benchmarks cached by the last full rescore (JSON as stored), with when they were computed. */
export async function loadCachedBenchmarks(tx: ScoringExecutor): Promise<{ value: unknown; computedAt: Date } | null> {
  const [row] = await rows<{ value: unknown; computed_ms: number }>(
    tx,
    sql`select value, ${ms('computed_at')} as computed_ms from benchmarks_cached where kind = ${TENANT_BENCHMARKS_KIND} and key = 'all'`,
  );
  return row ? { value: row.value, computedAt: new Date(row.computed_ms) } : null;
}

export async function saveCachedBenchmarks(tx: ScoringExecutor, value: unknown, computedAt: Date): Promise<void> {
  await tx.execute(sql`
    insert into benchmarks_cached (org_id, kind, key, value, computed_at)
    values (pillar_current_org(), ${TENANT_BENCHMARKS_KIND}, 'all', ${JSON.stringify(value)}::jsonb, ${computedAt.toISOString()}::timestamptz)
    on conflict (org_id, kind, key) do update set value = excluded.value, computed_at = excluded.computed_at`);
}
