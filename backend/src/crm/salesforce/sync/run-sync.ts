// One incremental pull of a tenant's Salesforce org into the mirror.
//
// Per object, parents before children: SOQL `SystemModstamp > watermark − overlap AND SystemModstamp <= run
// start ORDER BY SystemModstamp, Id` (queryAll once a cursor exists, so deletions arrive as IsDeleted rows).
// Each page is one transaction: map, upsert (source_hash makes re-read rows no-ops), soft-delete or remove
// deleted records, log skips, advance the cursor to the page's last record, checkpoint the run. A crash
// loses at most the page in hand, and the next run re-reads from the committed cursor: no gap, no duplicate.
// The budget governor is asked before the run and before every further page.
import type { Logger } from 'pino';
import { emptyPullCounts, type ObjectPullCounts, type PullReport, type PullRequest } from '../../connector';
import type { ConnectionRow } from '../../../db/queries/connections';
import { touchConnection } from '../../../db/queries/connections';
import { appendLogs, checkpointRun, loadCursors, loadFieldMappings, resetCursors, saveCursor, type LogEntry, type SyncCursor } from '../../../db/queries/sync';
import { withOrg } from '../../../db/tenant';
import { incrementalSoql, type QueryPage, type SalesforceClient } from '../client';
import { SalesforceApiError, classifySalesforceError } from '../errors';
import { DEFAULT_GOVERNOR_POLICY, budgetDecision, type RunEnd } from '../governor';
import { mapOptionsFromOverrides, type SalesforceMapOptions } from './field-mappings';
import { OBJECT_SPECS, type ObjectSpec, type PageOutcome } from './objects';
import { LeaseLostError, beginRun, endRun, type ActiveRun, type RunContext } from './run-lease';

export interface SalesforceRunDeps extends RunContext {
  /** Opens an authorised client for the stored connection (credentials are unsealed by the caller's factory). */
  openClient(connection: ConnectionRow): Promise<SalesforceClient>;
  /** Re-read window before the watermark: Salesforce may commit a record stamped earlier after a later one. */
  overlapMs?: number;
  /** Records per query page (Sforce-Query-Options batchSize, 200–2,000). */
  pageSize?: number;
  logger?: Logger;
}

export const DEFAULT_OVERLAP_MS = 5 * 60_000;
/** Per run and kind (skips, notes, unresolved references): more are counted, not logged one by one. */
export const MAX_RECORD_LOGS = 1000;

type LogKind = 'skipped' | 'noted' | 'unresolved';

interface PullState {
  deps: SalesforceRunDeps;
  run: ActiveRun;
  client: SalesforceClient;
  request: PullRequest;
  options: SalesforceMapOptions;
  totals: Record<string, ObjectPullCounts>;
  logged: Record<LogKind, number>;
}

type ObjectEnd = { stopped: false } | { stopped: true; reason: string };

const stampOf = (value: unknown): number | null => {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
};

/** (stamp, id) order, as the query sorts. */
const after = (a: { stamp: number; id: string }, b: { stamp: number; id: string }) => a.stamp > b.stamp || (a.stamp === b.stamp && a.id > b.id);

export function flattenCounts(totals: Record<string, ObjectPullCounts>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [object, counts] of Object.entries(totals)) for (const [key, value] of Object.entries(counts)) out[`${object}.${key}`] = value;
  return out;
}

function pageLogs(state: PullState, object: string, outcome: PageOutcome, at: Date): LogEntry[] {
  const logs: LogEntry[] = [];
  const take = (kind: LogKind, entry: Omit<LogEntry, 'at'>) => {
    state.logged[kind]++;
    if (state.logged[kind] <= MAX_RECORD_LOGS) logs.push({ ...entry, at });
  };
  for (const s of outcome.skipped) take('skipped', { level: 'warn', event: 'record.skipped', details: { object, ...s } });
  for (const n of outcome.noted) take('noted', { level: 'info', event: 'record.noted', details: { object, externalId: n.externalId, notes: n.notes } });
  for (const u of outcome.unresolved) take('unresolved', { level: 'info', event: 'reference.unresolved', details: { object, ...u } });
  return logs;
}

