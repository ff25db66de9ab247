import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigests, upsertNotificationPreferences, type NotificationPreferences } from '../backend/src/db/queries/notifications';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { accountInput, opportunityInput } from '../backend/src/engine/signals/testing/inputs';
import { buildDigests, type DigestMailer } from '../backend/src/notify/digest/build-digests';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { HOUR, ManualClock, seedBook } from '../backend/src/signals/testing/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('notify-digest');
});
afterAll(() => database?.close());

const prefs = (userId: string, over: Partial<NotificationPreferences>): NotificationPreferences => ({
  userId,
  slackChannel: null,
  email: null,
  timezone: 'UTC',
  quietHoursStart: null,
  quietHoursEnd: null,
  dailyBudget: 10,
  digest: 'daily',
  ...over,
});

async function tenant(name: string) {
  const orgId = (await ensureOrganization(database.ownerPool, `${name} ${randomBytes(3).toString('hex')}`)).id;
  const clock = new ManualClock('2026-11-02T06:00:00Z');
  const book = await withOrg(database.db, orgId, async (tx) => {
    const b = await seedBook(tx, orgId);
    await tx.execute(sql`update accounts set name = '<Evil & Co>' where id = ${b.accounts[0]!.id}`);
    await upsertNotificationPreferences(tx, prefs(b.reps[0]!, { email: 'rep0@example.com', timezone: 'Europe/Berlin' }), clock.now());
    await upsertNotificationPreferences(tx, prefs(b.reps[1]!, { email: 'rep1@example.com', digest: 'weekly' }), clock.now());
    return b;
  });
  await runSignalCycle({ db: database.db, clock }, orgId, {
    accounts: [accountInput({ accountId: book.accounts[0]!.id, ownerId: book.accounts[0]!.ownerId, renewalRisk: 90 })],
    opportunities: [opportunityInput({ opportunityId: book.opportunities[0]!.id, accountId: book.opportunities[0]!.accountId, ownerId: book.opportunities[0]!.ownerId, hygiene: 55 })],
  });
  clock.advance(30 * HOUR);
  return { orgId, clock, book };
}

function recordingMailer(fail = false): DigestMailer & { sent: { to: string; subject: string; html: string; text: string }[] } {
  const sent: { to: string; subject: string; html: string; text: string }[] = [];
  return {
    sent,
    async send(message) {
      if (fail) throw new Error('SMTP 550 mailbox unavailable');
      sent.push(message);
    },
  };
}

describe('digests', () => {
  it('renders what changed and what needs attention today, as HTML and text, and e-mails it', async () => {
    const t = await tenant('Digest');
    const mailer = recordingMailer();
    const report = await buildDigests({ db: database.db, clock: t.clock, mailer }, t.orgId, 'daily');
    expect(report).toMatchObject({ rendered: 1, sent: 1, failed: 0 });
    const [mail] = mailer.sent;
    expect(mail!.to).toBe('rep0@example.com');
    expect(mail!.subject).toBe('Pillar daily digest 2026-11-03: 3 items need attention today');
    expect(mail!.text).toContain('Needs attention today\n  - [CRITICAL] Renewal risk 90 (critical at ≥ 85) (<Evil & Co>)');
    expect(mail!.text).toContain('[WARNING] Deal hygiene 55 (gaps in the record) (Deal 0)');
    expect(mail!.text).toMatch(/OVERDUE Review the renewal risk drivers — Renewal rescue \(<Evil & Co>\), due 2026-11-03 06:00 UTC/);
    expect(mail!.text).toContain('Plays: 0 started, 0 completed.');
    expect(mail!.html).toContain('&lt;Evil &amp; Co&gt;');
    expect(mail!.html).not.toContain('<Evil');
    const [stored] = await withOrg(database.db, t.orgId, (tx) => loadDigests(tx, { userId: t.book.reps[0]!, limit: 5 }));
    expect(stored).toMatchObject({ period: 'daily', periodStart: '2026-11-03', status: 'sent' });
  });

  it('is built once per user and period', async () => {
    const t = await tenant('Idempotent');
    const mailer = recordingMailer();
    await buildDigests({ db: database.db, clock: t.clock, mailer }, t.orgId, 'daily');
    const again = await buildDigests({ db: database.db, clock: t.clock, mailer }, t.orgId, 'daily');
    expect(again).toMatchObject({ rendered: 0, sent: 0 });
    expect(mailer.sent).toHaveLength(1);
  });

  it('stores digests as rendered when no mail transport is configured, and records a failed send', async () => {
    const t = await tenant('No SMTP');
    expect(await buildDigests({ db: database.db, clock: t.clock }, t.orgId, 'daily')).toMatchObject({ rendered: 1, sent: 0 });
    expect((await withOrg(database.db, t.orgId, (tx) => loadDigests(tx, { limit: 5 })))[0]).toMatchObject({ status: 'rendered' });
    const t2 = await tenant('Failing SMTP');
    expect(await buildDigests({ db: database.db, clock: t2.clock, mailer: recordingMailer(true) }, t2.orgId, 'daily')).toMatchObject({ rendered: 1, failed: 1 });
    expect((await withOrg(database.db, t2.orgId, (tx) => loadDigests(tx, { limit: 5 })))[0]).toMatchObject({ status: 'failed' });
  });

  it('follows each person’s cadence and sends nothing when there is nothing to say', async () => {
    const t = await tenant('Cadence');
    const weekly = await buildDigests({ db: database.db, clock: t.clock, mailer: recordingMailer() }, t.orgId, 'weekly');
    expect(weekly).toMatchObject({ rendered: 0 });
  });
});
