import type { SignalSeverity } from '@pillar/shared';
import type { Db } from '../../db/database';
import { loadPlanningState, lockTenantSignals } from '../../db/queries/signal-store';
import { getIntegrationSecret, insertStarbridgeEvent, orgIdForWebhookKey, setIntegrationSecret, type WebhookExecutor } from '../../db/queries/webhooks';
import { withOrg } from '../../db/tenant';
import { planSignalCycle } from '../../engine/signals/plan-cycle';
import { evaluateStarbridgeEvent } from '../../engine/signals/rules/starbridge';
import { starbridgeEventSchema } from '../../engine/signals/starbridge-event';
import { resolveSignalProfile } from '../../engine/signals/thresholds';
import type { Logger } from '../../logger';
import { enqueueWebhookEvents } from '../../notify/webhooks/enqueue';
import { playCreatedEvent } from '../../notify/webhooks/events';
import { generateWebhookSecret, verifySignature } from '../../notify/webhooks/signature';
import type { Clock } from '../../runtime';
import type { SecretBox } from '../../security/secret-box';
import { applySignalPlan } from '../apply-signal-plan';
import { queueCriticalSignalNotifications } from '../queue-notifications';
import { startPlaysForSignals } from '../start-plays';
import { matchAccount } from './match-account';

export interface StarbridgeDeps {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  logger?: Logger;
  /** The tenant's signal settings (thresholds), when it has any. */
  signalProfileFor?: (orgId: string) => Promise<unknown>;
}

export type StarbridgeIntakeResult =
  | { status: 'unauthorized'; reason: 'unknown_tenant' | 'no_secret' | 'missing' | 'malformed' | 'stale' | 'mismatch' }
  | { status: 'invalid'; issues: { path: string; message: string }[] }
  | { status: 'duplicate'; eventId: string }
  | {
      status: 'accepted';
      eventId: string;
      matched: boolean;
      accountId: string | null;
      matchedBy: 'domain' | 'name' | 'none';
      /** The signal raised or updated; id null when a cooldown or suppression held it back. */
      signal: { id: string | null; type: string; severity: SignalSeverity; change: 'created' | 'updated' | 'held' } | null;
      playsCreated: number;
    };

/** The associated data the tenant's STARBRIDGE secret is sealed with. */
export function starbridgeSecretContext(orgId: string): string {
  return `starbridge_webhook:${orgId}`;
}

/** Creates or replaces the tenant's STARBRIDGE signing secret; the plaintext is returned this once. */
export async function rotateStarbridgeSecret(tx: WebhookExecutor, secretBox: SecretBox, orgId: string, now: Date): Promise<string> {
  const secret = generateWebhookSecret();
  await setIntegrationSecret(tx, 'starbridge_webhook', secretBox.seal(secret, starbridgeSecretContext(orgId)), now);
  return secret;
}

/**
 * One inbound STARBRIDGE event: find the tenant named in the URL, verify the HMAC signature over the raw body
 * with the tenant's secret and the replay window, validate the body, match the account, store the event once
 * (by sender id) and raise or update its signal, with plays, notifications and webhooks, in one transaction.
 * Unknown tenants and tenants without a secret get the same answer as a bad signature.
 */
export async function receiveStarbridgeEvent(deps: StarbridgeDeps, args: { orgKey: string; rawBody: Buffer; signature: string | undefined }): Promise<StarbridgeIntakeResult> {
  const orgId = await orgIdForWebhookKey(deps.db, args.orgKey);
  if (!orgId) return { status: 'unauthorized', reason: 'unknown_tenant' };
  const sealed = await withOrg(deps.db, orgId, (tx) => getIntegrationSecret(tx, 'starbridge_webhook'));
  if (!sealed) return { status: 'unauthorized', reason: 'no_secret' };
  const now = deps.clock.now();
  const check = verifySignature({ secret: deps.secretBox.open(sealed, starbridgeSecretContext(orgId)), header: args.signature, body: args.rawBody, nowSeconds: Math.floor(now.getTime() / 1000) });
  if (!check.ok) return { status: 'unauthorized', reason: check.reason };

  let json: unknown;
  try {
    json = JSON.parse(args.rawBody.toString('utf8'));
  } catch {
    return { status: 'invalid', issues: [{ path: 'body', message: 'malformed JSON' }] };
  }
  const parsed = starbridgeEventSchema.safeParse(json);
  if (!parsed.success) return { status: 'invalid', issues: parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })) };
  const body = parsed.data;
  const profile = resolveSignalProfile((await deps.signalProfileFor?.(orgId)) ?? {});

  return withOrg(deps.db, orgId, async (tx): Promise<StarbridgeIntakeResult> => {
    await lockTenantSignals(tx);
    const match = await matchAccount(tx, body.account);
    const stored = await insertStarbridgeEvent(tx, {
      eventId: body.id,
      type: body.type,
      accountId: match.accountId,
      matchedBy: match.matchedBy,
      accountDomain: body.account.domain ?? null,
      accountName: body.account.name ?? null,
      payload: body as unknown as Record<string, unknown>,
      occurredAt: new Date(body.occurredAt),
      receivedAt: now,
    });
    if (!stored) return { status: 'duplicate', eventId: body.id };
    const base = { status: 'accepted' as const, eventId: body.id, matched: match.accountId !== null, accountId: match.accountId, matchedBy: match.matchedBy };

    const evaluation = evaluateStarbridgeEvent({ ...body, accountId: match.accountId, accountOwnerId: match.ownerId }, profile.thresholds, now);
    if (!evaluation) return { ...base, signal: null, playsCreated: 0 };
    const state = await loadPlanningState(tx, { now, cooldownHours: 0, keys: [evaluation.dedupeKey] });
    const plan = planSignalCycle({ open: state.open, closed: state.closed, fired: [evaluation], cleared: [], now });
    const applied = await applySignalPlan(tx, plan, { now, cooldownHours: profile.thresholds.cooldown_hours });
    const plays = await startPlaysForSignals(tx, applied.activated, now);
    await queueCriticalSignalNotifications(tx, [...applied.activated, ...applied.escalated.filter((s) => s.state === 'ACTIVE')], now);
    await enqueueWebhookEvents(tx, [...applied.events, ...plays.map(playCreatedEvent)], { now });
    const signal = applied.created[0] ?? applied.refreshed[0];
    deps.logger?.info({ orgId, eventId: body.id, type: body.type, matched: base.matched }, 'STARBRIDGE event received');
    return {
      ...base,
      signal: signal
        ? { id: signal.id, type: signal.type, severity: signal.severity, change: applied.created.length ? 'created' : 'updated' }
        : { id: null, type: evaluation.type, severity: evaluation.severity, change: 'held' },
      playsCreated: plays.length,
    };
  });
}
