import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { listDeliveries, replayDeliveries } from '../backend/src/db/queries/webhooks';
import { withOrg } from '../backend/src/db/tenant';
import { dispatchWebhooks, type WebhookDispatchDeps } from '../backend/src/notify/webhooks/dispatch';
import { registerWebhookEndpoint } from '../backend/src/notify/webhooks/endpoints';
import { enqueueWebhookEvent, enqueueWebhookEvents } from '../backend/src/notify/webhooks/enqueue';
import { scoreBandChangedEvent, webhookPayloadSchema, type WebhookEvent } from '../backend/src/notify/webhooks/events';
import { SecretBox } from '../backend/src/security/secret-box';
import { ManualClock, MINUTE, startReceiver, type ReceivedRequest } from '../backend/src/signals/testing/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** The receiver's check, written from docs/webhooks.md ("Node.js example") and nothing else. */
function verifyPillarSignature(secret: string, header: string, rawBody: string, nowSeconds: number): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => Buffer.from(v!, 'hex'));
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  return signatures.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
}

let database: TestDatabase;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const secretBox = new SecretBox(randomBytes(32));

beforeAll(async () => {
  database = await createTestDatabase('webhooks-delivery');
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

/** A tenant of its own with one endpoint subscribed to everything, a clock, and a dispatcher. */
async function tenant(name: string, policy: WebhookDispatchDeps['policy'] = {}) {
  const orgId = (await ensureOrganization(database.ownerPool, `${name} ${randomBytes(3).toString('hex')}`)).id;
  const clock = new ManualClock('2026-11-02T09:00:00Z');
  const { endpoint, secret } = await withOrg(database.db, orgId, (tx) => registerWebhookEndpoint(tx, secretBox, { url: receiver.url, events: ['*'] }, clock.now()));
  const deps: WebhookDispatchDeps = { db: database.db, clock, secretBox, policy, random: () => 0.5 };
  const mine = () => receiver.received.filter((r) => r.headers['x-pillar-delivery'] !== undefined && deliveryOrg.get(String(r.headers['x-pillar-event-id'])) === orgId);
  const deliveryOrg = new Map<string, string>();
  const enqueue = async (events: WebhookEvent[]) => {
    await withOrg(database.db, orgId, (tx) => enqueueWebhookEvents(tx, events, { now: clock.now() }));
    const rows = await withOrg(database.db, orgId, (tx) => listDeliveries(tx, { limit: 1000 }));
    for (const r of rows) deliveryOrg.set(r.eventId, orgId);
  };
  const deliveries = () => withOrg(database.db, orgId, (tx) => listDeliveries(tx, { limit: 1000 }));
  return { orgId, clock, endpoint, secret, deps, enqueue, deliveries, mine, dispatch: () => dispatchWebhooks(deps, orgId) };
}

const band = (accountId: string, step: number) => scoreBandChangedEvent({ accountId, score: 'health', from: `B${step - 1}`, to: `B${step}`, value: step });
const parse = (r: ReceivedRequest) => webhookPayloadSchema.parse(JSON.parse(r.body));

describe('outbound webhooks', () => {
  it('delivers a signed event that a receiver written from docs/webhooks.md verifies', async () => {
    const t = await tenant('Signed');
    await t.enqueue([band('acc-1', 1)]);
    expect(await t.dispatch()).toMatchObject({ delivered: 1, failed: 0 });
    const [request] = t.mine();
    expect(request).toBeDefined();
    const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifyPillarSignature(t.secret, String(request!.headers['x-pillar-signature']), request!.body, nowSeconds)).toBe(true);
    expect(verifyPillarSignature(t.secret, String(request!.headers['x-pillar-signature']), request!.body.replace('B1', 'B9'), nowSeconds)).toBe(false);
    expect(verifyPillarSignature('whsec_wrong', String(request!.headers['x-pillar-signature']), request!.body, nowSeconds)).toBe(false);
    expect(verifyPillarSignature(t.secret, String(request!.headers['x-pillar-signature']), request!.body, nowSeconds + 301)).toBe(false);
    const payload = parse(request!);
    expect(payload).toMatchObject({ event: 'score.band_changed', timestamp: '2026-11-02T09:00:00.000Z', data: { accountId: 'acc-1', to: 'B1' } });
    expect(request!.headers).toMatchObject({ 'x-pillar-event': 'score.band_changed', 'x-pillar-event-id': payload.id, 'content-type': 'application/json' });
    expect((await t.deliveries())[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
  });

  it('retries through a 10-minute outage and, once the receiver is back, delivers everything once and in order per record', async () => {
    const t = await tenant('Outage');
    receiver.setMode('down');
    try {
      // Three records, four changes each, interleaved across transactions (two changes in one transaction).
      for (let step = 1; step <= 4; step++) {
        for (const account of ['acc-a', 'acc-b', 'acc-c']) await t.enqueue([band(account, step)]);
      }
      await t.enqueue([band('acc-d', 1), band('acc-d', 2)]);
      for (let minute = 0; minute <= 10; minute++) {
        await t.dispatch();
        t.clock.advance(MINUTE);
      }
      const during = await t.deliveries();
      expect(t.mine()).toHaveLength(0);
      expect(during.filter((d) => d.status === 'dead')).toHaveLength(0);
      const heads = during.filter((d) => d.attempts > 0);
      expect(heads.map((d) => d.recordKey).sort()).toEqual(['account:acc-a', 'account:acc-b', 'account:acc-c', 'account:acc-d']);
      expect(Math.min(...heads.map((d) => d.attempts))).toBeGreaterThanOrEqual(4);
      expect(during.filter((d) => d.attempts === 0)).toHaveLength(10);

      receiver.setMode('up');
      for (let minute = 0; minute < 120 && (await t.deliveries()).some((d) => d.status !== 'delivered'); minute++) {
        await t.dispatch();
        t.clock.advance(MINUTE);
      }
    } finally {
      receiver.setMode('up');
    }
    const after = await t.deliveries();
    expect(after.every((d) => d.status === 'delivered')).toBe(true);
    const payloads = t.mine().map(parse);
    expect(payloads).toHaveLength(14);
    expect(new Set(payloads.map((p) => p.id)).size).toBe(14);
    for (const account of ['acc-a', 'acc-b', 'acc-c']) {
      expect(payloads.filter((p) => p.data.accountId === account).map((p) => p.data.to)).toEqual(['B1', 'B2', 'B3', 'B4']);
    }
    expect(payloads.filter((p) => p.data.accountId === 'acc-d').map((p) => p.data.to)).toEqual(['B1', 'B2']);
  });

  it('dead-letters a delivery after the last attempt, lets the record move on, and replays it', async () => {
    const t = await tenant('Dead letter', { maxAttempts: 3 });
    await t.enqueue([band('acc-x', 1)]);
    await t.enqueue([band('acc-x', 2)]);
    receiver.rejectWhen((r) => r.body.includes('"to":"B1"'));
    try {
      for (let i = 0; i < 30 && !(await t.deliveries()).some((d) => d.status === 'dead'); i++) {
        await t.dispatch();
        t.clock.advance(5 * MINUTE);
      }
      const rows = await t.deliveries();
      const dead = rows.find((d) => d.status === 'dead')!;
      expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 500, recordKey: 'account:acc-x' });
      await t.dispatch();
      expect(t.mine().map(parse).map((p) => p.data.to)).toEqual(['B2']);

      receiver.rejectWhen(null);
      const replayed = await withOrg(database.db, t.orgId, (tx) => replayDeliveries(tx, { ids: [dead.id], statuses: ['dead'] }, t.clock.now()));
      expect(replayed).toEqual([dead.id]);
      await t.dispatch();
      expect(t.mine().map(parse).map((p) => p.data.to)).toEqual(['B2', 'B1']);
      expect((await t.deliveries()).every((d) => d.status === 'delivered')).toBe(true);
    } finally {
      receiver.rejectWhen(null);
    }
  });

  it('does not hold other records back while one record is being retried', async () => {
    const t = await tenant('Independent');
    receiver.rejectWhen((r) => r.body.includes('acc-stuck'));
    try {
      await t.enqueue([band('acc-stuck', 1), band('acc-fine', 1), band('acc-stuck', 2), band('acc-fine', 2)]);
      await t.dispatch();
      const rows = await t.deliveries();
      expect(t.mine().map(parse).map((p) => `${p.data.accountId}:${p.data.to}`)).toEqual(['acc-fine:B1', 'acc-fine:B2']);
      expect(rows.filter((d) => d.recordKey === 'account:acc-stuck').map((d) => [d.status, d.attempts]).sort()).toEqual([
        ['failed', 1],
        ['pending', 0],
      ]);
    } finally {
      receiver.rejectWhen(null);
    }
  });

  it('queues nothing when the change that caused the event rolls back', async () => {
    const t = await tenant('Rollback');
    await expect(
      withOrg(database.db, t.orgId, async (tx) => {
        await enqueueWebhookEvent(tx, band('acc-r', 1), { now: t.clock.now() });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await t.deliveries()).toHaveLength(0);
  });

  it('delivers each event once when two workers dispatch at the same time', async () => {
    const t = await tenant('Parallel');
    await t.enqueue(Array.from({ length: 30 }, (_, i) => band(`acc-${i % 10}`, Math.floor(i / 10) + 1)));
    const reports = await Promise.all([t.dispatch(), t.dispatch()]);
    expect(reports[0]!.delivered + reports[1]!.delivered).toBe(30);
    const payloads = t.mine().map(parse);
    expect(new Set(payloads.map((p) => p.id)).size).toBe(30);
    expect(payloads).toHaveLength(30);
    for (let i = 0; i < 10; i++) expect(payloads.filter((p) => p.data.accountId === `acc-${i}`).map((p) => p.data.to)).toEqual(['B1', 'B2', 'B3']);
  });

  it('sends only the events an endpoint subscribed to, and nothing to a disabled endpoint', async () => {
    const orgId = (await ensureOrganization(database.ownerPool, `Subscriptions ${randomBytes(3).toString('hex')}`)).id;
    const clock = new ManualClock('2026-11-02T09:00:00Z');
    const count = await withOrg(database.db, orgId, async (tx) => {
      await registerWebhookEndpoint(tx, secretBox, { url: receiver.url, events: ['signal.created'] }, clock.now());
      return enqueueWebhookEvent(tx, band('acc-s', 1), { now: clock.now() });
    });
    expect(count).toBe(0);
  });
});
