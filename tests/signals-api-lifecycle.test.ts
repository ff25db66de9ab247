import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ROUTES } from '@pillar/shared';
import { listAudit } from '../backend/src/db/queries/audit';
import { withOrg } from '../backend/src/db/tenant';
import { accountInput } from '../backend/src/engine/signals/testing/inputs';
import { registerWebhookEndpoint } from '../backend/src/notify/webhooks/endpoints';
import { SecretBox } from '../backend/src/security/secret-box';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { FIXTURE_NOW, seedApiTenant, type ApiTenant, type FixtureRecord, type FixtureUser } from './support/api-fixtures';
import { issueTestToken, salesforceHeaders, startApi, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// A person's move from a card and the scoring cycle share one lifecycle: what a person resolves stays quiet
// through the cooldown, what a person suppresses stays quiet until its end date, and a refused move leaves no
// trace but the denial.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let database: TestDatabase;
let api: ApiHarness;
let t: ApiTenant;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase('signals-api-lifecycle');
  t = await seedApiTenant(database, { name: 'Lifecycle', provider: 'salesforce', tag: 44 });
  token = (await issueTestToken(database, t)).token;
  await withOrg(database.db, t.orgId, (tx) => registerWebhookEndpoint(tx, new SecretBox(randomBytes(32)), { url: 'http://127.0.0.1:9/hooks/pillar', events: ['*'] }, FIXTURE_NOW));
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

const act = (signalId: string, user: FixtureUser, body: unknown) =>
  api.request('POST', CARD_ROUTES.signalTransition.sf.replace(':signalId', signalId), {
    headers: salesforceHeaders(token, user, { 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });

/** One scoring pass over an account with this renewal risk (the WORKFLOW SLA inputs left out). */
const cycle = (account: FixtureRecord, ownerId: string, renewalRisk: number) =>
  runSignalCycle({ db: database.db, clock: api.clock }, t.orgId, {
    accounts: [accountInput({ accountId: account.id, ownerId, name: account.name, renewalRisk })],
    opportunities: [],
    workflow: { openPlays: [], unacknowledged: [] },
  });

const renewalSignals = async (account: FixtureRecord) =>
  (
    await database.ownerPool.query<{ id: string; state: string; cooldown_until: Date | null }>(
      'select id, state, cooldown_until from signals where org_id = $1 and dedupe_key = $2 order by created_at, id',
      [t.orgId, `renewal_risk:account:${account.id}`],
    )
  ).rows;

describe('signals moved through the card API', () => {
  it('a person resolving a signal starts the cooldown: the next cycle holds the condition back until it ends', async () => {
    api.clock.set(FIXTURE_NOW);
    expect((await cycle(t.accounts.acme, t.users.rep.id, 60)).created).toBe(1);
    const [raised] = await renewalSignals(t.accounts.acme);
    expect((await act(raised!.id, t.users.rep, { action: 'resolve', note: 'Renewal call booked' })).status).toBe(200);
    expect(await renewalSignals(t.accounts.acme)).toEqual([{ id: raised!.id, state: 'RESOLVED', cooldown_until: new Date(FIXTURE_NOW.getTime() + 72 * HOUR) }]);

    api.clock.advance(HOUR);
    expect(await cycle(t.accounts.acme, t.users.rep.id, 62)).toMatchObject({ created: 0, held: { cooldown: 1 } });
    expect((await renewalSignals(t.accounts.acme)).map((r) => r.state)).toEqual(['RESOLVED']);

    api.clock.advance(72 * HOUR);
    expect((await cycle(t.accounts.acme, t.users.rep.id, 62)).created).toBe(1);
    expect((await renewalSignals(t.accounts.acme)).map((r) => r.state)).toEqual(['RESOLVED', 'ACTIVE']);
  });

  it('a suppression keeps the condition quiet until its end date, then the cycle raises it again', async () => {
    api.clock.set(FIXTURE_NOW);
    await cycle(t.accounts.globex, t.users.teamRep.id, 70);
    const [raised] = await renewalSignals(t.accounts.globex);
    const until = new Date(FIXTURE_NOW.getTime() + 2 * DAY).toISOString();
    expect((await act(raised!.id, t.users.teamRep, { action: 'suppress', reason: 'Budget cycle closes in two days', until })).status).toBe(200);

    api.clock.advance(DAY);
    expect(await cycle(t.accounts.globex, t.users.teamRep.id, 90)).toMatchObject({ created: 0, held: { suppressed: 1 } });
    api.clock.advance(DAY);
    expect((await cycle(t.accounts.globex, t.users.teamRep.id, 90)).created).toBe(1);
    expect((await renewalSignals(t.accounts.globex)).map((r) => r.state)).toEqual(['SUPPRESSED', 'ACTIVE']);
  });

  it('a move refused by RBAC writes no state, transition or webhook; only the denial is audited', async () => {
    api.clock.set(FIXTURE_NOW);
    await cycle(t.accounts.initech, t.users.outsideRep.id, 60);
    const [raised] = await renewalSignals(t.accounts.initech);
    const transitionsBefore = (await database.ownerPool.query('select count(*)::int as n from signal_transitions where signal_id = $1', [raised!.id])).rows[0].n;
    const deliveriesBefore = (await database.ownerPool.query('select count(*)::int as n from webhook_deliveries where record_key = $1', [`signal:${raised!.id}`])).rows[0].n;

    const res = await act(raised!.id, t.users.rep, { action: 'acknowledge' });
    expect(res.status).toBe(403);
    expect((await renewalSignals(t.accounts.initech))[0]!.state).toBe('ACTIVE');
    expect((await database.ownerPool.query('select count(*)::int as n from signal_transitions where signal_id = $1', [raised!.id])).rows[0].n).toBe(transitionsBefore);
    expect((await database.ownerPool.query('select count(*)::int as n from webhook_deliveries where record_key = $1', [`signal:${raised!.id}`])).rows[0].n).toBe(deliveriesBefore);
    const entries = await withOrg(database.db, t.orgId, (tx) => listAudit(tx, { entity: 'signal', entityId: raised!.id, limit: 10 }));
    expect(entries.map((e) => e.action)).toEqual(['access.denied']);
  });
});
