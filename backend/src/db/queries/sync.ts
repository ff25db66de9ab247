import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { MirrorSource } from '../../crm/mirror/rows';
import type { TenantTx } from '../database';
import { crmFieldMappings, integrationLogs, syncCursors, syncRuns } from '../schema';

/**
 * The bookkeeping of CRM syncs: per-object cursors, runs and their logs, field-mapping overrides, and the few
 * mirror statements a sync needs beyond the upserts (hard deletes, derived buying roles, the stage before a
 * history batch). Run inside withOrg.
 */

export type SyncProvider = 'salesforce' | 'hubspot';
export type RunKind = 'pull' | 'full' | 'writeback';
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'paused';

// ---------------------------------------------------------------------------------------------------------
// Cursors

export interface SyncCursor {
  object: string;
  /** The newest modification stamp committed for this object. */
  watermark: Date | null;
  /** The id of the last record committed at the watermark (ties are ordered by id). */
  lastExternalId: string | null;
}

export async function loadCursors(tx: TenantTx, provider: SyncProvider): Promise<Map<string, SyncCursor>> {
  const rows = await tx
    .select({ object: syncCursors.object, watermark: syncCursors.watermark, lastExternalId: syncCursors.lastExternalId })
    .from(syncCursors)
    .where(eq(syncCursors.provider, provider));
  return new Map(rows.map((r) => [r.object, r]));
}

export async function saveCursor(tx: TenantTx, input: { provider: SyncProvider; object: string; watermark: Date; lastExternalId: string | null; at: Date }): Promise<void> {
  await tx
    .insert(syncCursors)
    .values({ orgId: sql`pillar_current_org()`, provider: input.provider, object: input.object, watermark: input.watermark, lastExternalId: input.lastExternalId, updatedAt: input.at })
    .onConflictDoUpdate({
      target: [syncCursors.orgId, syncCursors.provider, syncCursors.object],
      set: { watermark: input.watermark, lastExternalId: input.lastExternalId, updatedAt: input.at },
    });
}

export async function resetCursors(tx: TenantTx, provider: SyncProvider): Promise<void> {
  await tx.delete(syncCursors).where(eq(syncCursors.provider, provider));
}

// ---------------------------------------------------------------------------------------------------------
// Runs and logs

export interface RunRow {
  id: string;
  provider: string;
  kind: string;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  counts: Record<string, number>;
  apiCalls: number;
  error: string | null;
}

export async function startRun(tx: TenantTx, input: { provider: SyncProvider; kind: RunKind; at: Date }): Promise<string> {
  const [row] = await tx
    .insert(syncRuns)
    .values({ orgId: sql`pillar_current_org()`, provider: input.provider, kind: input.kind, status: 'running', startedAt: input.at })
    .returning({ id: syncRuns.id });
  return row!.id;
}

/**
 * Saves a running run's progress and proves it still owns the connection: false when the run was
 * abandoned (another process took the lease over), and the caller must stop.
 */
export async function checkpointRun(tx: TenantTx, runId: string, progress: { counts: Record<string, number>; apiCalls: number }): Promise<boolean> {
  const rows = await tx
    .update(syncRuns)
    .set({ counts: progress.counts, apiCalls: progress.apiCalls })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, 'running')))
    .returning({ id: syncRuns.id });
  return rows.length === 1;
}

export async function finishRun(
  tx: TenantTx,
  runId: string,
  result: { status: Exclude<RunStatus, 'running'>; counts: Record<string, number>; apiCalls: number; error: string | null; at: Date },
): Promise<void> {
  await tx
    .update(syncRuns)
    .set({ status: result.status, counts: result.counts, apiCalls: result.apiCalls, error: result.error, finishedAt: result.at })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, 'running')));
}

/** Marks the runs of a dead process failed (its lease expired and a new run takes over). */
export async function abandonRuns(tx: TenantTx, input: { provider: SyncProvider; reason: string; at: Date }): Promise<number> {
  const rows = await tx
    .update(syncRuns)
    .set({ status: 'failed', error: input.reason, finishedAt: input.at })
    .where(and(eq(syncRuns.provider, input.provider), eq(syncRuns.status, 'running')))
    .returning({ id: syncRuns.id });
  return rows.length;
}

export async function recentRuns(tx: TenantTx, provider: SyncProvider, limit: number): Promise<RunRow[]> {
  const rows = await tx.select().from(syncRuns).where(eq(syncRuns.provider, provider)).orderBy(desc(syncRuns.startedAt)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    kind: r.kind,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    counts: r.counts,
    apiCalls: r.apiCalls,
    error: r.error,
  }));
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  event: string;
  details: Record<string, unknown>;
  at: Date;
}

export async function appendLogs(tx: TenantTx, runId: string | null, entries: readonly LogEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    await tx.insert(integrationLogs).values(
      entries.slice(i, i + 1000).map((e) => ({ orgId: sql`pillar_current_org()`, runId, level: e.level, event: e.event, details: e.details, at: e.at })),
    );
  }
}

export interface LogRow {
  id: number;
  runId: string | null;
  level: 'info' | 'warn' | 'error';
  event: string;
  details: Record<string, unknown>;
  at: Date;
}