interface ObjectCursor {
  atStart: SyncCursor | undefined;
  /** Derivations wait for the object's end (ObjectSpec.derived). */
  deferDerived: boolean;
}

async function commitPage(state: PullState, spec: ObjectSpec, page: QueryPage, counts: ObjectPullCounts, position: ObjectCursor, cursor: { stamp: number; id: string } | null): Promise<{ stamp: number; id: string } | null> {
  const cursorAtStart = position.atStart;
  const { deps, run } = state;
  const start = cursorAtStart?.watermark ? { stamp: cursorAtStart.watermark.getTime(), id: cursorAtStart.lastExternalId ?? '' } : null;
  let newest = cursor;
  let fresh = 0;
  for (const record of page.records) {
    const id = typeof record.Id === 'string' ? record.Id : null;
    const stamp = stampOf(record.SystemModstamp);
    if (id === null || stamp === null) continue;
    const at = { stamp, id };
    if (!start || after(at, start)) fresh++;
    if (!newest || after(at, newest)) newest = at;
  }
  const now = deps.clock.now();
  const outcome = await withOrg(deps.db, deps.orgId, async (tx) => {
    const o = await spec.storePage(tx, page.records, state.options, { deferDerived: position.deferDerived });
    const next: ObjectPullCounts = {
      read: counts.read + page.records.length,
      new: counts.new + fresh,
      inserted: counts.inserted + o.inserted,
      updated: counts.updated + o.updated,
      unchanged: counts.unchanged + o.unchanged,
      deleted: counts.deleted + o.deleted,
      skipped: counts.skipped + o.skipped.length,
      noted: counts.noted + o.noted.length,
      pages: counts.pages + 1,
    };
    if (newest && newest !== cursor) {
      await saveCursor(tx, { provider: 'salesforce', object: spec.sobject, watermark: new Date(newest.stamp), lastExternalId: newest.id, at: now });
      if (spec.derived && !position.deferDerived) await saveCursor(tx, { provider: 'salesforce', object: spec.derived.marker, watermark: new Date(newest.stamp), lastExternalId: newest.id, at: now });
    }
    await touchConnection(tx, 'salesforce', now);
    await appendLogs(tx, run.runId, pageLogs(state, spec.sobject, o, now));
    const owned = await checkpointRun(tx, run.runId, { counts: flattenCounts({ ...state.totals, [spec.sobject]: next }), apiCalls: state.client.apiCalls() });
    if (!owned) throw new LeaseLostError(run.runId);
    return next;
  });
  Object.assign(counts, outcome);
  return newest;
}

