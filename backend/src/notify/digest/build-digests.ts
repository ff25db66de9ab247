import type { Db } from '../../db/database';
import { listDigestRecipients, loadDigestActivity, markDigest, storeDigest } from '../../db/queries/notifications';
import { withOrg } from '../../db/tenant';
import type { Logger } from '../../logger';
import type { Clock } from '../../runtime';
import { startOfLocalDay } from '../noise/delivery-policy';
import { digestIsEmpty, renderDigest } from './render-digest';

/** Sends a rendered digest by e-mail (an SMTP transport, when the operator configures one). */
export interface DigestMailer {
  send(message: { to: string; subject: string; html: string; text: string }): Promise<void>;
}

export interface DigestRunReport {
  rendered: number;
  sent: number;
  failed: number;
  /** Recipients with nothing to report, on another cadence, or whose digest for this period already exists. */
  skipped: number;
}

const DAY = 86_400_000;

function localDate(now: Date, timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/**
 * Builds the tenant's daily or weekly digests: per user on that cadence, what changed on their records in
 * the period, their open critical and warning signals, and their open tasks due by the end of their local
 * day, rendered as HTML and text and stored once per user and period. With a mailer, each stored digest is
 * e-mailed and marked sent or failed; without one they stay `rendered` (readable through the API).
 */
export async function buildDigests(deps: { db: Db; clock: Clock; mailer?: DigestMailer | null; logger?: Logger }, orgId: string, period: 'daily' | 'weekly'): Promise<DigestRunReport> {
  const now = deps.clock.now();
  const report: DigestRunReport = { rendered: 0, sent: 0, failed: 0, skipped: 0 };
  const stored = await withOrg(deps.db, orgId, async (tx) => {
    const out: { id: string; email: string | null; subject: string; html: string; text: string }[] = [];
    for (const recipient of await listDigestRecipients(tx)) {
      if (recipient.digest !== period) {
        report.skipped++;
        continue;
      }
      const dayStart = startOfLocalDay(now, recipient.timezone);
      const since = new Date(now.getTime() - (period === 'daily' ? 1 : 7) * DAY);
      const activity = await loadDigestActivity(tx, { userId: recipient.userId, since, until: now, dueBy: new Date(dayStart.getTime() + DAY) });
      const model = {
        recipientName: recipient.name,
        period,
        periodStart: localDate(now, recipient.timezone),
        ...activity,
        tasks: activity.tasks.map((t) => ({ ...t, overdue: t.dueAt.getTime() < now.getTime() })),
      };
      if (digestIsEmpty(model)) {
        report.skipped++;
        continue;
      }
      const rendered = renderDigest(model);
      const row = await storeDigest(tx, { userId: recipient.userId, period, periodStart: model.periodStart, ...rendered }, now);
      if (!row) {
        report.skipped++;
        continue;
      }
      report.rendered++;
      out.push({ id: row.id, email: recipient.email, ...rendered });
    }
    return out;
  });
  if (!deps.mailer) return report;
  for (const digest of stored) {
    if (!digest.email) continue;
    try {
      await deps.mailer.send({ to: digest.email, subject: digest.subject, html: digest.html, text: digest.text });
      await withOrg(deps.db, orgId, (tx) => markDigest(tx, digest.id, { status: 'sent', error: null, at: deps.clock.now() }));
      report.sent++;
    } catch (error) {
      await withOrg(deps.db, orgId, (tx) => markDigest(tx, digest.id, { status: 'failed', error: (error as Error).message, at: deps.clock.now() }));
      report.failed++;
      deps.logger?.warn({ orgId, digestId: digest.id, err: error }, 'digest e-mail failed');
    }
  }
  return report;
}
