import { sql, type SQL } from 'drizzle-orm';
import type { TenantTx } from '../database';
import type { StoredAccountScore, StoredOpportunityScore } from '../stored-scores';

/**
 * Bulk writes of computed scores: account_scores, opportunity_scores and score_history. Each batch is ONE
 * statement whose rows travel as one jsonb parameter unpacked by jsonb_to_recordset (no bind-parameter
 * limit, one round trip; parsed once as jsonb, which measured ~30% faster than json_to_recordset for
 * rows carrying large driver lists), upserted on the table's key. Run inside withOrg: org_id is the transaction's
 * tenant (pillar_current_org()), and row-level security refuses any other.
 */

export type ScoreExecutor = Pick<TenantTx, 'execute'>;

/** Rows per statement. */
export const SCORE_BATCH_SIZE = 1000;

export interface AccountScoreWrite {
  accountId: string;
  score: StoredAccountScore;
}

export interface OpportunityScoreWrite {
  opportunityId: string;
  score: StoredOpportunityScore;
}

export interface ScorePointWrite {
  accountId: string;
  day: string;
  healthScore: number;
  renewalRisk: number | null;
  categoryScores: Record<string, number | null>;
}

function batches<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function writeBatches<T>(tx: ScoreExecutor, rows: readonly T[], toJson: (row: T) => unknown, statement: (payload: string) => SQL): Promise<number> {
  let written = 0;
  for (const batch of batches(rows, SCORE_BATCH_SIZE)) {
    const result = await tx.execute(statement(JSON.stringify(batch.map(toJson))));
    written += result.rowCount ?? batch.length;
  }
  return written;
}

export async function upsertAccountScores(tx: ScoreExecutor, rows: readonly AccountScoreWrite[]): Promise<number> {
  return writeBatches(
    tx,
    rows,
    ({ accountId, score: s }) => ({
      account_id: accountId,
      health_score: s.healthScore,
      band: s.band,
      category_scores: s.categoryScores,
      renewal_risk: s.renewalRisk,
      renewal_band: s.renewalBand,
      priority_score: s.priorityScore,
      trend_7d: s.trend7d,
      trend_30d: s.trend30d,
      drivers: s.drivers,
      detail: s.detail,
      data_sufficiency: s.dataSufficiency,
      profile_version: s.profileVersion,
      scored_at: s.scoredAt.toISOString(),
    }),
    (payload) => sql`
    insert into account_scores as t (org_id, account_id, health_score, band, category_scores, renewal_risk, renewal_band, priority_score,
      trend_7d, trend_30d, drivers, detail, data_sufficiency, profile_version, scored_at)
    select pillar_current_org(), r.account_id, r.health_score, r.band, r.category_scores, r.renewal_risk, r.renewal_band, r.priority_score,
      r.trend_7d, r.trend_30d, r.drivers, r.detail, r.data_sufficiency, r.profile_version, r.scored_at
    from jsonb_to_recordset(${payload}::jsonb) as r(account_id uuid, health_score real, band text, category_scores jsonb, renewal_risk real,
      renewal_band text, priority_score real, trend_7d real, trend_30d real, drivers jsonb, detail jsonb, data_sufficiency real,
      profile_version integer, scored_at timestamptz)
    on conflict (org_id, account_id) do update set
      health_score = excluded.health_score, band = excluded.band, category_scores = excluded.category_scores,
      renewal_risk = excluded.renewal_risk, renewal_band = excluded.renewal_band, priority_score = excluded.priority_score,
      trend_7d = excluded.trend_7d, trend_30d = excluded.trend_30d, drivers = excluded.drivers, detail = excluded.detail,
      data_sufficiency = excluded.data_sufficiency, profile_version = excluded.profile_version, scored_at = excluded.scored_at`,
  );
}

/** Removes the scores of accounts that can no longer be scored, so no stale score outlives its data. */
export async function deleteAccountScores(tx: ScoreExecutor, accountIds: readonly string[]): Promise<number> {
  if (accountIds.length === 0) return 0;
  const result = await tx.execute(sql`delete from account_scores where account_id = any(${sql.param([...accountIds])}::uuid[])`);
  return result.rowCount ?? 0;
}

