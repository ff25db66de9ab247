import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, CARD_ROUTES, playCardSchema, signalCardSchema } from '@pillar/shared';
import { listAudit } from '../backend/src/db/queries/audit';
import { withOrg } from '../backend/src/db/tenant';
import { registerWebhookEndpoint } from '../backend/src/notify/webhooks/endpoints';
import { SecretBox } from '../backend/src/security/secret-box';
import { FIXTURE_NOW, seedApiTenant, type ApiTenant, type FixtureUser } from './support/api-fixtures';
import { issueTestToken, salesforceHeaders, startApi, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// State changes from the cards: each one is legal or refused with the reason, and each accepted one leaves its
// row change, its history row (signal_transitions / play_tasks), its outbound webhook (signal.transitioned, for
// the endpoint subscribed to it) and an audit entry, committed together.

let database: TestDatabase;
let api: ApiHarness;
let t: ApiTenant;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase('api-actions');
  t = await seedApiTenant(database, { name: 'Actions', provider: 'salesforce', tag: 21 });
  token = (await issueTestToken(database, t)).token;
  await withOrg(database.db, t.orgId, (tx) =>
    registerWebhookEndpoint(tx, new SecretBox(randomBytes(32)), { url: 'http://127.0.0.1:9/hooks/pillar', events: ['signal.transitioned'] }, FIXTURE_NOW),
  );
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

const fill = (template: string, params: Record<string, string>) => template.replace(/:(\w+)/g, (_m, name: string) => params[name]!);
const send = (method: string, path: string, user: FixtureUser, body: unknown) =>
  api.request(method, path, { headers: salesforceHeaders(token, user, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
const transition = (signalId: string, user: FixtureUser, body: unknown) => send('POST', fill(CARD_ROUTES.signalTransition.sf, { signalId }), user, body);
const toggle = (play: { id: string; taskIds: string[] }, index: number, user: FixtureUser, done: boolean) =>
  send('PUT', fill(CARD_ROUTES.taskToggle.sf, { playId: play.id, taskId: play.taskIds[index]! }), user, { done });
const complete = (playId: string, user: FixtureUser, body: unknown) => send('POST', fill(CARD_ROUTES.playComplete.sf, { playId }), user, body);

const audit = (filter: { entity?: string; entityId?: string; action?: string }) => withOrg(database.db, t.orgId, (tx) => listAudit(tx, { ...filter, limit: 50 }));
const signalRow = async (id: string) => (await database.ownerPool.query('select * from signals where id = $1', [id])).rows[0];
const deliveriesOf = async (recordKey: string) =>
  (await database.ownerPool.query('select event, payload from webhook_deliveries where org_id = $1 and record_key = $2 order by created_at, id', [t.orgId, recordKey])).rows;
const transitionsOf = async (id: string) =>
  (await database.ownerPool.query('select from_state, to_state, actor_id, actor_kind, note, evidence from signal_transitions where signal_id = $1 order by at, id', [id])).rows;

describe('signal transitions', () => {
  it('acknowledges an active signal: state, transition row and audit entry with actor and before/after', async () => {
    const res = await transition(t.signals.acmeCritical, t.users.rep, { action: 'acknowledge', note: 'Calling the champion today' });
    expect(res.status).toBe(200);
    expect(signalCardSchema.parse(res.body)).toMatchObject({ state: 'ACKNOWLEDGED', actions: ['start', 'resolve', 'suppress'], updatedAt: FIXTURE_NOW.toISOString() });
    expect((await signalRow(t.signals.acmeCritical)).state).toBe('ACKNOWLEDGED');
    expect(await transitionsOf(t.signals.acmeCritical)).toEqual([
      { from_state: 'ACTIVE', to_state: 'ACKNOWLEDGED', actor_id: t.users.rep.id, actor_kind: 'user', note: 'Calling the champion today', evidence: null },
    ]);
    const [entry] = await audit({ entity: 'signal', entityId: t.signals.acmeCritical });
    expect(entry).toMatchObject({
      actorId: t.users.rep.id,
      actorKind: 'user',
      action: 'signal.acknowledge',
      before: { state: 'ACTIVE' },
      after: { state: 'ACKNOWLEDGED', note: 'Calling the champion today' },
      at: FIXTURE_NOW,
    });
    const deliveries = await deliveriesOf(`signal:${t.signals.acmeCritical}`);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      event: 'signal.transitioned',
      payload: {
        event: 'signal.transitioned',
        timestamp: FIXTURE_NOW.toISOString(),
        data: {
          signalId: t.signals.acmeCritical,
          state: 'ACKNOWLEDGED',
          transition: { from: 'ACTIVE', to: 'ACKNOWLEDGED', actor: { kind: 'user', userId: t.users.rep.id }, note: 'Calling the champion today' },
        },
      },
    });
  });

  it('moves on through start to resolve, recording each step', async () => {
    api.clock.advance(60_000);
    expect((await transition(t.signals.acmeCritical, t.users.rep, { action: 'start' })).status).toBe(200);
    api.clock.advance(60_000);
    const resolved = await transition(t.signals.acmeCritical, t.users.rep, { action: 'resolve', note: 'Champion re-engaged' });
    expect(signalCardSchema.parse(resolved.body)).toMatchObject({ state: 'RESOLVED', actions: [] });
    expect((await transitionsOf(t.signals.acmeCritical)).map((r) => `${r.from_state}→${r.to_state}`)).toEqual(['ACTIVE→ACKNOWLEDGED', 'ACKNOWLEDGED→IN_PROGRESS', 'IN_PROGRESS→RESOLVED']);
    const row = await signalRow(t.signals.acmeCritical);
    expect(row.resolved_at).toEqual(api.clock.now());
    expect(row.cooldown_until).toEqual(new Date(api.clock.now().getTime() + 72 * 3_600_000));
    expect((await deliveriesOf(`signal:${t.signals.acmeCritical}`)).map((d) => d.payload.data.transition.to)).toEqual(['ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED']);
    api.clock.set(FIXTURE_NOW);
    expect((await audit({ entity: 'signal', entityId: t.signals.acmeCritical })).map((e) => e.action)).toEqual(['signal.resolve', 'signal.start', 'signal.acknowledge']);
  });

  it('refuses an illegal transition with 409 naming both states, and changes nothing', async () => {
    const res = await transition(t.signals.acmeResolved, t.users.rep, { action: 'acknowledge' });
    expect(res.status).toBe(409);
    expect(apiErrorSchema.parse(res.body).error).toEqual({
      code: 'CONFLICT',
      message: 'Cannot acknowledge a RESOLVED signal: RESOLVED → ACKNOWLEDGED is not a legal transition',
      details: { from: 'RESOLVED', to: 'ACKNOWLEDGED', allowedActions: [] },
    });
    expect(await transitionsOf(t.signals.acmeResolved)).toEqual([]);
    expect(await audit({ entity: 'signal', entityId: t.signals.acmeResolved })).toEqual([]);
    expect(await deliveriesOf(`signal:${t.signals.acmeResolved}`)).toEqual([]);
    expect(await signalRow(t.signals.acmeResolved)).toMatchObject({ state: 'RESOLVED', cooldown_until: null });
  });

  it('refuses starting a pending signal (it must become active first)', async () => {
    const res = await transition(t.signals.acmePending, t.users.rep, { action: 'start' });
    expect(res.status).toBe(409);
    expect(apiErrorSchema.parse(res.body).error.details).toEqual({ from: 'PENDING', to: 'IN_PROGRESS', allowedActions: ['resolve'] });
  });

  it('suppresses with a reason and an end date, both stored', async () => {
    const until = new Date(FIXTURE_NOW.getTime() + 14 * 86_400_000).toISOString();
    const res = await transition(t.signals.acmeAcknowledged, t.users.manager, { action: 'suppress', reason: 'Customer is mid-migration', until });
    expect(signalCardSchema.parse(res.body).state).toBe('SUPPRESSED');
    const row = await signalRow(t.signals.acmeAcknowledged);
    expect(row).toMatchObject({ state: 'SUPPRESSED', suppress_reason: 'Customer is mid-migration', suppressed_until: new Date(until) });
    expect((await transitionsOf(t.signals.acmeAcknowledged))[0]).toMatchObject({ actor_id: t.users.manager.id, note: 'Customer is mid-migration', evidence: { suppressedUntil: until } });
    expect((await audit({ entity: 'signal', entityId: t.signals.acmeAcknowledged }))[0]).toMatchObject({ action: 'signal.suppress', after: { state: 'SUPPRESSED', suppressedUntil: until } });
  });

  it('needs a reason and a future end date to suppress (400 naming the field)', async () => {
    const noReason = await transition(t.signals.acmeDealInProgress, t.users.rep, { action: 'suppress', until: '2027-01-01T00:00:00Z' });
    expect(noReason.status).toBe(400);
    expect(apiErrorSchema.parse(noReason.body).error.message).toMatch(/^body\.reason: /);
    const past = await transition(t.signals.acmeDealInProgress, t.users.rep, { action: 'suppress', reason: 'Not relevant now', until: '2026-01-01T00:00:00Z' });
    expect(apiErrorSchema.parse(past.body).error).toMatchObject({ code: 'BAD_REQUEST', message: 'body.until: must be in the future' });
    expect((await signalRow(t.signals.acmeDealInProgress)).state).toBe('IN_PROGRESS');
  });

  it('refuses an unknown action naming body.action', async () => {
    const res = await transition(t.signals.acmeDealInProgress, t.users.rep, { action: 'delete' });
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/^body\.action: /);
  });

  it('lets exactly one of two simultaneous acknowledgements win (the row is locked)', async () => {
    const results = await Promise.all([transition(t.signals.globexActive, t.users.teamRep, { action: 'acknowledge' }), transition(t.signals.globexActive, t.users.manager, { action: 'acknowledge' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await transitionsOf(t.signals.globexActive)).toHaveLength(1);
    expect(await deliveriesOf(`signal:${t.signals.globexActive}`)).toHaveLength(1);
  });

  it('answers 404 for a signal id that does not exist', async () => {
    const res = await transition(crypto.randomUUID(), t.users.admin, { action: 'acknowledge' });
    expect(res.status).toBe(404);
  });
});

describe('play tasks and completion', () => {
  const play = () => t.plays.acmeRescue;
  const taskRow = async (id: string) => (await database.ownerPool.query('select done_at, done_by from play_tasks where id = $1', [id])).rows[0];

  it('marks a task done with who and when, and audits it', async () => {
    const res = await toggle(play(), 1, t.users.rep, true);
    expect(res.status).toBe(200);
    const card = playCardSchema.parse(res.body);
    expect(card.tasks[1]).toMatchObject({ done: true, doneAt: FIXTURE_NOW.toISOString(), doneBy: 'Rita Rep', overdue: false });
    expect(card.progress).toEqual({ done: 2, total: 3 });
    expect(await taskRow(play().taskIds[1]!)).toEqual({ done_at: FIXTURE_NOW, done_by: t.users.rep.id });
    const [entry] = await audit({ entity: 'play_task', entityId: play().taskIds[1] });
    expect(entry).toMatchObject({ action: 'play_task.complete', actorId: t.users.rep.id, before: { done: false, doneAt: null }, after: { done: true, doneBy: t.users.rep.id } });
  });

  it('changes nothing and audits nothing when the task already has that state', async () => {
    const before = (await audit({ entity: 'play_task' })).length;
    expect((await toggle(play(), 1, t.users.rep, true)).status).toBe(200);
    expect((await audit({ entity: 'play_task' })).length).toBe(before);
  });

  it('reopens a task and audits that too', async () => {
    const res = await toggle(play(), 1, t.users.rep, false);
    expect(playCardSchema.parse(res.body).tasks[1]).toMatchObject({ done: false, doneAt: null, doneBy: null });
    expect(await taskRow(play().taskIds[1]!)).toEqual({ done_at: null, done_by: null });
    expect((await audit({ entity: 'play_task', entityId: play().taskIds[1] }))[0]).toMatchObject({ action: 'play_task.reopen', before: { done: true }, after: { done: false } });
  });

  it('answers 404 for a task of another play', async () => {
    const res = await send('PUT', fill(CARD_ROUTES.taskToggle.sf, { playId: play().id, taskId: t.plays.globexDeal.taskIds[0]! }), t.users.admin, { done: true });
    expect(res.status).toBe(404);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/No task/);
  });

  it('refuses to complete a play while tasks are open, naming them (409)', async () => {
    const res = await complete(play().id, t.users.rep, { outcome: 'RENEWED' });
    expect(res.status).toBe(409);
    const error = apiErrorSchema.parse(res.body).error;
    expect(error.message).toBe('2 task(s) of this play are still open: "Review adoption with the admin", "Send the executive sponsor a recap"');
    expect(error.details).toEqual({ openTasks: [{ id: play().taskIds[1], title: 'Review adoption with the admin' }, { id: play().taskIds[2], title: 'Send the executive sponsor a recap' }] });
    expect((await database.ownerPool.query('select state from plays where id = $1', [play().id])).rows[0].state).toBe('ACTIVE');
  });

  it('needs a valid outcome to complete (400 naming body.outcome)', async () => {
    const res = await complete(play().id, t.users.rep, { outcome: 'MAYBE' });
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/^body\.outcome: /);
  });

  it('completes the play with its outcome once every task is done, and audits it', async () => {
    for (const index of [1, 2]) expect((await toggle(play(), index, t.users.rep, true)).status).toBe(200);
    const res = await complete(play().id, t.users.rep, { outcome: 'RENEWED', note: 'Renewed for two years' });
    expect(res.status).toBe(200);
    expect(playCardSchema.parse(res.body)).toMatchObject({ state: 'COMPLETED', outcome: 'RENEWED', readyToComplete: false });
    const row = (await database.ownerPool.query('select state, outcome, outcome_note, completed_at from plays where id = $1', [play().id])).rows[0];
    expect(row).toEqual({ state: 'COMPLETED', outcome: 'RENEWED', outcome_note: 'Renewed for two years', completed_at: FIXTURE_NOW });
    expect((await audit({ entity: 'play', entityId: play().id }))[0]).toMatchObject({
      action: 'play.complete',
      actorId: t.users.rep.id,
      before: { state: 'ACTIVE', outcome: null },
      // Its signal was resolved by hand earlier in this file, and Acme has no renewal row: neither changes.
      after: { state: 'COMPLETED', outcome: 'RENEWED', note: 'Renewed for two years', resolvedSignalId: null, renewal: null },
    });
  });

  it('refuses changes to a completed play (409)', async () => {
    expect((await complete(play().id, t.users.rep, { outcome: 'CHURNED' })).status).toBe(409);
    expect((await toggle(play(), 0, t.users.rep, false)).status).toBe(409);
  });
});
