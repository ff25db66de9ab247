// Write-back of the stored scores into Salesforce's Pillar fields.
//
// Plan first, in the database only: desired values (catalog + stored scores) against writeback_state. With
// nothing to send, that is all (no API call, no run). Otherwise, under the connection's run lease: read the
// org's limits, then send the changed fields in sObject Collections of 200 (allOrNone false) or, above the
// threshold, one Bulk API 2.0 job per object; each response is recorded per record before the next call
// (written values merged; failures kept as pending with attempts and error, retried next cycle). The budget
// governor is asked before every call.
import type { Logger } from 'pino';
import { emptyWritebackCounts, type ObjectWritebackCounts, type WritebackReport } from '../../connector';
import type { ConnectionRow } from '../../../db/queries/connections';
import { findConnection, touchConnection } from '../../../db/queries/connections';
import { appendLogs, checkpointRun, type LogEntry } from '../../../db/queries/sync';
import {
  clearPending,
  loadAccountWritebackRows,
  loadOpportunityWritebackRows,
  loadWritebackState,
  saveWriteOutcomes,
  type WriteOutcomeRow,
} from '../../../db/queries/writeback';
import { withOrg } from '../../../db/tenant';
import { COLLECTION_LIMIT, type RecordWriteResult, type SalesforceClient, type WritableRecord, type WriteOutcome } from '../client';
import { SalesforceApiError, classifySalesforceError, type SalesforceFailure } from '../errors';
import { DEFAULT_GOVERNOR_POLICY, budgetDecision, type RunEnd } from '../governor';
import { LeaseLostError, RunRefusedError, beginRun, endRun, type ActiveRun, type RunContext } from '../sync/run-lease';
import {
  accountFieldValues,
  accountWritebackInputSchema,
  opportunityFieldValues,
  opportunityWritebackInputSchema,
} from './desired-values';
import { formatWriteError, planWrites, type Desired, type PlannedWrite, type WritePlan } from './plan';

/**
 * Above this many records of one object, Bulk API 2.0: a job costs a fixed ~7 calls (open, upload, close,
 * poll, three result reads) against one call per 200 records for Collections, so it saves calls from about
 * 1,400 records (`npm run bench`: "write-back break-even").
 */
export const DEFAULT_BULK_THRESHOLD = 1400;
/** Calls a Bulk 2.0 update job needs at least (the governor reserves them before starting one). */
export const BULK_JOB_CALLS = 7;
export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_REPORTED_FAILURES = 100;
const MAX_FAILURE_LOGS = 1000;

export interface WritebackOptions {
  bulkThreshold?: number;
  /** Sends of the same values that failed for a non-retryable reason before they are held. */
  maxAttempts?: number;
  bulkPollIntervalMs?: number;
  bulkPollTimeoutMs?: number;
}

export interface WritebackDeps extends RunContext {
  openClient(connection: ConnectionRow): Promise<SalesforceClient>;
  /** The managed package's namespace prefix for this connection (null: unprefixed fields). */
  namespaceOf(connection: ConnectionRow): string | null;
  logger?: Logger;
}

type SObject = 'Account' | 'Opportunity';

interface ObjectPlan {
  object: SObject;
  plan: WritePlan;
  considered: number;
  skipped: Array<{ externalId: string | null; message: string }>;
}

async function planAll(deps: WritebackDeps, namespace: string | null, maxAttempts: number): Promise<ObjectPlan[]> {
  return withOrg(deps.db, deps.orgId, async (tx) => {
    const out: ObjectPlan[] = [];
    for (const object of ['Account', 'Opportunity'] as const) {
      const rows = object === 'Account' ? await loadAccountWritebackRows(tx, 'salesforce') : await loadOpportunityWritebackRows(tx, 'salesforce');
      const desired: Desired[] = [];
      const skipped: ObjectPlan['skipped'] = [];
      for (const row of rows) {
        const externalId = typeof row.externalId === 'string' ? row.externalId : null;
        if (object === 'Account') {
          const parsed = accountWritebackInputSchema.safeParse(row);
          if (!parsed.success) skipped.push({ externalId, message: issue(parsed.error) });
          else desired.push({ externalId: parsed.data.externalId, ...accountFieldValues(parsed.data, namespace) });
        } else {
          const parsed = opportunityWritebackInputSchema.safeParse(row);
          if (!parsed.success) skipped.push({ externalId, message: issue(parsed.error) });
          else desired.push({ externalId: parsed.data.externalId, ...opportunityFieldValues(parsed.data, namespace) });
        }
      }
      const plan = planWrites(desired, await loadWritebackState(tx, 'salesforce', object), { maxAttempts });
      await clearPending(tx, { provider: 'salesforce', object, externalIds: plan.clearPending });
      out.push({ object, plan, considered: desired.length, skipped });
    }
    return out;
  });
}

function issue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  return first ? `stored score ${first.path.map(String).join('.')}: ${first.message}` : 'stored score is invalid';
}