/**
 * Removes the scores of accounts and deals deleted in the CRM since they were scored (a full rescore
 * ends with this, so a deleted record's card never shows a score). Returns the rows removed.
 */
export async function deleteScoresOfDeletedRecords(tx: ScoreExecutor): Promise<{ accounts: number; deals: number }> {
  const accounts = await tx.execute(sql`delete from account_scores s using accounts a where a.id = s.account_id and a.deleted_at is not null`);
  const deals = await tx.execute(sql`delete from opportunity_scores s using opportunities o where o.id = s.opportunity_id and o.deleted_at is not null`);
  return { accounts: accounts.rowCount ?? 0, deals: deals.rowCount ?? 0 };
}

export async function upsertOpportunityScores(tx: ScoreExecutor, rows: readonly OpportunityScoreWrite[]): Promise<number> {
  return writeBatches(
    tx,
    rows,
    ({ opportunityId, score: s }) => ({
      opportunity_id: opportunityId,
      deal_risk: s.dealRisk,
      deal_risk_band: s.dealRiskBand,
      hygiene: s.hygiene,
      confidence: s.confidence,
      win_probability: s.winProbability,
      win_probability_source: s.winProbabilitySource,
      forecast_category: s.forecastCategory,
      drivers: s.drivers,
      next_action: s.nextAction,
      detail: s.detail,
      profile_version: s.profileVersion,
      model_version: s.modelVersion,
      scored_at: s.scoredAt.toISOString(),
    }),
    (payload) => sql`
    insert into opportunity_scores as t (org_id, opportunity_id, deal_risk, deal_risk_band, hygiene, confidence, win_probability,
      win_probability_source, forecast_category, drivers, next_action, detail, profile_version, model_version, scored_at)
    select pillar_current_org(), r.opportunity_id, r.deal_risk, r.deal_risk_band, r.hygiene, r.confidence, r.win_probability,
      r.win_probability_source, r.forecast_category, r.drivers, r.next_action, r.detail, r.profile_version, r.model_version, r.scored_at
    from jsonb_to_recordset(${payload}::jsonb) as r(opportunity_id uuid, deal_risk real, deal_risk_band text, hygiene real, confidence real,
      win_probability real, win_probability_source text, forecast_category text, drivers jsonb, next_action jsonb, detail jsonb,
      profile_version integer, model_version text, scored_at timestamptz)
    on conflict (org_id, opportunity_id) do update set
      deal_risk = excluded.deal_risk, deal_risk_band = excluded.deal_risk_band, hygiene = excluded.hygiene, confidence = excluded.confidence,
      win_probability = excluded.win_probability, win_probability_source = excluded.win_probability_source,
      forecast_category = excluded.forecast_category, drivers = excluded.drivers, next_action = excluded.next_action,
      detail = excluded.detail, profile_version = excluded.profile_version, model_version = excluded.model_version,
      scored_at = excluded.scored_at`,
  );
}

/** One point per account per day: a second run on the same day replaces that day's point. */
export async function upsertScorePoints(tx: ScoreExecutor, rows: readonly ScorePointWrite[]): Promise<number> {
  return writeBatches(
    tx,
    rows,
    (p) => ({ account_id: p.accountId, day: p.day, health_score: p.healthScore, renewal_risk: p.renewalRisk, category_scores: p.categoryScores }),
    (payload) => sql`
    insert into score_history as t (org_id, account_id, day, health_score, renewal_risk, category_scores)
    select pillar_current_org(), r.account_id, r.day, r.health_score, r.renewal_risk, r.category_scores
    from jsonb_to_recordset(${payload}::jsonb) as r(account_id uuid, day date, health_score real, renewal_risk real, category_scores jsonb)
    on conflict (org_id, account_id, day) do update set
      health_score = excluded.health_score, renewal_risk = excluded.renewal_risk, category_scores = excluded.category_scores`,
  );
}