export async function runLogs(tx: TenantTx, runId: string, limit = 1000): Promise<LogRow[]> {
  return tx
    .select({ id: integrationLogs.id, runId: integrationLogs.runId, level: integrationLogs.level, event: integrationLogs.event, details: integrationLogs.details, at: integrationLogs.at })
    .from(integrationLogs)
    .where(eq(integrationLogs.runId, runId))
    .orderBy(integrationLogs.id)
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------------------
// Field mappings

export interface FieldMappingRow {
  object: string;
  pillarField: string;
  crmField: string;
  transform: unknown;
}

export async function loadFieldMappings(tx: TenantTx, provider: SyncProvider): Promise<FieldMappingRow[]> {
  return tx
    .select({ object: crmFieldMappings.object, pillarField: crmFieldMappings.pillarField, crmField: crmFieldMappings.crmField, transform: crmFieldMappings.transform })
    .from(crmFieldMappings)
    .where(eq(crmFieldMappings.provider, provider))
    .orderBy(crmFieldMappings.object, crmFieldMappings.pillarField);
}

// ---------------------------------------------------------------------------------------------------------
// Mirror statements beside the upserts

/** Mirror tables without a deleted_at column: a record deleted in the CRM is removed from them. */
export type HardDeleteTable = 'activities' | 'opportunity_contacts' | 'stage_history';

export async function deleteMirrorRows(tx: TenantTx, table: HardDeleteTable, source: MirrorSource, externalIds: readonly string[]): Promise<number> {
  if (externalIds.length === 0) return 0;
  const result = await tx.execute(
    sql`DELETE FROM ${sql.identifier(table)} WHERE org_id = pillar_current_org() AND source = ${source} AND external_id = ANY(${sql.param([...externalIds])}::text[])`,
  );
  return result.rowCount ?? 0;
}

/**
 * Contacts' buying role from the roles they play in deals (opportunity_contacts.role holds the Pillar
 * buying role): the strongest role across their live deals, plus the champion / executive-sponsor flags.
 * For the given contacts, or for every contact of `source`. Writes only contacts whose derived values differ.
 */
export const BUYING_ROLE_PRECEDENCE = ['champion', 'economic_buyer', 'exec_sponsor', 'technical_buyer', 'blocker', 'influencer', 'end_user'] as const;

export async function deriveContactBuyingRoles(tx: TenantTx, source: MirrorSource, contacts: readonly string[] | 'all'): Promise<number> {
  if (contacts !== 'all' && contacts.length === 0) return 0;
  const strongest = sql.join(
    BUYING_ROLE_PRECEDENCE.map((role) => sql`WHEN ${role} = ANY(r.roles) THEN ${role}`),
    sql` `,
  );
  const chosen = contacts === 'all' ? sql`` : sql`AND c.external_id = ANY(${sql.param([...new Set(contacts)])}::text[])`;
  // Plans that hold whatever the statistics say (a freshly loaded tenant has none, and opportunity_contacts
  // has no contact_id index): one pass over opportunity_contacts probing a jsonb set of the target contacts,
  // and the roles looked up in a jsonb map, never a join whose size the planner has to guess.
  const result = await tx.execute(sql`
    WITH target AS MATERIALIZED (
      SELECT c.id FROM contacts c WHERE c.org_id = pillar_current_org() AND c.source = ${source} ${chosen}
    ), target_set AS MATERIALIZED (
      SELECT coalesce(jsonb_object_agg(t.id::text, true), '{}'::jsonb) AS ids FROM target t
    ), roles AS MATERIALIZED (
      SELECT coalesce(jsonb_object_agg(x.contact_id::text, x.roles), '{}'::jsonb) AS by_contact FROM (
        SELECT oc.contact_id, jsonb_agg(oc.role) AS roles
        FROM opportunity_contacts oc
        WHERE oc.org_id = pillar_current_org() AND oc.role IS NOT NULL AND (SELECT ids FROM target_set) ? oc.contact_id::text
          AND EXISTS (SELECT 1 FROM opportunities o WHERE o.id = oc.opportunity_id AND o.deleted_at IS NULL)
        GROUP BY oc.contact_id
      ) x
    ), r AS (
      SELECT t.id, ARRAY(SELECT jsonb_array_elements_text(coalesce((SELECT by_contact FROM roles) -> t.id::text, '[]'::jsonb))) AS roles FROM target t
    ), derived AS MATERIALIZED (
      SELECT r.id, CASE ${strongest} ELSE 'unknown' END AS buying_role,
        'champion' = ANY(r.roles) AS is_champion, 'exec_sponsor' = ANY(r.roles) AS is_exec_sponsor
      FROM r
    )
    UPDATE contacts c SET buying_role = d.buying_role, is_champion = d.is_champion, is_exec_sponsor = d.is_exec_sponsor, updated_at = now()
    FROM derived d
    WHERE c.id = d.id AND (c.buying_role, c.is_champion, c.is_exec_sponsor) IS DISTINCT FROM (d.buying_role, d.is_champion, d.is_exec_sponsor)`);
  return result.rowCount ?? 0;
}

const stageRowSchema = z.object({ opportunity: z.string(), stage: z.string().nullable() });

/**
 * The Pillar stage each opportunity had before `before` (its latest stored stage change earlier than that
 * instant), or null when none is stored: the starting point of a stage-history batch.
 */
export async function stagesBefore(tx: TenantTx, source: MirrorSource, items: ReadonlyArray<{ opportunityExternalId: string; before: string }>): Promise<Map<string, string | null>> {
  if (items.length === 0) return new Map();
  const payload = JSON.stringify(items.map((i) => ({ opportunity: i.opportunityExternalId, before: i.before })));
  const result = await tx.execute(sql`
    SELECT i.opportunity, (
      SELECT h.to_stage FROM stage_history h
      JOIN opportunities o ON o.id = h.opportunity_id AND h.org_id = o.org_id
      WHERE o.org_id = pillar_current_org() AND o.source = ${source} AND o.external_id = i.opportunity
        AND h.changed_at < i.before
      ORDER BY h.changed_at DESC, h.external_id DESC LIMIT 1
    ) AS stage
    FROM json_to_recordset(${payload}::json) AS i(opportunity text, before timestamptz)`);
  return new Map(result.rows.map((r) => stageRowSchema.parse(r)).map((r) => [r.opportunity, r.stage]));
}
