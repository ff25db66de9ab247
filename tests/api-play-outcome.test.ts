import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, CARD_ROUTES, playCardSchema } from '@pillar/shared';
import { listAudit } from '../backend/src/db/queries/audit';
import * as s from '../backend/src/db/schema';
import { withOrg } from '../backend/src/db/tenant';
import { opportunityInput } from '../backend/src/engine/signals/testing/inputs';
import { registerWebhookEndpoint } from '../backend/src/notify/webhooks/endpoints';
import { SecretBox } from '../backend/src/security/secret-box';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { FIXTURE_NOW, seedApiTenant, type ApiTenant, type FixtureUser } from './support/api-fixtures';
import { issueTestToken, salesforceHeaders, startApi, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Completing a play with its outcome (reference §9) closes the loop in one transaction: the signal that started
// the play is resolved by the person who completed it, a renewal play decides the renewal's disposition, and
// play.completed goes out to the webhook endpoints; every change is audited.

let database: TestDatabase;
let api: ApiHarness;
let t: ApiTenant;
let token: string;
const renewals: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase('api-play-outcome');
  t = await seedApiTenant(database, { name: 'Play outcomes', provider: 'salesforce', tag: 43 });
  token = (await issueTestToken(database, t)).token;
  await withOrg(database.db, t.orgId, async (tx) => {
    await registerWebhookEndpoint(tx, new SecretBox(randomBytes(32)), { url: 'http://127.0.0.1:9/hooks/pillar', events: ['*'] }, FIXTURE_NOW);
    const add = async (key: string, account: { id: string }, renewalDate: string, disposition: (typeof s.renewals.$inferInsert)['disposition'], opportunityId: string | null = null) => {
      const [row] = await tx
        .insert(s.renewals)
        .values({ orgId: t.orgId, source: 'salesforce', externalId: `ren-${key}`, sourceHash: `h-${key}`, accountId: account.id, opportunityId, renewalDate, arr: 180_000, disposition })
        .returning({ id: s.renewals.id });
      renewals[key] = row!.id;
    };
    await add('acmeLast', t.accounts.acme, '2025-11-20', 'RENEWED');
    await add('acmeNext', t.accounts.acme, '2027-01-15', 'APPROACHING');
    await add('acmeLater', t.accounts.acme, '2028-01-15', 'NOT_YET_DUE');
    await add('globexNearest', t.accounts.globex, '2026-12-01', 'URGENT');
    await add('globexOfDeal', t.accounts.globex, '2027-06-30', 'NOT_YET_DUE', t.opportunities.globexNew.id);
    await add('umbrella', t.accounts.umbrella, '2027-02-01', 'APPROACHING');
  });
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

const fill = (template: string, params: Record<string, string>) => template.replace(/:(\w+)/g, (_m, name: string) => params[name]!);
const send = (method: string, path: string, user: FixtureUser, body: unknown) =>
  api.request(method, path, { headers: salesforceHeaders(token, user, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
const completeTasks = async (play: { id: string; taskIds: string[] }, user: FixtureUser) => {
  for (const taskId of play.taskIds) expect((await send('PUT', fill(CARD_ROUTES.taskToggle.sf, { playId: play.id, taskId }), user, { done: true })).status).toBe(200);
};
const complete = (playId: string, user: FixtureUser, body: unknown) => send('POST', fill(CARD_ROUTES.playComplete.sf, { playId }), user, body);

const one = async (text: string, values: unknown[]) => (await database.ownerPool.query(text, values)).rows[0];
const signalRow = (id: string) => one('select state, resolved_at, cooldown_until from signals where id = $1', [id]);
const dispositions = async () =>
  Object.fromEntries((await database.ownerPool.query<{ id: string; disposition: string }>('select id, disposition from renewals where org_id = $1', [t.orgId])).rows.map((r) => [r.id, r.disposition]));
const transitionsOf = async (signalId: string) =>
  (await database.ownerPool.query('select from_state, to_state, actor_kind, actor_id, note, evidence from signal_transitions where signal_id = $1 order by at, id', [signalId])).rows;
const deliveries = async (recordKey: string) =>
  (await database.ownerPool.query('select event, payload from webhook_deliveries where org_id = $1 and record_key = $2 order by created_at, id', [t.orgId, recordKey])).rows;
const audit = (filter: { entity?: string; entityId?: string; action?: string }) => withOrg(database.db, t.orgId, (tx) => listAudit(tx, { ...filter, limit: 50 }));

describe('completing a play', () => {
  it('refuses while tasks are open and then changes nothing: signal, renewal, webhooks and audit stay as they were', async () => {
    const before = await dispositions();
    const res = await complete(t.plays.acmeRescue.id, t.users.rep, { outcome: 'RENEWED' });
    expect(res.status).toBe(409);
    expect(apiErrorSchema.parse(res.body).error.details).toMatchObject({ openTasks: [{ id: t.plays.acmeRescue.taskIds[1] }, { id: t.plays.acmeRescue.taskIds[2] }] });
    expect((await signalRow(t.signals.acmeCritical)).state).toBe('ACTIVE');
    expect(await dispositions()).toEqual(before);
    expect(await deliveries(`play:${t.plays.acmeRescue.id}`)).toEqual([]);
    expect(await deliveries(`signal:${t.signals.acmeCritical}`)).toEqual([]);
    expect(await audit({ entity: 'play', entityId: t.plays.acmeRescue.id })).toEqual([]);
  });

  it('on a renewal play resolves its signal as the person with the outcome as note, renews the open renewal and queues play.completed', async () => {
    await completeTasks(t.plays.acmeRescue, t.users.rep);
    const res = await complete(t.plays.acmeRescue.id, t.users.rep, { outcome: 'EXPANDED', note: 'Added 40 seats for two years' });
    expect(res.status).toBe(200);
    expect(playCardSchema.parse(res.body)).toMatchObject({ state: 'COMPLETED', outcome: 'EXPANDED' });

    expect(await signalRow(t.signals.acmeCritical)).toEqual({ state: 'RESOLVED', resolved_at: FIXTURE_NOW, cooldown_until: new Date(FIXTURE_NOW.getTime() + 72 * 3_600_000) });
    expect(await transitionsOf(t.signals.acmeCritical)).toEqual([
      {
        from_state: 'ACTIVE',
        to_state: 'RESOLVED',
        actor_kind: 'user',
        actor_id: t.users.rep.id,
        note: 'EXPANDED: Added 40 seats for two years',
        evidence: { playId: t.plays.acmeRescue.id, outcome: 'EXPANDED' },
      },
    ]);

    const after = await dispositions();
    expect([after[renewals.acmeLast!], after[renewals.acmeNext!], after[renewals.acmeLater!]]).toEqual(['RENEWED', 'RENEWED', 'NOT_YET_DUE']);

    const [completed] = await deliveries(`play:${t.plays.acmeRescue.id}`);
    expect(completed).toMatchObject({
      event: 'play.completed',
      payload: {
        event: 'play.completed',
        data: {
          playId: t.plays.acmeRescue.id,
          templateKey: 'renewal_rescue',
          signalId: t.signals.acmeCritical,
          accountId: t.accounts.acme.id,
          outcome: 'EXPANDED',
          note: 'Added 40 seats for two years',
          completedAt: FIXTURE_NOW.toISOString(),
          completedBy: t.users.rep.id,
        },
      },
    });
    expect((await deliveries(`signal:${t.signals.acmeCritical}`)).map((d) => [d.event, d.payload.data.transition])).toEqual([
      ['signal.transitioned', { from: 'ACTIVE', to: 'RESOLVED', actor: { kind: 'user', userId: t.users.rep.id }, note: 'EXPANDED: Added 40 seats for two years', evidence: { playId: t.plays.acmeRescue.id, outcome: 'EXPANDED' } }],
    ]);

    expect((await audit({ entity: 'play', entityId: t.plays.acmeRescue.id }))[0]).toMatchObject({
      action: 'play.complete',
      actorId: t.users.rep.id,
      after: { state: 'COMPLETED', outcome: 'EXPANDED', resolvedSignalId: t.signals.acmeCritical, renewal: { id: renewals.acmeNext, disposition: 'RENEWED' } },
    });
    expect(await audit({ entity: 'renewal', entityId: renewals.acmeNext })).toEqual([
      expect.objectContaining({ action: 'renewal.disposition', actorId: t.users.rep.id, before: { disposition: 'APPROACHING' }, after: { disposition: 'RENEWED', playId: t.plays.acmeRescue.id, outcome: 'EXPANDED' } }),
    ]);
    expect(await audit({ entity: 'signal', entityId: t.signals.acmeCritical })).toEqual([
      expect.objectContaining({ action: 'signal.resolve', actorId: t.users.rep.id, before: { state: 'ACTIVE' }, after: expect.objectContaining({ state: 'RESOLVED' }) }),
    ]);
  });

  it('marks the renewal of the play’s deal CHURNED on a Lost outcome, before a nearer renewal of the account', async () => {
    await completeTasks(t.plays.globexDeal, t.users.teamRep);
    expect((await complete(t.plays.globexDeal.id, t.users.teamRep, { outcome: 'LOST' })).status).toBe(200);
    const after = await dispositions();
    expect([after[renewals.globexOfDeal!], after[renewals.globexNearest!]]).toEqual(['CHURNED', 'URGENT']);
    expect((await signalRow(t.signals.globexActive)).state).toBe('RESOLVED');
  });

  it('leaves a signal that was already closed as it is, and completes without a renewal when the account has none', async () => {
    const resolve = await send('POST', fill(CARD_ROUTES.signalTransition.sf, { signalId: t.signals.initechActive }), t.users.outsideRep, { action: 'resolve', note: 'Second contact met' });
    expect(resolve.status).toBe(200);
    await completeTasks(t.plays.initechPlay, t.users.outsideRep);
    expect((await complete(t.plays.initechPlay.id, t.users.outsideRep, { outcome: 'RENEWED' })).status).toBe(200);
    expect((await transitionsOf(t.signals.initechActive)).map((x) => x.note)).toEqual(['Second contact met']);
    expect((await audit({ entity: 'play', entityId: t.plays.initechPlay.id }))[0]).toMatchObject({ after: { resolvedSignalId: null, renewal: null } });
    expect((await deliveries(`play:${t.plays.initechPlay.id}`)).map((d) => d.event)).toEqual(['play.completed']);
  });

  it('on a deal play resolves its signal and leaves the renewal alone', async () => {
    const clock = { now: () => FIXTURE_NOW };
    const stalled = opportunityInput({ opportunityId: t.opportunities.umbrellaDeal.id, accountId: t.accounts.umbrella.id, ownerId: t.users.rep.id, features: { daysInStage: 45 } });
    const report = await runSignalCycle({ db: database.db, clock }, t.orgId, { accounts: [], opportunities: [stalled], workflow: { openPlays: [], unacknowledged: [] } });
    const play = report.plays.find((p) => p.templateKey === 'stalled_deal' && p.opportunityId === t.opportunities.umbrellaDeal.id)!;
    expect(play).toBeDefined();
    await completeTasks({ id: play.id, taskIds: play.tasks.map((x) => x.id) }, t.users.rep);
    expect((await complete(play.id, t.users.rep, { outcome: 'WON' })).status).toBe(200);
    expect((await signalRow(play.signalId!)).state).toBe('RESOLVED');
    expect((await dispositions())[renewals.umbrella!]).toBe('APPROACHING');
    expect(await audit({ entity: 'renewal', entityId: renewals.umbrella })).toEqual([]);
  });
});
