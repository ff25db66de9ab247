/**
 * When to try a failed webhook delivery again: exponential backoff from `baseDelayMs`, doubled per attempt,
 * capped at `maxDelayMs`, with ±20 % jitter so endpoints that failed together do not retry in lockstep.
 * After `maxAttempts` the delivery is dead-lettered (kept, visible, replayable from the admin API).
 */
export interface WebhookDeliveryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Per request; a slower receiver counts as a failed attempt. */
  readonly timeoutMs: number;
  /** Deliveries claimed per round. */
  readonly batchSize: number;
}

export const DEFAULT_WEBHOOK_POLICY: WebhookDeliveryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  timeoutMs: 10_000,
  batchSize: 50,
};

/** Delay before the next attempt, after `attempts` attempts have failed (attempts ≥ 1); `random` in [0, 1). */
export function retryDelayMs(attempts: number, policy: Pick<WebhookDeliveryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
