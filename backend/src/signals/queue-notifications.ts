import { enqueueNotifications, loadNotificationPreferences, type NewNotification, type NotificationExecutor } from '../db/queries/notifications';
import type { StoredSignal } from '../db/queries/signal-store';

export const CRITICAL_SIGNAL_KIND = 'signal.critical';

/**
 * Queues a Slack message for each ACTIVE critical signal with an owner (reference §7 routing: CRITICAL goes
 * to Slack; WARNING and INFO wait for the feed and the digest), in the signal's transaction. An owner without
 * a Slack destination gets a `skipped` row that says so. One message per signal, however often it re-fires.
 */
export async function queueCriticalSignalNotifications(tx: NotificationExecutor, signals: readonly StoredSignal[], now: Date): Promise<number> {
  const critical = signals.filter((s) => s.severity === 'CRITICAL' && s.state === 'ACTIVE' && s.ownerId !== null);
  if (critical.length === 0) return 0;
  const prefs = await loadNotificationPreferences(tx, [...new Set(critical.map((s) => s.ownerId!))]);
  const rows: NewNotification[] = critical.map((s) => {
    const destination = prefs.get(s.ownerId!)?.slackChannel ?? null;
    return {
      userId: s.ownerId,
      channel: 'slack',
      kind: CRITICAL_SIGNAL_KIND,
      signalId: s.id,
      destination,
      payload: { type: s.type, title: s.title },
      status: destination ? 'pending' : 'skipped',
      reason: destination ? null : 'no_destination',
    };
  });
  return enqueueNotifications(tx, rows, now);
}
