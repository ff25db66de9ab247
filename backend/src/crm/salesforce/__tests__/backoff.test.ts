import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, backoffDecision } from '../client';
import { classifyVendorCode } from '../errors';

const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 4000 };
const unavailable = classifyVendorCode('SERVER_UNAVAILABLE', 'down', 503);

describe('backoffDecision', () => {
  it('doubles the step per attempt, half fixed and half jitter, capped at maxDelayMs', () => {
    const lowest = [1, 2, 3, 4].map((a) => backoffDecision(policy, a, unavailable, () => 0));
    const highest = [1, 2, 3, 4].map((a) => backoffDecision(policy, a, unavailable, () => 1));
    expect(lowest).toEqual([250, 500, 1000, 2000].map((delayMs) => ({ retry: true, delayMs })));
    expect(highest).toEqual([500, 1000, 2000, 4000].map((delayMs) => ({ retry: true, delayMs })));
    const capped = backoffDecision({ ...policy, maxAttempts: 10 }, 8, unavailable, () => 1);
    expect(capped).toEqual({ retry: true, delayMs: 4000 });
  });

  it('stops after maxAttempts', () => {
    expect(backoffDecision(policy, 5, unavailable, () => 0.5)).toEqual({ retry: false });
    expect(backoffDecision({ ...policy, maxAttempts: 1 }, 1, unavailable, () => 0.5)).toEqual({ retry: false });
  });

  it.each([
    ['SERVER_UNAVAILABLE', 'down', true],
    ['UNABLE_TO_LOCK_ROW', 'locked', true],
    ['REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.', true],
    ['ERROR_HTTP_429', 'Too Many Requests', true],
    ['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', false],
    ['INVALID_SESSION_ID', 'Session expired or invalid', false],
    ['MALFORMED_QUERY', 'bad', false],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 'no', false],
  ])('%s (%s) is retried: %s', (code, message, retried) => {
    expect(backoffDecision(policy, 1, classifyVendorCode(code, message), () => 0.5).retry).toBe(retried);
  });

  it('has defaults that spread five retries over about 23 seconds before giving up', () => {
    const waits = [1, 2, 3, 4, 5].map((a) => backoffDecision(DEFAULT_RETRY_POLICY, a, unavailable, () => 0.5));
    const total = waits.reduce((s, d) => s + (d.retry ? d.delayMs : 0), 0);
    expect(total).toBe(23_250);
    expect(backoffDecision(DEFAULT_RETRY_POLICY, 6, unavailable, () => 0.5).retry).toBe(false);
  });
});