async function pullObject(state: PullState, spec: ObjectSpec, cursors: ReadonlyMap<string, SyncCursor>): Promise<ObjectEnd> {
  const cursorAtStart = cursors.get(spec.sobject);
  const marker = spec.derived ? cursors.get(spec.derived.marker) : undefined;
  const position: ObjectCursor = {
    atStart: cursorAtStart,
    deferDerived: spec.derived !== undefined && (!cursorAtStart?.watermark || !marker?.watermark || marker.watermark.getTime() !== cursorAtStart.watermark.getTime()),
  };
  const { deps, run, client, request } = state;
  const counts = emptyPullCounts();
  state.totals[spec.sobject] = counts;
  await request.onObjectStart?.(spec.sobject);
  const overlap = deps.overlapMs ?? DEFAULT_OVERLAP_MS;
  const since = cursorAtStart?.watermark ? new Date(cursorAtStart.watermark.getTime() - overlap) : null;
  // SOQL datetime literals have whole seconds: round the run's start up so nothing before it is left out.
  const until = new Date(Math.ceil(run.startedAt.getTime() / 1000) * 1000);
  const soql = incrementalSoql({ sobject: spec.sobject, fields: spec.fields(state.options), since, until });
  // The first sync reads live records only; after that queryAll also brings the deletions.
  const includeDeleted = since !== null || run.kind === 'full';
  const pages = client.queryPages(soql, { includeDeleted, ...(deps.pageSize ? { batchSize: deps.pageSize } : {}) });
  let cursor = cursorAtStart?.watermark ? { stamp: cursorAtStart.watermark.getTime(), id: cursorAtStart.lastExternalId ?? '' } : null;
  let pending = pages.next();
  let finished = false;
  try {
    for (;;) {
      const step = await pending;
      if (step.done) {
        finished = true;
        await deriveAtEnd(state, spec, position, cursor);
        return { stopped: false };
      }
      const page = step.value;
      let stop: string | null = null;
      if (!page.done) {
        if (request.signal?.aborted) stop = `Stopped on request (${String(request.signal.reason ?? 'aborted')}) after ${spec.sobject} page ${counts.pages + 1}; the next run resumes from there.`;
        else {
          const budget = budgetDecision(client.lastApiUsage(), 1, deps.policy ?? DEFAULT_GOVERNOR_POLICY);
          if (!budget.proceed) stop = budget.reason;
        }
      }
      // The next page is fetched while this one is stored.
      if (!page.done && !stop) {
        pending = pages.next();
        pending.catch(() => undefined);
      } else finished = page.done;
      cursor = await commitPage(state, spec, page, counts, position, cursor);
      await request.onProgress?.({ object: spec.sobject, page: counts.pages, counts: { ...counts } });
      if (stop) return { stopped: true, reason: stop };
      if (page.done) {
        await deriveAtEnd(state, spec, position, cursor);
        return { stopped: false };
      }
    }
  } finally {
    if (!finished) await pages.return(undefined).catch(() => undefined);
  }
}

/** Catching up: the object-wide derivation once, then its marker joins the object's cursor. */
async function deriveAtEnd(state: PullState, spec: ObjectSpec, position: ObjectCursor, cursor: { stamp: number; id: string } | null): Promise<void> {
  const derived = spec.derived;
  if (!derived || !position.deferDerived) return;
  const { deps } = state;
  await withOrg(deps.db, deps.orgId, async (tx) => {
    await derived.all(tx);
    if (cursor) await saveCursor(tx, { provider: 'salesforce', object: derived.marker, watermark: new Date(cursor.stamp), lastExternalId: cursor.id, at: deps.clock.now() });
  });
}

function changedTotal(totals: Record<string, ObjectPullCounts>): { read: number; changed: number; deleted: number; skipped: number } {
  const all = Object.values(totals);
  const sum = (f: (c: ObjectPullCounts) => number) => all.reduce((n, c) => n + f(c), 0);
  return { read: sum((c) => c.read), changed: sum((c) => c.inserted + c.updated), deleted: sum((c) => c.deleted), skipped: sum((c) => c.skipped) };
}

/**
 * Pulls everything changed since the stored cursors. Throws RunRefusedError when the governor does not let a
 * run start (nothing is called); every other outcome is a report, recorded in sync_runs and the connection.
 */
