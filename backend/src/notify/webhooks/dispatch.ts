import type { Db } from '../../db/database';
import { claimDueDeliveries, recordDeliveryResults, type ClaimedDelivery, type DeliveryResult } from '../../db/queries/webhooks';
import { withOrg } from '../../db/tenant';
import type { Logger } from '../../logger';
import type { Clock } from '../../runtime';
import type { SecretBox } from '../../security/secret-box';
import { DEFAULT_WEBHOOK_POLICY, retryDelayMs, type WebhookDeliveryPolicy } from './backoff';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

export interface WebhookDispatchDeps {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  logger?: Logger;
  policy?: Partial<WebhookDeliveryPolicy>;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  random?: () => number;
}

export interface DispatchReport {
  attempted: number;
  delivered: number;
  failed: number;
  dead: number;
}

/** The associated data a webhook endpoint's secret is sealed with: a secret only opens for its own endpoint. */
export function endpointSecretContext(endpointId: string): string {
  return `webhook_endpoint:${endpointId}`;
}

const MAX_ROUNDS = 100;
const CONCURRENCY = 8;

/**
 * Delivers a tenant's due webhooks: claims the heads of line, POSTs them signed, records each result, and goes
 * round again while deliveries keep succeeding (the next delivery of a record becomes due when the one before
 * it arrives). Failed deliveries wait with exponential backoff; after maxAttempts they are dead-lettered.
 */
export async function dispatchWebhooks(deps: WebhookDispatchDeps, orgId: string): Promise<DispatchReport> {
  const policy = { ...DEFAULT_WEBHOOK_POLICY, ...deps.policy };
  const leaseMs = policy.timeoutMs + 30_000;
  const report: DispatchReport = { attempted: 0, delivered: 0, failed: 0, dead: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = deps.clock.now();
    const claimed = await withOrg(deps.db, orgId, (tx) => claimDueDeliveries(tx, { now, limit: policy.batchSize, leaseUntil: new Date(now.getTime() + leaseMs) }));
    if (claimed.length === 0) break;
    const results: DeliveryResult[] = [];
    for (let i = 0; i < claimed.length; i += CONCURRENCY) {
      results.push(...(await Promise.all(claimed.slice(i, i + CONCURRENCY).map((d) => attempt(deps, policy, d)))));
    }
    await withOrg(deps.db, orgId, (tx) => recordDeliveryResults(tx, results));
    report.attempted += results.length;
    for (const r of results) report[r.status === 'delivered' ? 'delivered' : r.status === 'dead' ? 'dead' : 'failed']++;
    const dead = results.filter((r) => r.status === 'dead');
    if (dead.length) deps.logger?.warn({ orgId, deliveries: dead.map((d) => d.id) }, 'webhook deliveries dead-lettered after the last attempt');
  }
  return report;
}

async function attempt(deps: WebhookDispatchDeps, policy: WebhookDeliveryPolicy, delivery: ClaimedDelivery): Promise<DeliveryResult> {
  const now = deps.clock.now();
  const body = JSON.stringify(delivery.payload);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const secret = deps.secretBox.open(delivery.sealedSecret, endpointSecretContext(delivery.endpointId));
    const response = await (deps.fetch ?? fetch)(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Pillar-Webhooks/1.0',
        'x-pillar-event': delivery.event,
        'x-pillar-event-id': delivery.eventId,
        'x-pillar-delivery': delivery.id,
        'x-pillar-delivery-attempt': String(delivery.attempts),
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secret, Math.floor(now.getTime() / 1000), body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    statusCode = response.status;
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel();
      return { id: delivery.id, status: 'delivered', statusCode, error: null, nextAttemptAt: null, at: now };
    }
    error = `HTTP ${response.status}: ${(await response.text().catch(() => '')).slice(0, 300)}`;
  } catch (e) {
    error = describe(e);
  }
  if (delivery.attempts >= policy.maxAttempts) return { id: delivery.id, status: 'dead', statusCode, error, nextAttemptAt: null, at: now };
  const delay = retryDelayMs(delivery.attempts, policy, deps.random ?? Math.random);
  return { id: delivery.id, status: 'failed', statusCode, error, nextAttemptAt: new Date(now.getTime() + delay), at: now };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.name === 'TimeoutError' ? 'timed out' : error.message;
  }
  return String(error);
}
