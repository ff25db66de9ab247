// The budget governor and circuit breaker of a Salesforce connection. Pure: the connection's stored state,
// the org's API usage and an injected `now` in, decisions and the next stored state out. The sync and the
// write-back ask it before they start (admission), before each batch of calls (budget), and after they end
// (next state); crm_connections holds the state between runs, so every process sees the same breaker.
import type { ApiUsage } from './client';
import type { SalesforceFailure } from './errors';

export type ConnectionStatus = 'connected' | 'syncing' | 'paused' | 'error' | 'disconnected';

export interface GovernorPolicy {
  /** Share of the org's daily API allowance Pillar may bring usage up to (the org's own users need the rest). */
  maxDailyShare: number;
  /** Consecutive failed runs that open the circuit (status 'error'). */
  failureThreshold: number;
  /** How long an open circuit waits before letting one trial run through (half-open). */
  cooldownMs: number;
  /** A 'syncing' connection whose run has not written for this long is taken over (its process died). */
  leaseTimeoutMs: number;
}

export const DEFAULT_GOVERNOR_POLICY: GovernorPolicy = {
  maxDailyShare: 0.8,
  failureThreshold: 3,
  cooldownMs: 30 * 60_000,
  leaseTimeoutMs: 15 * 60_000,
};

/** What crm_connections says about the connection. `updatedAt` is when the status last changed (or the last heartbeat while syncing). */
export interface ConnectionState {
  status: ConnectionStatus;
  consecutiveFailures: number;
  updatedAt: Date;
}

export type Admission =
  | { admit: true; mode: 'normal' | 'half-open' | 'takeover' }
  | { admit: false; code: 'DISCONNECTED' | 'BUSY' | 'CIRCUIT_OPEN'; reason: string; retryAt: Date | null };

const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** May a run start now? */
export function admit(state: ConnectionState, now: Date, policy: GovernorPolicy = DEFAULT_GOVERNOR_POLICY): Admission {
  const since = now.getTime() - state.updatedAt.getTime();
  switch (state.status) {
    case 'disconnected':
      return { admit: false, code: 'DISCONNECTED', reason: 'The connection is disconnected; connect it again first.', retryAt: null };
    case 'syncing':
      if (since >= policy.leaseTimeoutMs) return { admit: true, mode: 'takeover' };
      return {
        admit: false,
        code: 'BUSY',
        reason: 'A run is already in progress for this connection.',
        retryAt: new Date(state.updatedAt.getTime() + policy.leaseTimeoutMs),
      };
    case 'error':
      if (since >= policy.cooldownMs) return { admit: true, mode: 'half-open' };
      return {
        admit: false,
        code: 'CIRCUIT_OPEN',
        reason: `The connection stopped after ${state.consecutiveFailures} failed runs in a row; the next trial run is allowed at ${new Date(state.updatedAt.getTime() + policy.cooldownMs).toISOString()}.`,
        retryAt: new Date(state.updatedAt.getTime() + policy.cooldownMs),
      };
    case 'connected':
    case 'paused':
      return { admit: true, mode: 'normal' };
  }
}

export type BudgetDecision = { proceed: true; ceiling: number; headroom: number } | { proceed: false; ceiling: number; reason: string };

/** The highest daily usage Pillar may bring the org to. */
export function budgetCeiling(limit: number, policy: GovernorPolicy = DEFAULT_GOVERNOR_POLICY): number {
  return Math.floor(limit * policy.maxDailyShare);
}

/**
 * May Pillar make `plannedCalls` more API calls? Only while usage stays within the ceiling. Unknown usage
 * (no response seen yet) proceeds: the first response tells.
 */
export function budgetDecision(usage: ApiUsage | null, plannedCalls = 1, policy: GovernorPolicy = DEFAULT_GOVERNOR_POLICY): BudgetDecision {
  if (!usage || usage.limit <= 0) return { proceed: true, ceiling: Number.POSITIVE_INFINITY, headroom: Number.POSITIVE_INFINITY };
  const ceiling = budgetCeiling(usage.limit, policy);
  if (usage.used + plannedCalls <= ceiling) return { proceed: true, ceiling, headroom: ceiling - usage.used };
  return {
    proceed: false,
    ceiling,
    reason:
      `Paused: the Salesforce org has used ${fmt(usage.used)} of its ${fmt(usage.limit)} daily API requests ` +
      `(${pct(usage.used / usage.limit)}); Pillar stops at ${pct(policy.maxDailyShare)} (${fmt(ceiling)}) to leave the rest to the org. ` +
      'It resumes on its own once usage is below that share.',
  };
}

