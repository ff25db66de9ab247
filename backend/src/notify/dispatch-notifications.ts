import type { Db } from '../db/database';
import {
  claimDueNotifications,
  countSentSince,
  DEFAULT_DAILY_BUDGET,
  loadSignalMessageContext,
  recordNotificationResults,
  type ClaimedNotification,
  type NotificationResult,
} from '../db/queries/notifications';
import { loadSignals, type StoredSignal } from '../db/queries/signal-store';
import { withOrg } from '../db/tenant';
import type { Logger } from '../logger';
import type { Clock } from '../runtime';
import { decideDelivery, startOfLocalDay, type DeliveryPreferences } from './noise/delivery-policy';
import type { SlackSender } from './slack/slack-client';
import { signalSlackMessage } from './slack/signal-message';

export interface NotificationDispatchDeps {
  db: Db;
  clock: Clock;
  /** Null when Slack is not configured: messages are then marked skipped (the feed and digest still carry them). */
  slack: SlackSender | null;
  logger?: Logger;
}

export interface NotificationReport {
  sent: number;
  deferred: number;
  skipped: number;
  /** Messages Slack refused for good (the channel does not exist, the token is revoked…), with the reason. */
  failed: { notificationId: string; signalId: string | null; reason: string; error: string | null }[];
}

const LEASE_MS = 60_000;
const BATCH = 50;
const MAX_ATTEMPTS = 6;
const OPEN = new Set(['PENDING', 'ACTIVE', 'ACKNOWLEDGED', 'IN_PROGRESS']);

function preferencesOf(n: ClaimedNotification): DeliveryPreferences {
  const p = n.preferences;
  return { timezone: p?.timezone ?? 'UTC', quietHoursStart: p?.quietHoursStart ?? null, quietHoursEnd: p?.quietHoursEnd ?? null, dailyBudget: p?.dailyBudget ?? DEFAULT_DAILY_BUDGET };
}

/**
 * Sends a tenant's due notifications to Slack: quiet hours defer (to the end of the window), the daily budget
 * skips (the signal stays in the feed and the digest), a rate limit defers this and the rest of the batch by
 * Retry-After, a missing channel or a refused token is reported and recorded as failed. The signal itself is
 * never touched by any of this.
 */
export async function dispatchNotifications(deps: NotificationDispatchDeps, orgId: string): Promise<NotificationReport> {
  const report: NotificationReport = { sent: 0, deferred: 0, skipped: 0, failed: [] };
  const now = deps.clock.now();
  const prepared = await withOrg(deps.db, orgId, async (tx) => {
    const claimed = await claimDueNotifications(tx, { now, limit: BATCH, leaseUntil: new Date(now.getTime() + LEASE_MS) });
    if (claimed.length === 0) return null;
    const users = [...new Set(claimed.map((n) => n.userId).filter((u): u is string => u !== null))];
    const windows = users.map((userId) => ({ userId, since: startOfLocalDay(now, preferencesOf(claimed.find((n) => n.userId === userId)!).timezone) }));
    const signalIds = claimed.map((n) => n.signalId).filter((s): s is string => s !== null);
    return {
      claimed,
      sentToday: await countSentSince(tx, windows),
      signals: new Map((await loadSignals(tx, signalIds)).map((s) => [s.id, s])),
      contexts: await loadSignalMessageContext(tx, signalIds),
    };
  });
  if (!prepared) return report;

  const results: NotificationResult[] = [];
  const result = (n: ClaimedNotification, r: Omit<NotificationResult, 'id' | 'at'>) => results.push({ id: n.id, at: now, ...r });
  let rateLimitedUntil: Date | null = null;
  for (const n of prepared.claimed) {
    const signal: StoredSignal | undefined = n.signalId ? prepared.signals.get(n.signalId) : undefined;
    if (n.signalId && (!signal || !OPEN.has(signal.state))) {
      result(n, { status: 'skipped', reason: 'signal_closed', error: null, externalId: null, nextAttemptAt: null });
      continue;
    }
    if (rateLimitedUntil) {
      result(n, { status: 'deferred', reason: 'rate_limited', error: null, externalId: null, nextAttemptAt: rateLimitedUntil });
      continue;
    }
    const decision = decideDelivery({ prefs: preferencesOf(n), sentToday: n.userId ? (prepared.sentToday.get(n.userId) ?? 0) : 0, now });
    if (decision.action === 'defer') {
      result(n, { status: 'deferred', reason: decision.reason, error: null, externalId: null, nextAttemptAt: decision.until });
      continue;
    }
    if (decision.action === 'skip') {
      result(n, { status: 'skipped', reason: decision.reason, error: null, externalId: null, nextAttemptAt: null });
      continue;
    }
    if (!deps.slack || !n.destination) {
      result(n, { status: 'skipped', reason: deps.slack ? 'no_destination' : 'slack_not_configured', error: null, externalId: null, nextAttemptAt: null });
      continue;
    }
    const message = signal ? signalSlackMessage(signal, prepared.contexts.get(signal.id) ?? null) : { text: String(n.payload.text ?? n.kind), blocks: [] };
    const sent = await deps.slack.postMessage(n.destination, message);
    if (sent.ok) {
      result(n, { status: 'sent', reason: null, error: null, externalId: sent.ts, nextAttemptAt: null });
      if (n.userId) prepared.sentToday.set(n.userId, (prepared.sentToday.get(n.userId) ?? 0) + 1);
      continue;
    }
    switch (sent.kind) {
      case 'rate_limited':
        rateLimitedUntil = new Date(now.getTime() + sent.retryAfterSeconds * 1000);
        result(n, { status: 'deferred', reason: 'rate_limited', error: `retry after ${sent.retryAfterSeconds} s`, externalId: null, nextAttemptAt: rateLimitedUntil });
        break;
      case 'retryable':
        if (n.attempts < MAX_ATTEMPTS) {
          result(n, { status: 'deferred', reason: 'slack_unavailable', error: sent.error, externalId: null, nextAttemptAt: new Date(now.getTime() + 60_000 * 2 ** (n.attempts - 1)) });
          break;
        }
        result(n, { status: 'failed', reason: 'slack_unavailable', error: sent.error, externalId: null, nextAttemptAt: null });
        break;
      default: {
        const reason = sent.kind === 'destination' ? sent.error : sent.kind;
        result(n, { status: 'failed', reason, error: sent.error, externalId: null, nextAttemptAt: null });
      }
    }
  }
  await withOrg(deps.db, orgId, (tx) => recordNotificationResults(tx, results));
  for (const r of results) {
    if (r.status === 'sent') report.sent++;
    else if (r.status === 'deferred') report.deferred++;
    else if (r.status === 'skipped') report.skipped++;
    else if (r.status === 'failed') {
      const n = prepared.claimed.find((c) => c.id === r.id)!;
      report.failed.push({ notificationId: r.id, signalId: n.signalId, reason: r.reason ?? 'failed', error: r.error });
    }
  }
  if (report.failed.length) deps.logger?.warn({ orgId, failed: report.failed }, 'Slack refused some notifications; the signals are unaffected');
  return report;
}
