import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listNotifications, upsertNotificationPreferences, type NotificationPreferences } from '../backend/src/db/queries/notifications';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { startSlackEmulator, type SlackEmulator } from '../backend/src/emulators/slack/slack-emulator';
import { accountInput } from '../backend/src/engine/signals/testing/inputs';
import { dispatchNotifications } from '../backend/src/notify/dispatch-notifications';
import { createSlackSender } from '../backend/src/notify/slack/slack-client';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { HOUR, ManualClock, seedBook, type Book } from '../backend/src/signals/testing/fixtures';
import { transitionSignal } from '../backend/src/signals/transition-signal';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const TOKEN = 'xoxb-test-token';
let database: TestDatabase;
let slack: SlackEmulator;

beforeAll(async () => {
  database = await createTestDatabase('notify-slack');
  slack = await startSlackEmulator({ token: TOKEN, channels: ['C-SALES', 'U-REP0'] });
});
afterAll(async () => {
  await slack?.close();
  await database?.close();
});
beforeEach(() => {
  slack.messages.length = 0;
  slack.calls.length = 0;
});

const prefs = (userId: string, over: Partial<NotificationPreferences> = {}): NotificationPreferences => ({
  userId,
  slackChannel: 'U-REP0',
  email: null,
  timezone: 'UTC',
  quietHoursStart: null,
  quietHoursEnd: null,
  dailyBudget: 10,
  digest: 'daily',
  ...over,
});

/** A tenant whose first account comes from Salesforce, with one critical renewal signal per listed account. */
async function tenant(name: string, setup: (book: Book) => NotificationPreferences[], at = '2026-11-02T15:00:00Z') {
  const orgId = (await ensureOrganization(database.ownerPool, `${name} ${randomBytes(3).toString('hex')}`)).id;
  const clock = new ManualClock(at);
  const book = await withOrg(database.db, orgId, async (tx) => {
    const b = await seedBook(tx, orgId);
    await tx.execute(sql`update accounts set source = 'salesforce', external_id = '001000000000AAA' where id = ${b.accounts[0]!.id}`);
    await tx.execute(sql`insert into crm_connections (org_id, provider, instance_url, external_org_id, credentials) values (${orgId}, 'salesforce', 'https://acme.my.salesforce.com', '00D000000000001', 'sealed')`);
    for (const p of setup(b)) await upsertNotificationPreferences(tx, p, clock.now());
    return b;
  });
  const raise = (...indexes: number[]) =>
    runSignalCycle({ db: database.db, clock }, orgId, { accounts: indexes.map((i) => accountInput({ accountId: book.accounts[i]!.id, ownerId: book.accounts[i]!.ownerId, name: book.accounts[i]!.name, renewalRisk: 92 })), opportunities: [] });
  const dispatch = (sender = createSlackSender({ token: TOKEN, slackApiUrl: slack.apiUrl })) => dispatchNotifications({ db: database.db, clock, slack: sender }, orgId);
  const notifications = () => withOrg(database.db, orgId, (tx) => listNotifications(tx, { limit: 100 }));
  const signalStates = async () => (await withOrg(database.db, orgId, (tx) => tx.execute<{ state: string }>(sql`select state from signals where severity = 'CRITICAL'`))).rows.map((r) => r.state);
  return { orgId, clock, book, raise, dispatch, notifications, signalStates };
}