export async function runSalesforcePull(deps: SalesforceRunDeps, request: PullRequest = {}): Promise<PullReport> {
  const started = performance.now();
  const run = await beginRun(deps, request.full ? 'full' : 'pull');
  const state: Omit<PullState, 'client' | 'options'> & { client: SalesforceClient | null } = {
    deps,
    run,
    client: null,
    request,
    totals: {},
    logged: { skipped: 0, noted: 0, unresolved: 0 },
  };
  const runLogs: LogEntry[] = [];
  let end: RunEnd;
  try {
    const client = await deps.openClient(run.connection);
    state.client = client;
    const limits = await client.readLimits();
    const budget = budgetDecision({ used: limits.dailyApiRequests.used, limit: limits.dailyApiRequests.max }, 1, deps.policy ?? DEFAULT_GOVERNOR_POLICY);
    if (!budget.proceed) {
      end = { kind: 'paused', reason: budget.reason };
    } else {
      const { options, cursors } = await withOrg(deps.db, deps.orgId, async (tx) => {
        const mappings = mapOptionsFromOverrides(await loadFieldMappings(tx, 'salesforce'));
        for (const p of mappings.problems) runLogs.push({ level: 'warn', event: 'mapping.refused', details: { ...p }, at: run.startedAt });
        if (run.kind === 'full') await resetCursors(tx, 'salesforce');
        return { options: mappings.options, cursors: run.kind === 'full' ? new Map<string, SyncCursor>() : await loadCursors(tx, 'salesforce') };
      });
      const full: PullState = { ...state, client, options };
      let stopped: string | null = null;
      for (const spec of OBJECT_SPECS) {
        const result = await pullObject(full, spec, cursors);
        if (result.stopped) {
          stopped = result.reason;
          break;
        }
      }
      if (stopped) end = { kind: 'paused', reason: stopped };
      else {
        const t = changedTotal(state.totals);
        end = {
          kind: 'succeeded',
          summary: `Synced up to ${run.startedAt.toISOString()}: ${t.read.toLocaleString('en-US')} records read, ${t.changed.toLocaleString('en-US')} changed, ${t.deleted.toLocaleString('en-US')} deleted, ${t.skipped.toLocaleString('en-US')} skipped, ${client.apiCalls()} API calls.`,
        };
      }
    }
  } catch (error) {
    if (error instanceof LeaseLostError) {
      deps.logger?.warn({ orgId: deps.orgId, runId: run.runId }, error.message);
      return report(run, state.totals, 'failed', error.message, state.client?.apiCalls() ?? 0, started);
    }
    if (error instanceof SalesforceApiError || isVendorError(error)) end = { kind: 'failed', failure: classifySalesforceError(error) };
    else end = { kind: 'crashed', message: error instanceof Error ? error.message : String(error) };
  }
  const status = end.kind === 'succeeded' ? 'succeeded' : end.kind === 'paused' || (end.kind === 'failed' && end.failure.code === 'LIMIT_EXCEEDED') ? 'paused' : 'failed';
  const apiCalls = state.client?.apiCalls() ?? 0;
  for (const kind of ['skipped', 'noted', 'unresolved'] as const) {
    if (state.logged[kind] > MAX_RECORD_LOGS) runLogs.push({ level: 'warn', event: 'record.logs.capped', details: { kind, total: state.logged[kind], logged: MAX_RECORD_LOGS }, at: deps.clock.now() });
  }
  const next = await endRun(deps, run, { end, status, counts: flattenCounts(state.totals), apiCalls, lastSyncAt: status === 'succeeded' ? run.startedAt : null, logs: runLogs });
  const reason = status === 'succeeded' ? null : next.statusReason;
  deps.logger?.info({ orgId: deps.orgId, runId: run.runId, status, apiCalls }, reason ?? 'salesforce sync finished');
  return report(run, state.totals, status, reason, apiCalls, started);
}

/** jsforce and network errors that were not wrapped by the client (e.g. thrown from a page generator). */
function isVendorError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { errorCode?: unknown; name?: unknown };
  return typeof e.errorCode === 'string' || e.name === 'HttpApiError';
}

function report(run: ActiveRun, totals: Record<string, ObjectPullCounts>, status: PullReport['status'], reason: string | null, apiCalls: number, started: number): PullReport {
  return { runId: run.runId, kind: run.kind === 'full' ? 'full' : 'pull', status, reason, objects: totals, apiCalls, durationMs: Math.round(performance.now() - started) };
}
