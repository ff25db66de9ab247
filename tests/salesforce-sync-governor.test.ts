// The budget governor and circuit breaker as pure policy: admission, the API budget, and the connection's
// next state after a run.
import { describe, expect, it } from 'vitest';
import type { SalesforceFailure } from '../backend/src/crm/salesforce/errors';
import { DEFAULT_GOVERNOR_POLICY, admit, budgetCeiling, budgetDecision, describeFailure, nextState, type ConnectionState } from '../backend/src/crm/salesforce/governor';

const NOW = new Date('2026-05-01T12:00:00Z');
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MINUTE);
const state = (status: ConnectionState['status'], minutesAgo = 0, consecutiveFailures = 0): ConnectionState => ({ status, updatedAt: ago(minutesAgo), consecutiveFailures });
const failure = (code: SalesforceFailure['code'], vendorCode: string | null = null, status: number | null = null, message = 'it broke'): SalesforceFailure => ({
  code,
  vendorCode,
  status,
  message,
  retryable: ['RATE_LIMITED', 'RETRYABLE', 'RECORD_LOCKED'].includes(code),
});

describe('admit', () => {
  it('lets connected and paused connections run', () => {
    expect(admit(state('connected'), NOW)).toEqual({ admit: true, mode: 'normal' });
    expect(admit(state('paused'), NOW)).toEqual({ admit: true, mode: 'normal' });
  });

  it('refuses a disconnected connection', () => {
    expect(admit(state('disconnected'), NOW)).toMatchObject({ admit: false, code: 'DISCONNECTED' });
  });

  it('refuses while another run holds the lease, and takes it over once the lease expired', () => {
    expect(admit(state('syncing', 14), NOW)).toMatchObject({ admit: false, code: 'BUSY', retryAt: new Date(ago(14).getTime() + 15 * MINUTE) });
    expect(admit(state('syncing', 15), NOW)).toEqual({ admit: true, mode: 'takeover' });
  });

  it('keeps an open circuit closed to runs until the cool-down has passed, then lets one trial through', () => {
    const open = admit(state('error', 29, 3), NOW);
    expect(open).toMatchObject({ admit: false, code: 'CIRCUIT_OPEN' });
    expect(open.admit === false && open.reason).toMatch(/after 3 failed runs in a row; the next trial run is allowed at 2026-05-01T12:01:00.000Z/);
    expect(admit(state('error', 30, 3), NOW)).toEqual({ admit: true, mode: 'half-open' });
  });

  it('follows a custom policy', () => {
    const policy = { ...DEFAULT_GOVERNOR_POLICY, cooldownMs: 5 * MINUTE, leaseTimeoutMs: 2 * MINUTE };
    expect(admit(state('error', 5, 3), NOW, policy)).toEqual({ admit: true, mode: 'half-open' });
    expect(admit(state('syncing', 2), NOW, policy)).toEqual({ admit: true, mode: 'takeover' });
  });
});

describe('budgetDecision', () => {
  it('proceeds while usage plus the planned calls stays within 80 % of the daily limit', () => {
    expect(budgetCeiling(15_000)).toBe(12_000);
    expect(budgetDecision({ used: 11_999, limit: 15_000 })).toEqual({ proceed: true, ceiling: 12_000, headroom: 1 });
    expect(budgetDecision({ used: 11_993, limit: 15_000 }, 7)).toMatchObject({ proceed: true });
    expect(budgetDecision({ used: 11_994, limit: 15_000 }, 7)).toMatchObject({ proceed: false });
  });

  it('explains a stop with the numbers', () => {
    const decision = budgetDecision({ used: 12_000, limit: 15_000 });
    expect(decision.proceed).toBe(false);
    expect(decision.proceed === false && decision.reason).toBe(
      'Paused: the Salesforce org has used 12,000 of its 15,000 daily API requests (80 %); Pillar stops at 80 % (12,000) to leave the rest to the org. It resumes on its own once usage is below that share.',
    );
  });

  it('proceeds when usage is not known yet', () => {
    expect(budgetDecision(null)).toMatchObject({ proceed: true });
  });

  it('uses the configured share', () => {
    const policy = { ...DEFAULT_GOVERNOR_POLICY, maxDailyShare: 0.5 };
    expect(budgetDecision({ used: 7_500, limit: 15_000 }, 1, policy)).toMatchObject({ proceed: false, ceiling: 7_500 });
    expect(budgetDecision({ used: 7_499, limit: 15_000 }, 1, policy)).toMatchObject({ proceed: true });
  });
});

describe('nextState', () => {
  it('closes the circuit on success', () => {
    expect(nextState(2, { kind: 'succeeded', summary: 'Synced' }, NOW)).toEqual({ status: 'connected', statusReason: 'Synced', consecutiveFailures: 0, lastError: null });
  });

  it('pauses on the budget without counting a failure', () => {
    expect(nextState(1, { kind: 'paused', reason: 'Paused: budget' }, NOW)).toEqual({ status: 'paused', statusReason: 'Paused: budget', consecutiveFailures: 1, lastError: null });
  });

  it('pauses on REQUEST_LIMIT_EXCEEDED without counting a failure', () => {
    const next = nextState(0, { kind: 'failed', failure: failure('LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED', 403, 'TotalRequests Limit exceeded.') }, NOW);
    expect(next.status).toBe('paused');
    expect(next.consecutiveFailures).toBe(0);
    expect(next.statusReason).toBe(
      "Paused: Salesforce refused the request because the org's daily API request limit is used up (REQUEST_LIMIT_EXCEEDED, HTTP 403): TotalRequests Limit exceeded.. Pillar pauses until the allowance frees up.",
    );
  });

  it('counts failures and opens the circuit at the threshold, saying when the trial run comes', () => {
    const first = nextState(0, { kind: 'failed', failure: failure('RETRYABLE', 'SERVER_UNAVAILABLE', 503) }, NOW);
    expect(first).toMatchObject({ status: 'connected', consecutiveFailures: 1 });
    expect(first.statusReason).toMatch(/^The last run failed \(1 of 3 failures in a row before the connection stops\)/);
    const third = nextState(2, { kind: 'crashed', message: 'database went away' }, NOW);
    expect(third).toMatchObject({ status: 'error', consecutiveFailures: 3, lastError: 'Pillar failed while running: database went away' });
    expect(third.statusReason).toMatch(/^Stopped after 3 failed runs in a row; one trial run is allowed after 2026-05-01T12:30:00.000Z\./);
  });
});

describe('describeFailure', () => {
  it.each([
    ['AUTH', 'invalid_grant', /rejected Pillar's credentials \(invalid_grant\): it broke\. Reconnect/],
    ['PERMISSION', 'INSUFFICIENT_ACCESS', /lacks a permission \(INSUFFICIENT_ACCESS\).*Pillar_Integration/],
    ['RATE_LIMITED', 'REQUEST_LIMIT_EXCEEDED', /slow down/],
    ['RETRYABLE', 'ECONNRESET', /unreachable or failed temporarily/],
    ['INVALID', 'MALFORMED_QUERY', /refused the request as invalid \(MALFORMED_QUERY\)/],
    ['NOT_FOUND', 'NOT_FOUND', /did not find/],
    ['RECORD_LOCKED', 'UNABLE_TO_LOCK_ROW', /locked/],
  ] as const)('%s reads as a sentence with Salesforce’s code', (code, vendor, expected) => {
    expect(describeFailure(failure(code, vendor))).toMatch(expected);
  });
});
