import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { listNotifications, upsertNotificationPreferences } from '../backend/src/db/queries/notifications';
import { listDeliveries } from '../backend/src/db/queries/webhooks';
import { withOrg } from '../backend/src/db/tenant';
import { accountInput, opportunityInput, roles } from '../backend/src/engine/signals/testing/inputs';
import type { AccountSignalInput, OpportunitySignalInput } from '../backend/src/engine/signals/types';
import { registerWebhookEndpoint } from '../backend/src/notify/webhooks/endpoints';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { ManualClock, DAY, HOUR, seedBook, type Book } from '../backend/src/signals/testing/fixtures';
import { transitionSignal } from '../backend/src/signals/transition-signal';
import { SecretBox } from '../backend/src/security/secret-box';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('signals-cycle');
});
afterAll(() => database?.close());

type SignalRow = {
  id: string;
  type: string;
  family: string;
  severity: string;
  state: string;
  dedupe_key: string;
  evidence: Record<string, unknown>;
  threshold: Record<string, unknown>;
  rule_id: string;
  created_at: Date;
};

async function tenant(name: string) {
  const orgId = (await ensureOrganization(database.ownerPool, `${name} ${randomBytes(3).toString('hex')}`)).id;
  const clock = new ManualClock('2026-11-02T09:00:00Z');
  const book: Book = await withOrg(database.db, orgId, (tx) => seedBook(tx, orgId));
  const deps = { db: database.db, clock };
  const signals = async () =>
    (await withOrg(database.db, orgId, (tx) => tx.execute<SignalRow>(sql`select id, type, family, severity, state, dedupe_key, evidence, threshold, rule_id, created_at from signals order by created_at, type`))).rows;
  const transitions = async (signalId: string) =>
    (await withOrg(database.db, orgId, (tx) => tx.execute<{ from_state: string | null; to_state: string; actor_kind: string; actor_id: string | null; note: string | null; evidence: Record<string, unknown> | null }>(
      sql`select from_state, to_state, actor_kind, actor_id, note, evidence from signal_transitions where signal_id = ${signalId} order by at, to_state <> 'PENDING', id`,
    ))).rows;
  const account = (i: number, over: Parameters<typeof accountInput>[0] = {}): AccountSignalInput =>
    accountInput({ accountId: book.accounts[i]!.id, ownerId: book.accounts[i]!.ownerId, name: book.accounts[i]!.name, ...over });
  const deal = (i: number, over: Parameters<typeof opportunityInput>[0] = {}): OpportunitySignalInput =>
    opportunityInput({ opportunityId: book.opportunities[i]!.id, accountId: book.opportunities[i]!.accountId, ownerId: book.opportunities[i]!.ownerId, ...over });
  return { orgId, clock, book, deps, signals, transitions, account, deal };
}