function flatten(objects: Record<string, ObjectWritebackCounts>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [object, counts] of Object.entries(objects)) {
    for (const [key, value] of Object.entries(counts)) if (typeof value === 'number') out[`${object}.${key}`] = value;
    out[`${object}.bulk`] = counts.method === 'bulk' ? 1 : 0;
  }
  return out;
}

interface SendState {
  deps: WritebackDeps;
  run: ActiveRun;
  client: SalesforceClient;
  objects: Record<string, ObjectWritebackCounts>;
  failures: WritebackReport['failures'];
  failureLogs: number;
}

/** Records one response's per-record results (and the run's progress) in one transaction. */
async function record(state: SendState, object: SObject, batch: readonly PlannedWrite[], outcome: WriteOutcome, counts: ObjectWritebackCounts): Promise<void> {
  const now = state.deps.clock.now();
  const byId = new Map(batch.map((w) => [w.externalId, w]));
  const rows: WriteOutcomeRow[] = [];
  const logs: LogEntry[] = [];
  outcome.results.forEach((result: RecordWriteResult, i) => {
    const write = byId.get(result.id) ?? batch[i];
    if (!write) return;
    if (result.success) {
      rows.push({ externalId: write.externalId, ok: true, fields: write.fields });
      counts.succeeded++;
      return;
    }
    const error = formatWriteError(result.failure);
    rows.push({ externalId: write.externalId, ok: false, fields: write.fields, attempted: result.attempted, error });
    counts.failed++;
    if (state.failures.length < MAX_REPORTED_FAILURES) state.failures.push({ object, externalId: write.externalId, code: result.failure.vendorCode ?? result.failure.code, message: result.failure.message });
    if (state.failureLogs++ < MAX_FAILURE_LOGS) {
      logs.push({ level: 'warn', event: 'writeback.failed', details: { object, externalId: write.externalId, attempted: result.attempted, error, willRetry: true }, at: now });
    }
  });
  await withOrg(state.deps.db, state.deps.orgId, async (tx) => {
    await saveWriteOutcomes(tx, { provider: 'salesforce', object, outcomes: rows, at: now });
    await touchConnection(tx, 'salesforce', now);
    await appendLogs(tx, state.run.runId, logs);
    if (!(await checkpointRun(tx, state.run.runId, { counts: flatten(state.objects), apiCalls: state.client.apiCalls() }))) throw new LeaseLostError(state.run.runId);
  });
}

const toRecord = (w: PlannedWrite): WritableRecord => ({ Id: w.externalId, ...w.fields });

type SendEnd = { stop: null } | { stop: 'paused'; reason: string } | { stop: 'failed'; failure: SalesforceFailure };

async function send(state: SendState, object: SObject, writes: readonly PlannedWrite[], options: Required<Pick<WritebackOptions, 'bulkThreshold'>> & WritebackOptions): Promise<SendEnd> {
  const counts = state.objects[object]!;
  const policy = state.deps.policy ?? DEFAULT_GOVERNOR_POLICY;
  const before = state.client.apiCalls();
  const stopped = (outcome: WriteOutcome): SendEnd | null => {
    if (!outcome.stoppedBy) return null;
    return { stop: 'failed', failure: outcome.stoppedBy };
  };
  try {
    if (writes.length > options.bulkThreshold) {
      counts.method = 'bulk';
      const budget = budgetDecision(state.client.lastApiUsage(), BULK_JOB_CALLS, policy);
      if (!budget.proceed) return { stop: 'paused', reason: budget.reason };
      const outcome = await state.client.bulkUpdate(object, writes.map(toRecord), {
        ...(options.bulkPollIntervalMs !== undefined ? { pollIntervalMs: options.bulkPollIntervalMs } : {}),
        ...(options.bulkPollTimeoutMs !== undefined ? { pollTimeoutMs: options.bulkPollTimeoutMs } : {}),
      });
      counts.apiCalls = state.client.apiCalls() - before;
      await record(state, object, writes, outcome, counts);
      return stopped(outcome) ?? { stop: null };
    }
    counts.method = 'collections';
    for (let i = 0; i < writes.length; i += COLLECTION_LIMIT) {
      const budget = budgetDecision(state.client.lastApiUsage(), 1, policy);
      if (!budget.proceed) return { stop: 'paused', reason: budget.reason };
      const batch = writes.slice(i, i + COLLECTION_LIMIT);
      const outcome = await state.client.updateRecords(object, batch.map(toRecord));
      counts.apiCalls = state.client.apiCalls() - before;
      await record(state, object, batch, outcome, counts);
      const end = stopped(outcome);
      if (end) return end;
    }
    return { stop: null };
  } finally {
    counts.apiCalls = state.client.apiCalls() - before;
  }
}

/**
 * Writes what changed. Throws RunRefusedError when the connection cannot run now and there is something to
 * send; with nothing to send it returns at once (runId null, no API call).
 */
