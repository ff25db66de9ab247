// One run at a time per connection, across processes. A run begins by compare-and-setting the connection to
// 'syncing' (after the governor admits it) and opening a sync_runs row in the same transaction; while it
// works, every committed page proves the row is still 'running' and refreshes the lease; it ends by closing
// the row and storing the governor's next state. A process that dies leaves 'syncing' behind: after the lease
// timeout the next run takes over and marks the dead run failed.
import type { Db } from '../../../db/database';
import { compareAndSetStatus, findConnection, recordRunEnd, type ConnectionRow } from '../../../db/queries/connections';
import { abandonRuns, appendLogs, finishRun, startRun, type LogEntry, type RunKind } from '../../../db/queries/sync';
import { withOrg } from '../../../db/tenant';
import type { Clock } from '../../../runtime';
import { DEFAULT_GOVERNOR_POLICY, admit, nextState, type GovernorPolicy, type NextState, type RunEnd } from '../governor';

export interface RunContext {
  db: Db;
  orgId: string;
  clock: Clock;
  policy?: GovernorPolicy;
}

export type RefusalCode = 'NOT_CONNECTED' | 'DISCONNECTED' | 'BUSY' | 'CIRCUIT_OPEN';

/** The governor (or the connection's state) does not let a run start now. Nothing was called or written. */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly retryAt: Date | null = null,
  ) {
    super(message);
  }
}

/** The run's lease was taken over by another process (this one was presumed dead); it must stop. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(readonly runId: string) {
    super(`run ${runId} was taken over by another process after its lease expired`);
  }
}

export interface ActiveRun {
  runId: string;
  kind: RunKind;
  connection: ConnectionRow;
  mode: 'normal' | 'half-open' | 'takeover';
  startedAt: Date;
}

export async function beginRun(ctx: RunContext, kind: RunKind): Promise<ActiveRun> {
  const policy = ctx.policy ?? DEFAULT_GOVERNOR_POLICY;
  const now = ctx.clock.now();
  return withOrg(ctx.db, ctx.orgId, async (tx) => {
    const connection = await findConnection(tx, 'salesforce');
    if (!connection) throw new RunRefusedError('NOT_CONNECTED', 'This organization has no Salesforce connection; connect one first (pillar connect salesforce …).');
    const admission = admit(connection, now, policy);
    if (!admission.admit) throw new RunRefusedError(admission.code, admission.reason, admission.retryAt);
    const label = kind === 'writeback' ? 'Write-back' : kind === 'full' ? 'Full sync' : 'Sync';
    const modeNote = admission.mode === 'half-open' ? ' (trial run after the cool-down)' : admission.mode === 'takeover' ? ' (taking over from a run that stopped responding)' : '';
    const taken = await compareAndSetStatus(tx, {
      provider: 'salesforce',
      expect: { status: connection.status, updatedAt: connection.updatedAt },
      status: 'syncing',
      statusReason: `${label} started at ${now.toISOString()}${modeNote}.`,
      at: now,
    });
    if (!taken) throw new RunRefusedError('BUSY', 'Another run started for this connection at the same moment.');
    if (admission.mode === 'takeover') {
      await abandonRuns(tx, { provider: 'salesforce', reason: `abandoned: no progress for ${Math.round(policy.leaseTimeoutMs / 60_000)} minutes; a new run took over`, at: now });
    }
    const runId = await startRun(tx, { provider: 'salesforce', kind, at: now });
    return { runId, kind, connection, mode: admission.mode, startedAt: now };
  });
}

export interface RunResult {
  end: RunEnd;
  status: 'succeeded' | 'partial' | 'paused' | 'failed';
  counts: Record<string, number>;
  apiCalls: number;
  /** Set when the run brought the mirror (or the CRM) up to date. */
  lastSyncAt: Date | null;
  logs: LogEntry[];
}

/** Closes the run and stores the connection's next state, which it returns. */
export async function endRun(ctx: RunContext, run: ActiveRun, result: RunResult): Promise<NextState> {
  const policy = ctx.policy ?? DEFAULT_GOVERNOR_POLICY;
  const now = ctx.clock.now();
  const next = nextState(run.connection.consecutiveFailures, result.end, now, policy);
  const error = result.end.kind === 'succeeded' ? null : result.end.kind === 'paused' ? result.end.reason : next.lastError;
  await withOrg(ctx.db, ctx.orgId, async (tx) => {
    await finishRun(tx, run.runId, { status: result.status, counts: result.counts, apiCalls: result.apiCalls, error, at: now });
    await recordRunEnd(tx, { provider: 'salesforce', ...next, lastSyncAt: result.lastSyncAt, at: now });
    await appendLogs(tx, run.runId, [
      ...result.logs,
      {
        level: result.status === 'failed' ? 'error' : result.status === 'succeeded' ? 'info' : 'warn',
        event: 'run.finished',
        details: { kind: run.kind, status: result.status, connectionStatus: next.status, reason: next.statusReason, apiCalls: result.apiCalls },
        at: now,
      },
    ]);
  });
  return next;
}
