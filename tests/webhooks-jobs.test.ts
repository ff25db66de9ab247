import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../backend/src/config';
import { upsertNotificationPreferences } from '../backend/src/db/queries/notifications';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { startSlackEmulator, type SlackEmulator } from '../backend/src/emulators/slack/slack-emulator';
import { accountInput } from '../backend/src/engine/signals/testing/inputs';
import { QUEUES } from '../backend/src/jobs/queues';
import { startJobs, type JobsHandle } from '../backend/src/jobs/start-jobs';
import { createLogger } from '../backend/src/logger';
import { createSlackSender } from '../backend/src/notify/slack/slack-client';
import { registerWebhookEndpoint } from '../backend/src/notify/webhooks/endpoints';
import { enqueueWebhookEvent } from '../backend/src/notify/webhooks/enqueue';
import { scoreBandChangedEvent } from '../backend/src/notify/webhooks/events';
import { systemClock, type Runtime } from '../backend/src/runtime';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { SecretBox } from '../backend/src/security/secret-box';
import { seedBook, startReceiver, type Book } from '../backend/src/signals/testing/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let jobs: JobsHandle;
let slack: SlackEmulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let orgId: string;
let book: Book;
const secretBox = new SecretBox(randomBytes(32));

/** Waits until `check` passes (the workers poll the queue); fails with the last error after a minute. */
async function eventually(check: () => Promise<void> | void, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

beforeAll(async () => {
  database = await createTestDatabase('webhooks-jobs');
  slack = await startSlackEmulator({ token: 'xoxb-jobs', channels: ['U-OWNER'] });
  receiver = await startReceiver();
  orgId = (await ensureOrganization(database.ownerPool, `Jobs ${randomBytes(3).toString('hex')}`)).id;
  book = await withOrg(database.db, orgId, async (tx) => {
    const b = await seedBook(tx, orgId);
    await upsertNotificationPreferences(tx, { userId: b.accounts[0]!.ownerId, slackChannel: 'U-OWNER', email: null, timezone: 'UTC', quietHoursStart: null, quietHoursEnd: null, dailyBudget: 10, digest: 'daily' }, new Date());
    await registerWebhookEndpoint(tx, secretBox, { url: receiver.url, events: ['*'] }, new Date());
    return b;
  });
  const runtime: Runtime = {
    config: loadConfig({ NODE_ENV: 'test' }),
    logger: createLogger({ level: 'silent' }),
    database,
    clock: systemClock,
    keys: { jwtSecret: 'x'.repeat(48), secretBox },
    close: async () => undefined,
  };
  jobs = await startJobs(runtime, {
    schedules: false,
    pollingIntervalSeconds: 0.5,
    slack: createSlackSender({ token: 'xoxb-jobs', slackApiUrl: slack.apiUrl }),
    // The cycle's scoring half is tested in tests/cycle-*.test.ts; here the signal step gets a known input.
    runCycle: async (cycleOrgId) => ({
      signals: await runSignalCycle({ db: database.db, clock: systemClock }, cycleOrgId, {
        accounts: [accountInput({ accountId: book.accounts[0]!.id, ownerId: book.accounts[0]!.ownerId, renewalRisk: 93 })],
        opportunities: [],
      }),
    }),
  });
});
afterAll(async () => {
  await jobs?.();
  await slack?.close();
  await receiver?.close();
  await database?.close();
});

describe('jobs (pg-boss on the owner pool)', () => {
  it('runs a tenant cycle, then delivers its webhooks and its Slack message', async () => {
    expect(await jobs.enqueue(QUEUES.tenantCycle, { orgId, full: false, reason: 'manual' })).toEqual(expect.any(String));
    await eventually(() => {
      const events = receiver.received.map((r) => String(r.headers['x-pillar-event']));
      expect(events).toEqual(expect.arrayContaining(['signal.created', 'signal.transitioned', 'play.created']));
      expect(slack.messages).toHaveLength(1);
    });
    expect(slack.messages[0]!.text).toContain('Renewal risk 93');
  });

  it('sweeps tenants with due deliveries into delivery jobs', async () => {
    const before = receiver.received.length;
    await withOrg(database.db, orgId, (tx) => enqueueWebhookEvent(tx, scoreBandChangedEvent({ accountId: book.accounts[1]!.id, score: 'health', from: 'WATCH', to: 'AT_RISK', value: 41 }), { now: new Date() }));
    expect(await jobs.sweep()).toMatchObject({ webhookTenants: 1 });
    await eventually(() => {
      expect(receiver.received.slice(before).map((r) => String(r.headers['x-pillar-event']))).toEqual(['score.band_changed']);
    });
  });

  it('drops a job whose payload is invalid instead of retrying it', async () => {
    const id = await jobs.boss.send(QUEUES.webhookDelivery, { orgId: 'not-a-uuid' });
    await eventually(async () => {
      expect((await jobs.boss.getJobById(QUEUES.webhookDelivery, id!))?.state).toBe('completed');
    });
  });

  it('collapses repeated triggers for one tenant into one queued job', async () => {
    await jobs.boss.offWork(QUEUES.digest); // nothing picks the job up while we look
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await jobs.enqueue(QUEUES.digest, { orgId, period: 'weekly' }));
    expect(ids).toEqual([expect.any(String), null, null]);
    const other = (await ensureOrganization(database.ownerPool, `Jobs other ${randomBytes(3).toString('hex')}`)).id;
    expect(await jobs.enqueue(QUEUES.digest, { orgId: other, period: 'weekly' })).toEqual(expect.any(String));
  });
});