describe('runSignalCycle', () => {
  it('raises typed signals with rule, threshold and evidence, records the transitions and reports them by family and severity', async () => {
    const t = await tenant('Raise');
    const report = await runSignalCycle(t.deps, t.orgId, {
      accounts: [t.account(0, { renewalRisk: 91, features: { roles: roles({ champion: 1 }) } }), t.account(1, { renewalRisk: 55 })],
      opportunities: [t.deal(0, { hygiene: 75, features: { closeDatePushes: 2 } })],
    });
    expect(report).toMatchObject({ created: 5, activated: 5, autoResolved: 0, expired: 0 });
    expect(report.raised).toEqual({ RENEWAL: { CRITICAL: 1, WARNING: 2 }, PIPELINE: { CRITICAL: 1, WARNING: 1 } });
    expect(report.open).toEqual(report.raised);
    const rows = await t.signals();
    const critical = rows.find((r) => r.type === 'renewal_risk_critical')!;
    expect(critical).toMatchObject({ family: 'RENEWAL', severity: 'CRITICAL', state: 'ACTIVE', rule_id: 'SIG-REN-001', threshold: { renewal_critical_score: 85 }, evidence: { renewalRisk: 91 } });
    expect(critical.dedupe_key).toBe(`renewal_risk:account:${t.book.accounts[0]!.id}`);
    expect(await t.transitions(critical.id)).toEqual([
      expect.objectContaining({ from_state: null, to_state: 'PENDING', actor_kind: 'system', note: 'raised' }),
      expect.objectContaining({ from_state: 'PENDING', to_state: 'ACTIVE', actor_kind: 'system' }),
    ]);
  });

  it('updates the open signal when the condition fires again, escalating instead of duplicating', async () => {
    const t = await tenant('Refire');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    t.clock.advance(6 * HOUR);
    const again = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 62 })], opportunities: [] });
    t.clock.advance(6 * HOUR);
    const escalation = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 90 })], opportunities: [] });
    expect(again).toMatchObject({ created: 0, refreshed: 1 });
    expect(escalation).toMatchObject({ created: 0, refreshed: 1, escalated: 1 });
    const rows = (await t.signals()).filter((r) => r.rule_id === 'SIG-REN-001');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'renewal_risk_critical', severity: 'CRITICAL', state: 'ACTIVE', evidence: { renewalRisk: 90 } });
  });

  it('auto-resolves a cleared condition with the evidence that cleared it, then holds the key through the cooldown', async () => {
    const t = await tenant('Resolve');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    t.clock.advance(6 * HOUR);
    const cleared = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 12 })], opportunities: [] });
    expect(cleared.autoResolved).toBe(1);
    const [signal] = (await t.signals()).filter((r) => r.rule_id === 'SIG-REN-001');
    expect(signal!.state).toBe('RESOLVED');
    expect((await t.transitions(signal!.id)).at(-1)).toMatchObject({ from_state: 'ACTIVE', to_state: 'RESOLVED', actor_kind: 'system', note: 'condition cleared', evidence: { ruleId: 'SIG-REN-001', renewalRisk: 12 } });

    t.clock.advance(6 * HOUR);
    const soon = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 61 })], opportunities: [] });
    expect(soon).toMatchObject({ created: 0, held: { cooldown: 1 } });
    t.clock.advance(3 * DAY);
    const later = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 61 })], opportunities: [] });
    expect(later.raised.RENEWAL).toEqual({ WARNING: 1 });
    expect((await t.signals()).filter((r) => r.rule_id === 'SIG-REN-001').map((r) => r.state)).toEqual(['RESOLVED', 'ACTIVE']);
  });

  it('lets an escalation through the cooldown', async () => {
    const t = await tenant('Escalate through cooldown');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 10 })], opportunities: [] });
    t.clock.advance(HOUR);
    expect((await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 95 })], opportunities: [] })).created).toBe(1);
  });

  it('never resolves a signal because its inputs went missing', async () => {
    const t = await tenant('Missing');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    const report = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: null })], opportunities: [] });
    expect(report.autoResolved).toBe(0);
    expect((await t.signals())[0]!.state).toBe('ACTIVE');
  });

  it('expires a signal that was not seen again before expires_at, with a transition', async () => {
    const t = await tenant('Expire');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    t.clock.advance(13 * DAY);
    expect((await runSignalCycle(t.deps, t.orgId, { accounts: [], opportunities: [] })).expired).toBe(0);
    t.clock.advance(DAY);
    expect((await runSignalCycle(t.deps, t.orgId, { accounts: [], opportunities: [] })).expired).toBe(1);
    const [signal] = await t.signals();
    expect(signal!.state).toBe('EXPIRED');
    expect((await t.transitions(signal!.id)).at(-1)).toMatchObject({ from_state: 'ACTIVE', to_state: 'EXPIRED', actor_kind: 'system' });
  });

  it('keeps a suppressed condition quiet until the suppression ends, then raises it again', async () => {
    const t = await tenant('Suppress');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    const [signal] = await t.signals();
    const user = t.book.reps[0]!;
    const until = new Date(t.clock.now().getTime() + 2 * DAY);
    const suppressed = await withOrg(database.db, t.orgId, (tx) =>
      transitionSignal(tx, { signalId: signal!.id, command: { kind: 'suppress', reason: 'customer is on a sabbatical', until }, actor: { kind: 'user', userId: user }, now: t.clock.now() }),
    );
    expect(suppressed.ok).toBe(true);
    expect((await t.transitions(signal!.id)).at(-1)).toMatchObject({ to_state: 'SUPPRESSED', actor_kind: 'user', actor_id: user, note: 'customer is on a sabbatical' });
    t.clock.advance(DAY);
    expect(await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 95 })], opportunities: [] })).toMatchObject({ created: 0, held: { suppressed: 1 } });
    t.clock.advance(DAY);
    expect((await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 95 })], opportunities: [] })).created).toBe(1);
  });

  it('refuses an illegal transition and leaves the signal as it was', async () => {
    const t = await tenant('Illegal');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    const [signal] = await t.signals();
    const actor = { kind: 'user' as const, userId: t.book.reps[0]! };
    const resolve = await withOrg(database.db, t.orgId, (tx) => transitionSignal(tx, { signalId: signal!.id, command: { kind: 'resolve', cooldownHours: 72 }, actor, now: t.clock.now() }));
    const again = await withOrg(database.db, t.orgId, (tx) => transitionSignal(tx, { signalId: signal!.id, command: { kind: 'acknowledge' }, actor, now: t.clock.now() }));
    expect(resolve.ok).toBe(true);
    expect(again).toMatchObject({ ok: false, code: 'illegal_transition' });
    expect((await t.signals())[0]!.state).toBe('RESOLVED');
    expect((await t.transitions(signal!.id)).map((x) => x.to_state)).toEqual(['PENDING', 'ACTIVE', 'RESOLVED']);
  });

  it('holds a noisy signal in PENDING until a second cycle confirms it', async () => {
    const t = await tenant('Confirm');
    const decaying = () => t.account(0, { features: { engagementDecayPct: 60 } });
    const first = await runSignalCycle(t.deps, t.orgId, { accounts: [decaying()], opportunities: [] });
    expect(first).toMatchObject({ created: 1, activated: 0 });
    expect((await t.signals())[0]).toMatchObject({ type: 'engagement_decay', state: 'PENDING' });
    t.clock.advance(6 * HOUR);
    expect((await runSignalCycle(t.deps, t.orgId, { accounts: [decaying()], opportunities: [] })).activated).toBe(1);
    expect((await t.signals())[0]!.state).toBe('ACTIVE');
  });

  it('clears deal signals when the deal closes', async () => {
    const t = await tenant('Closed deal');
    await runSignalCycle(t.deps, t.orgId, { accounts: [], opportunities: [t.deal(0, { hygiene: 80, features: { daysInStage: 40 } })] });
    const report = await runSignalCycle(t.deps, t.orgId, { accounts: [], opportunities: [t.deal(0, { hygiene: 80, features: { isClosed: true, isWon: true } })] });
    expect(report.autoResolved).toBe(2);
    expect((await t.signals()).every((s) => s.state === 'RESOLVED')).toBe(true);
  });

  it('raises a WORKFLOW breach when a play passes its SLA, and clears it when the play is completed', async () => {
    const t = await tenant('SLA');
    await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    t.clock.advance(73 * HOUR);
    const breach = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 60 })], opportunities: [] });
    expect(breach.raised).toMatchObject({ WORKFLOW: { WARNING: 2 } }); // the play's SLA and the unacknowledged warning (72 h)
    await withOrg(database.db, t.orgId, (tx) => tx.execute(sql`update plays set state = 'COMPLETED', outcome = 'RENEWED', completed_at = ${t.clock.now()}`));
    t.clock.advance(HOUR);
    await runSignalCycle(t.deps, t.orgId, { accounts: [], opportunities: [] });
    const workflow = (await t.signals()).filter((s) => s.family === 'WORKFLOW');
    expect(workflow.find((s) => s.dedupe_key.startsWith('play_sla_breach'))!.state).toBe('RESOLVED');
  });

  it('applies the tenant profile (threshold overrides, switched-off types) and refuses an invalid one', async () => {
    const t = await tenant('Profile');
    const report = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 87 })], opportunities: [] }, { signalProfile: { thresholds: { renewal_critical_score: 90 } } });
    expect(report.raised).toEqual({ RENEWAL: { WARNING: 1 } });
    await expect(runSignalCycle(t.deps, t.orgId, { accounts: [], opportunities: [] }, { signalProfile: { thresholds: { renewal_critical_score: 'high' } } })).rejects.toThrow(/Invalid signal profile/);
  });

  it('queues a Slack message for critical signals once, and the webhooks in the same transaction', async () => {
    const t = await tenant('Outbox');
    const owner = t.book.accounts[0]!.ownerId;
    await withOrg(database.db, t.orgId, async (tx) => {
      await upsertNotificationPreferences(tx, { userId: owner, slackChannel: 'C-OWNER', email: null, timezone: 'UTC', quietHoursStart: null, quietHoursEnd: null, dailyBudget: 10, digest: 'daily' }, t.clock.now());
      await registerWebhookEndpoint(tx, new SecretBox(randomBytes(32)), { url: 'http://127.0.0.1:9/hook', events: ['*'] }, t.clock.now());
    });
    const first = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 90 })], opportunities: [] });
    const second = await runSignalCycle(t.deps, t.orgId, { accounts: [t.account(0, { renewalRisk: 92 })], opportunities: [] });
    expect(first.notificationsQueued).toBe(1);
    expect(second.notificationsQueued).toBe(0);
    const [notification] = await withOrg(database.db, t.orgId, (tx) => listNotifications(tx, { limit: 10 }));
    expect(notification).toMatchObject({ kind: 'signal.critical', destination: 'C-OWNER', status: 'pending', userId: owner });
    const events = (await withOrg(database.db, t.orgId, (tx) => listDeliveries(tx, { limit: 100 }))).map((d) => d.event).sort();
    expect(events).toEqual(['play.created', 'signal.created', 'signal.transitioned']);
  });
});