export async function runSalesforceWriteback(deps: WritebackDeps, options: WritebackOptions = {}): Promise<WritebackReport> {
  const started = performance.now();
  const settings = { ...options, bulkThreshold: options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD };
  const connection = await withOrg(deps.db, deps.orgId, (tx) => findConnection(tx, 'salesforce'));
  if (!connection) throw new RunRefusedError('NOT_CONNECTED', 'This organization has no Salesforce connection; connect one first (pillar connect salesforce …).');
  if (connection.status === 'disconnected') throw new RunRefusedError('DISCONNECTED', 'The connection is disconnected; connect it again first.');
  const plans = await planAll(deps, deps.namespaceOf(connection), options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);

  const objects: Record<string, ObjectWritebackCounts> = {};
  for (const p of plans) {
    objects[p.object] = {
      ...emptyWritebackCounts(),
      considered: p.considered,
      unchanged: p.plan.unchanged,
      sent: p.plan.writes.length,
      retried: p.plan.writes.filter((w) => w.retry).length,
      held: p.plan.held.length,
      fields: p.plan.writes.reduce((n, w) => n + Object.keys(w.fields).length, 0),
    };
  }
  const planLogs: LogEntry[] = plans.flatMap((p) => [
    ...p.skipped.map((s): LogEntry => ({ level: 'warn', event: 'writeback.skipped', details: { object: p.object, externalId: s.externalId, reason: s.message }, at: deps.clock.now() })),
    ...p.plan.held.map((h): LogEntry => ({ level: 'warn', event: 'writeback.held', details: { object: p.object, ...h }, at: deps.clock.now() })),
  ]);
  const toSend = plans.filter((p) => p.plan.writes.length > 0);
  if (toSend.length === 0) {
    if (planLogs.length) await withOrg(deps.db, deps.orgId, (tx) => appendLogs(tx, null, planLogs));
    return { runId: null, status: 'succeeded', reason: null, objects, failures: [], apiCalls: 0, durationMs: Math.round(performance.now() - started) };
  }

  const run = await beginRun(deps, 'writeback');
  let client: SalesforceClient | null = null;
  const failures: WritebackReport['failures'] = [];
  let end: RunEnd;
  try {
    client = await deps.openClient(run.connection);
    const limits = await client.readLimits();
    const budget = budgetDecision({ used: limits.dailyApiRequests.used, limit: limits.dailyApiRequests.max }, 1, deps.policy ?? DEFAULT_GOVERNOR_POLICY);
    let sendEnd: SendEnd = budget.proceed ? { stop: null } : { stop: 'paused', reason: budget.reason };
    const state: SendState = { deps, run, client, objects, failures, failureLogs: 0 };
    for (const p of toSend) {
      if (sendEnd.stop) break;
      sendEnd = await send(state, p.object, p.plan.writes, settings);
    }
    if (sendEnd.stop === 'paused') end = { kind: 'paused', reason: sendEnd.reason };
    else if (sendEnd.stop === 'failed') end = { kind: 'failed', failure: sendEnd.failure };
    else {
      const all = Object.values(objects);
      const wrote = all.reduce((n, c) => n + c.succeeded, 0);
      const failed = all.reduce((n, c) => n + c.failed, 0);
      end = {
        kind: 'succeeded',
        summary: `Write-back at ${deps.clock.now().toISOString()}: ${wrote.toLocaleString('en-US')} records written${failed ? `, ${failed.toLocaleString('en-US')} failed and will be retried next cycle` : ''}, ${client.apiCalls()} API calls.`,
      };
    }
  } catch (error) {
    if (error instanceof LeaseLostError) {
      return { runId: run.runId, status: 'failed', reason: error.message, objects, failures, apiCalls: client?.apiCalls() ?? 0, durationMs: Math.round(performance.now() - started) };
    }
    end = error instanceof SalesforceApiError || (error && typeof error === 'object' && 'errorCode' in error) ? { kind: 'failed', failure: classifySalesforceError(error) } : { kind: 'crashed', message: error instanceof Error ? error.message : String(error) };
  }
  const anyFailed = Object.values(objects).some((c) => c.failed > 0);
  const status =
    end.kind === 'succeeded' ? (anyFailed ? 'partial' : 'succeeded') : end.kind === 'paused' || (end.kind === 'failed' && end.failure.code === 'LIMIT_EXCEEDED') ? 'paused' : 'failed';
  const apiCalls = client?.apiCalls() ?? 0;
  const next = await endRun(deps, run, { end, status, counts: flatten(objects), apiCalls, lastSyncAt: null, logs: planLogs });
  deps.logger?.info({ orgId: deps.orgId, runId: run.runId, status, apiCalls }, status === 'succeeded' ? 'salesforce write-back finished' : next.statusReason);
  return {
    runId: run.runId,
    status,
    reason: status === 'succeeded' ? null : status === 'partial' ? `${Object.values(objects).reduce((n, c) => n + c.failed, 0)} records failed and stay pending for the next cycle.` : next.statusReason,
    objects,
    failures,
    apiCalls,
    durationMs: Math.round(performance.now() - started),
  };
}
