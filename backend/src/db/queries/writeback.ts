import { eq, and, sql } from 'drizzle-orm';
import { OPEN_SIGNAL_STATES } from '@pillar/shared';
import type { MirrorSource } from '../../crm/mirror/rows';
import type { TenantTx } from '../database';
import { writebackState } from '../schema';

/**
 * Write-back inputs and state: the stored scores of live mirrored records, and writeback_state (what was
 * last written to each CRM record, and what failed and waits for a retry). Run inside withOrg.
 */

/** Account scores of live accounts from `source`, with their open-signal count. Shapes are checked by the caller. */
export async function loadAccountWritebackRows(tx: TenantTx, source: MirrorSource): Promise<Record<string, unknown>[]> {
  const open = sql.join(
    OPEN_SIGNAL_STATES.map((s) => sql`${s}`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    WITH open_signals AS (
      SELECT g.account_id, count(*)::int AS n FROM signals g
      WHERE g.org_id = pillar_current_org() AND g.account_id IS NOT NULL AND g.state IN (${open})
      GROUP BY g.account_id
    )
    SELECT a.external_id AS "externalId", s.health_score AS "healthScore", s.band, s.category_scores AS "categoryScores",
      s.renewal_risk AS "renewalRisk", s.renewal_band AS "renewalBand", s.priority_score AS "priorityScore", s.trend_30d AS "trend30d",
      s.drivers, s.data_sufficiency AS "dataSufficiency", s.scored_at AS "scoredAt", coalesce(o.n, 0) AS "openSignals"
    FROM account_scores s
    JOIN accounts a ON a.id = s.account_id AND a.org_id = s.org_id
    LEFT JOIN open_signals o ON o.account_id = s.account_id
    WHERE s.org_id = pillar_current_org() AND a.source = ${source} AND a.deleted_at IS NULL
    ORDER BY a.external_id`);
  return result.rows as Record<string, unknown>[];
}

/** Opportunity scores of live opportunities from `source`. */
export async function loadOpportunityWritebackRows(tx: TenantTx, source: MirrorSource): Promise<Record<string, unknown>[]> {
  const result = await tx.execute(sql`
    SELECT o.external_id AS "externalId", s.win_probability AS "winProbability", s.deal_risk AS "dealRisk", s.deal_risk_band AS "dealRiskBand",
      s.forecast_category AS "forecastCategory", s.hygiene, s.confidence, s.drivers, s.next_action AS "nextAction", s.scored_at AS "scoredAt"
    FROM opportunity_scores s
    JOIN opportunities o ON o.id = s.opportunity_id AND o.org_id = s.org_id
    WHERE s.org_id = pillar_current_org() AND o.source = ${source} AND o.deleted_at IS NULL
    ORDER BY o.external_id`);
  return result.rows as Record<string, unknown>[];
}

export interface WritebackStateRow {
  externalId: string;
  written: Record<string, unknown>;
  pending: Record<string, unknown> | null;
  attempts: number;
  lastError: string | null;
  writtenAt: Date | null;
}

export async function loadWritebackState(tx: TenantTx, provider: string, object: string): Promise<Map<string, WritebackStateRow>> {
  const rows = await tx
    .select({
      externalId: writebackState.externalId,
      written: writebackState.written,
      pending: writebackState.pending,
      attempts: writebackState.attempts,
      lastError: writebackState.lastError,
      writtenAt: writebackState.writtenAt,
    })
    .from(writebackState)
    .where(and(eq(writebackState.provider, provider), eq(writebackState.object, object)));
  return new Map(rows.map((r) => [r.externalId, r]));
}

export type WriteOutcomeRow =
  | { externalId: string; ok: true; fields: Record<string, unknown> }
  /** attempted false: the call carrying the record never went out (the run stopped); attempts do not grow. */
  | { externalId: string; ok: false; fields: Record<string, unknown>; attempted: boolean; error: string };

/**
 * Records what a write did, in one statement per 1,000 records: a success merges the sent values into
 * `written` and clears `pending`; a failure keeps the values in `pending`, counts the attempt and keeps the
 * error. Nothing that failed is ever dropped.
 */
export async function saveWriteOutcomes(tx: TenantTx, input: { provider: string; object: string; outcomes: readonly WriteOutcomeRow[]; at: Date }): Promise<void> {
  for (let i = 0; i < input.outcomes.length; i += 1000) {
    const payload = JSON.stringify(
      input.outcomes.slice(i, i + 1000).map((o) =>
        o.ok
          ? { id: o.externalId, written: o.fields, pending: null, attempts: 0, error: null }
          : { id: o.externalId, written: {}, pending: o.fields, attempts: o.attempted ? 1 : 0, error: o.error },
      ),
    );
    await tx.execute(sql`
      INSERT INTO writeback_state AS w (org_id, provider, object, external_id, written, pending, attempts, last_error, written_at)
      SELECT pillar_current_org(), ${input.provider}, ${input.object}, i.id, i.written, nullif(i.pending, 'null'::jsonb), i.attempts, i.error,
        CASE WHEN nullif(i.pending, 'null'::jsonb) IS NULL THEN ${input.at.toISOString()}::timestamptz END
      FROM json_to_recordset(${payload}::json) AS i(id text, written jsonb, pending jsonb, attempts int, error text)
      ON CONFLICT (org_id, provider, object, external_id) DO UPDATE SET
        written = CASE WHEN excluded.pending IS NULL THEN w.written || excluded.written ELSE w.written END,
        pending = excluded.pending,
        attempts = CASE WHEN excluded.pending IS NULL THEN 0 ELSE w.attempts + excluded.attempts END,
        last_error = excluded.last_error,
        written_at = coalesce(excluded.written_at, w.written_at)`);
  }
}

/** Pending values that are no longer wanted (the desired values equal what is written). */
export async function clearPending(tx: TenantTx, input: { provider: string; object: string; externalIds: readonly string[] }): Promise<void> {
  if (input.externalIds.length === 0) return;
  await tx.execute(sql`
    UPDATE writeback_state SET pending = NULL, attempts = 0, last_error = NULL
    WHERE org_id = pillar_current_org() AND provider = ${input.provider} AND object = ${input.object}
      AND external_id = ANY(${sql.param([...input.externalIds])}::text[])`);
}