describe('Slack notifications for critical signals', () => {
  it('posts a Block Kit message to the owner with the rule, evidence, action and a link to the CRM record', async () => {
    const t = await tenant('Block Kit', (b) => [prefs(b.accounts[0]!.ownerId)]);
    await t.raise(0);
    expect(await t.dispatch()).toMatchObject({ sent: 1, failed: [] });
    expect(slack.messages).toHaveLength(1);
    const [message] = slack.messages;
    expect(message!.channel).toBe('U-REP0');
    expect(message!.text).toContain('CRITICAL: Renewal risk 92');
    const blocks = message!.blocks as { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { type: string; url?: string; text: unknown }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
    expect(blocks[0]!.text!.text).toBe('Critical: Renewal risk 92 (critical at ≥ 85)');
    expect(blocks[1]!.fields!.map((f) => f.text)).toEqual(
      expect.arrayContaining([expect.stringContaining(t.book.accounts[0]!.name), expect.stringContaining('`SIG-REN-001` (renewal_critical_score 85)'), expect.stringContaining('`renewal_risk_critical`')]),
    );
    expect(blocks[2]!.text!.text).toContain('renewalRisk: 92');
    expect(blocks[3]!.text!.text).toContain('*Recommended action*');
    expect(blocks[5]!.elements![0]).toMatchObject({ type: 'button', url: 'https://acme.my.salesforce.com/lightning/r/Account/001000000000AAA/view' });
    expect((await t.notifications())[0]).toMatchObject({ status: 'sent', externalId: expect.stringMatching(/^\d+\.\d{6}$/) });
  });

  it('retries a rate-limited message after Retry-After and keeps the signal', async () => {
    const t = await tenant('Rate limit', (b) => [prefs(b.accounts[0]!.ownerId)]);
    await t.raise(0);
    slack.rateLimitNext(1, 30);
    expect(await t.dispatch()).toMatchObject({ sent: 0, deferred: 1 });
    expect((await t.notifications())[0]).toMatchObject({ status: 'deferred', reason: 'rate_limited', nextAttemptAt: new Date(t.clock.now().getTime() + 30_000) });
    expect(await t.dispatch()).toMatchObject({ sent: 0, deferred: 0 });
    t.clock.advance(30_000);
    expect(await t.dispatch()).toMatchObject({ sent: 1 });
    expect(slack.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(await t.signalStates()).toEqual(['ACTIVE']);
  });

  it('reports channel_not_found, records the failure and never loses the signal', async () => {
    const t = await tenant('Missing channel', (b) => [prefs(b.accounts[0]!.ownerId, { slackChannel: 'C-DELETED' })]);
    await t.raise(0);
    const report = await t.dispatch();
    expect(report.failed).toEqual([expect.objectContaining({ reason: 'channel_not_found' })]);
    expect((await t.notifications())[0]).toMatchObject({ status: 'failed', reason: 'channel_not_found', lastError: 'channel_not_found' });
    expect(slack.messages).toHaveLength(0);
    expect(await t.signalStates()).toEqual(['ACTIVE']);
    t.clock.advance(HOUR);
    expect(await t.dispatch()).toMatchObject({ sent: 0, failed: [] });
  });

  it('defers a message during the owner’s quiet hours (their time zone) to the end of the window', async () => {
    // 08:00 UTC is 03:00 in New York, inside 22:00–07:00.
    const t = await tenant('Quiet hours', (b) => [prefs(b.accounts[0]!.ownerId, { timezone: 'America/New_York', quietHoursStart: '22:00', quietHoursEnd: '07:00' })], '2026-11-02T08:00:00Z');
    await t.raise(0);
    expect(await t.dispatch()).toMatchObject({ deferred: 1, sent: 0 });
    expect((await t.notifications())[0]).toMatchObject({ status: 'deferred', reason: 'quiet_hours', nextAttemptAt: new Date('2026-11-02T12:00:00Z') });
    t.clock.set('2026-11-02T12:00:00Z');
    expect(await t.dispatch()).toMatchObject({ sent: 1 });
  });

  it('stops real-time messages at the daily budget; the rest wait for the feed and the digest', async () => {
    const t = await tenant('Budget', (b) => [prefs(b.accounts[0]!.ownerId, { dailyBudget: 1 })]);
    // Accounts 0 and 2 belong to the same rep (seedBook alternates owners).
    await t.raise(0, 2);
    expect(await t.dispatch()).toMatchObject({ sent: 1, skipped: 1 });
    expect((await t.notifications()).map((n) => [n.status, n.reason]).sort()).toEqual([
      ['sent', null],
      ['skipped', 'budget'],
    ]);
    expect(await t.signalStates()).toEqual(['ACTIVE', 'ACTIVE']);
  });

  it('skips a message whose signal was resolved before it went out, and one without a Slack destination', async () => {
    const t = await tenant('Closed', () => []);
    await t.raise(1);
    expect((await t.notifications())[0]).toMatchObject({ status: 'skipped', reason: 'no_destination' });
    const t2 = await tenant('Closed 2', (b) => [prefs(b.accounts[0]!.ownerId)]);
    await t2.raise(0);
    const [signal] = (await withOrg(database.db, t2.orgId, (tx) => tx.execute<{ id: string }>(sql`select id from signals where severity = 'CRITICAL'`))).rows;
    await withOrg(database.db, t2.orgId, (tx) => transitionSignal(tx, { signalId: signal!.id, command: { kind: 'resolve', cooldownHours: 72 }, actor: { kind: 'user', userId: t2.book.reps[0]! }, now: t2.clock.now() }));
    expect(await t2.dispatch()).toMatchObject({ sent: 0, skipped: 1 });
    expect((await t2.notifications())[0]).toMatchObject({ status: 'skipped', reason: 'signal_closed' });
  });

  it('reports a revoked token as an auth failure', async () => {
    const t = await tenant('Auth', (b) => [prefs(b.accounts[0]!.ownerId)]);
    await t.raise(0);
    const report = await t.dispatch(createSlackSender({ token: 'xoxb-revoked', slackApiUrl: slack.apiUrl }));
    expect(report.failed).toEqual([expect.objectContaining({ reason: 'auth', error: 'invalid_auth' })]);
  });
});