/** A sentence for people: what went wrong, in Salesforce's words too. */
export function describeFailure(failure: SalesforceFailure): string {
  const vendor = failure.vendorCode ? ` (${failure.vendorCode}${failure.status ? `, HTTP ${failure.status}` : ''})` : failure.status ? ` (HTTP ${failure.status})` : '';
  const said = failure.message ? `: ${failure.message}` : '';
  switch (failure.code) {
    case 'AUTH':
      return `Salesforce rejected Pillar's credentials${vendor}${said}. Reconnect with valid credentials.`;
    case 'LIMIT_EXCEEDED':
      return `Salesforce refused the request because the org's daily API request limit is used up${vendor}${said}. Pillar pauses until the allowance frees up.`;
    case 'RATE_LIMITED':
      return `Salesforce asked Pillar to slow down and retries did not get through${vendor}${said}.`;
    case 'RETRYABLE':
      return `Salesforce was unreachable or failed temporarily, and retries did not help${vendor}${said}.`;
    case 'PERMISSION':
      return `The integration user lacks a permission${vendor}${said}. Check its permission set (Pillar_Integration).`;
    case 'NOT_FOUND':
      return `Salesforce did not find what Pillar asked for${vendor}${said}.`;
    case 'RECORD_LOCKED':
      return `Salesforce records were locked by other work${vendor}${said}.`;
    case 'INVALID':
      return `Salesforce refused the request as invalid${vendor}${said}.`;
  }
}

/** How a run ended, as the breaker sees it. */
export type RunEnd =
  | { kind: 'succeeded'; summary: string }
  | { kind: 'paused'; reason: string }
  | { kind: 'failed'; failure: SalesforceFailure }
  /** Something on Pillar's side (database, a bug): counts as a failed run too. */
  | { kind: 'crashed'; message: string };

export interface NextState {
  status: Exclude<ConnectionStatus, 'syncing' | 'disconnected'>;
  statusReason: string;
  consecutiveFailures: number;
  lastError: string | null;
}

/**
 * The connection's state after a run. Success closes the circuit; the daily-limit refusal pauses (it is not
 * the connection's fault); any other failure counts towards the breaker, which opens at the threshold.
 */
export function nextState(previousFailures: number, end: RunEnd, now: Date, policy: GovernorPolicy = DEFAULT_GOVERNOR_POLICY): NextState {
  if (end.kind === 'succeeded') return { status: 'connected', statusReason: end.summary, consecutiveFailures: 0, lastError: null };
  if (end.kind === 'paused') return { status: 'paused', statusReason: end.reason, consecutiveFailures: previousFailures, lastError: null };
  if (end.kind === 'failed' && end.failure.code === 'LIMIT_EXCEEDED') {
    const reason = `Paused: ${describeFailure(end.failure)}`;
    return { status: 'paused', statusReason: reason, consecutiveFailures: previousFailures, lastError: reason };
  }
  const error = end.kind === 'failed' ? describeFailure(end.failure) : `Pillar failed while running: ${end.message}`;
  const failures = previousFailures + 1;
  if (failures >= policy.failureThreshold) {
    const retryAt = new Date(now.getTime() + policy.cooldownMs).toISOString();
    return {
      status: 'error',
      statusReason: `Stopped after ${failures} failed runs in a row; one trial run is allowed after ${retryAt}. Last error: ${error}`,
      consecutiveFailures: failures,
      lastError: error,
    };
  }
  return {
    status: 'connected',
    statusReason: `The last run failed (${failures} of ${policy.failureThreshold} failures in a row before the connection stops): ${error}`,
    consecutiveFailures: failures,
    lastError: error,
  };
}
