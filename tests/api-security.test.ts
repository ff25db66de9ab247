import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, CARD_ROUTES, SALESFORCE_USER_HEADER } from '@pillar/shared';
import { toSalesforceId18 } from '../backend/src/auth/salesforce-id';
import { listAudit } from '../backend/src/db/queries/audit';
import { withOrg } from '../backend/src/db/tenant';
import { users } from '../backend/src/db/schema';
import { eq } from 'drizzle-orm';
import { FIXTURE_NOW, seedApiTenant, type ApiTenant } from './support/api-fixtures';
import { hubspotRequest, issueTestToken, salesforceHeaders, startApi, TEST_JWT_SECRET, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let api: ApiHarness;
let a: ApiTenant;
let b: ApiTenant;
let h: ApiTenant;
let h2: ApiTenant;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  database = await createTestDatabase('api-security');
  a = await seedApiTenant(database, { name: 'Security A', provider: 'salesforce', tag: 11 });
  b = await seedApiTenant(database, { name: 'Security B', provider: 'salesforce', tag: 12 });
  h = await seedApiTenant(database, { name: 'Security H', provider: 'hubspot', tag: 13 });
  h2 = await seedApiTenant(database, { name: 'Security H2', provider: 'hubspot', tag: 14 });
  tokenA = (await issueTestToken(database, a)).token;
  tokenB = (await issueTestToken(database, b)).token;
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

const fill = (template: string, params: Record<string, string>) => template.replace(/:(\w+)/g, (_m, name: string) => params[name]!);
const healthOf = (tenant: ApiTenant, provider: 'sf' | 'hs' = 'sf') => fill(CARD_ROUTES.accountHealth[provider], { crmId: tenant.accounts.acme.crmId });

function expectError(res: { status: number; body: unknown }, status: number, message?: RegExp) {
  expect(res.status).toBe(status);
  const error = apiErrorSchema.parse(res.body);
  if (message) expect(error.error.message).toMatch(message);
  return error;
}

async function deniedEntries(tenant: ApiTenant) {
  return withOrg(database.db, tenant.orgId, (tx) => listAudit(tx, { action: 'access.denied', limit: 100 }));
}

describe('Salesforce tenant token', () => {
  it('is required', async () => {
    const res = await api.request('GET', healthOf(a), { headers: { [SALESFORCE_USER_HEADER]: a.users.rep.crmUserId } });
    expectError(res, 401, /Authorization: Bearer/);
  });

  it('must be a Pillar JWT', async () => {
    expectError(await api.request('GET', healthOf(a), { headers: salesforceHeaders('not-a-jwt', a.users.rep) }), 401);
  });

  it('must be signed with the Pillar secret', async () => {
    const forged = jwt.sign({ iss: 'pillar', org: a.orgId, jti: crypto.randomUUID(), scope: 'salesforce', iat: 1 }, 'some-other-secret-some-other-secret', { algorithm: 'HS256' });
    expectError(await api.request('GET', healthOf(a), { headers: salesforceHeaders(forged, a.users.rep) }), 401, /not a valid Pillar token/);
  });

  it('is refused once expired', async () => {
    const { token } = await issueTestToken(database, a, { lifetimeSeconds: 60, now: new Date(FIXTURE_NOW.getTime() - 61_000) });
    expectError(await api.request('GET', healthOf(a), { headers: salesforceHeaders(token, a.users.rep) }), 401, /expired/);
  });

  it('is refused once revoked', async () => {
    const { token, id } = await issueTestToken(database, a);
    expect((await api.request('GET', healthOf(a), { headers: salesforceHeaders(token, a.users.rep) })).status).toBe(200);
    await database.ownerPool.query('update api_tokens set revoked_at = now() where id = $1', [id]);
    expectError(await api.request('GET', healthOf(a), { headers: salesforceHeaders(token, a.users.rep) }), 401, /revoked/);
  });

  it("is refused when it claims another tenant than the one that issued it", async () => {
    const { jti } = await issueTestToken(database, a);
    const crossed = jwt.sign({ iss: 'pillar', org: b.orgId, jti, scope: 'salesforce', iat: 1 }, TEST_JWT_SECRET, { algorithm: 'HS256' });
    expectError(await api.request('GET', healthOf(b), { headers: salesforceHeaders(crossed, b.users.rep) }), 401, /not known to this tenant/);
  });

  it('is refused when it names a tenant that does not exist', async () => {
    const ghost = jwt.sign({ iss: 'pillar', org: crypto.randomUUID(), jti: crypto.randomUUID(), scope: 'salesforce', iat: 1 }, TEST_JWT_SECRET, { algorithm: 'HS256' });
    expectError(await api.request('GET', healthOf(a), { headers: salesforceHeaders(ghost, a.users.rep) }), 401);
  });

  it('cannot be replaced by an admin token', async () => {
    const { token } = await issueTestToken(database, a, { scope: 'admin', user: a.users.admin });
    expectError(await api.request('GET', healthOf(a), { headers: salesforceHeaders(token, a.users.admin) }), 401, /admin token/);
  });

  it("of tenant A gets 404, not 403, for tenant B's record", async () => {
    const res = await api.request('GET', healthOf(b), { headers: salesforceHeaders(tokenA, a.users.admin) });
    expectError(res, 404, /No account/);
    const deal = await api.request('GET', fill(CARD_ROUTES.dealInsight.sf, { crmId: b.opportunities.acmeRenewal.crmId }), { headers: salesforceHeaders(tokenA, a.users.admin) });
    expectError(deal, 404);
    const task = await api.request('PUT', fill(CARD_ROUTES.taskToggle.sf, { playId: b.plays.acmeRescue.id, taskId: b.plays.acmeRescue.taskIds[1]! }), {
      headers: salesforceHeaders(tokenA, a.users.admin, { 'content-type': 'application/json' }),
      body: JSON.stringify({ done: true }),
    });
    expectError(task, 404, /No play/);
    const signal = await api.request('POST', fill(CARD_ROUTES.signalTransition.sf, { signalId: b.signals.acmeCritical }), {
      headers: salesforceHeaders(tokenA, a.users.admin, { 'content-type': 'application/json' }),
      body: JSON.stringify({ action: 'acknowledge' }),
    });
    expectError(signal, 404, /No signal/);
    const untouched = await database.ownerPool.query('select state from signals where id = $1', [b.signals.acmeCritical]);
    expect(untouched.rows[0].state).toBe('ACTIVE');
  });

  it("of tenant B cannot act as tenant A's user", async () => {
    // A's user id is unknown in B: the token proves tenant B only.
    expectError(await api.request('GET', healthOf(b), { headers: salesforceHeaders(tokenB, a.users.rep) }), 403, /not a Pillar user/);
  });
});

describe('Salesforce acting user', () => {
  it('is required and must look like a Salesforce id', async () => {
    const missing = await api.request('GET', healthOf(a), { headers: { authorization: `Bearer ${tokenA}` } });
    expectError(missing, 400, /x-pillar-salesforce-user/);
    const bad = await api.request('GET', healthOf(a), { headers: salesforceHeaders(tokenA, "005' or 1=1") });
    const error = expectError(bad, 400);
    expect(error.error.details).toEqual([{ path: 'headers.x-pillar-salesforce-user', message: 'must be a 15 or 18 character Salesforce user id' }]);
  });

  it('must be a Pillar user: an unknown user gets 403 with a reason, audited', async () => {
    const before = (await deniedEntries(a)).length;
    const stranger = toSalesforceId18('005Zx0000099999');
    const res = await api.request('GET', healthOf(a), { headers: salesforceHeaders(tokenA, stranger) });
    expectError(res, 403, /not a Pillar user of this organization/);
    const entries = await deniedEntries(a);
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({ actorKind: 'token', entity: 'user', after: { channel: 'salesforce', reason: expect.stringMatching(/not a Pillar user/) } });
  });

  it('must be active', async () => {
    await withOrg(database.db, a.orgId, (tx) => tx.update(users).set({ active: 'inactive' }).where(eq(users.id, a.users.outsideRep.id)));
    expectError(await api.request('GET', healthOf(a), { headers: salesforceHeaders(tokenA, a.users.outsideRep) }), 403, /deactivated/);
    await withOrg(database.db, a.orgId, (tx) => tx.update(users).set({ active: 'active' }).where(eq(users.id, a.users.outsideRep.id)));
  });
});

describe('HubSpot signature', () => {
  const health = () => healthOf(h, 'hs');

  it('accepts a correctly signed request and maps portal and user', async () => {
    const signed = hubspotRequest(api, 'GET', health(), undefined, { portalId: h.externalOrgId, user: h.users.rep });
    const res = await api.request('GET', signed.path, { headers: signed.headers });
    expect(res.status).toBe(200);
  });

  it('maps the user by e-mail when the user id is not a mirrored one', async () => {
    const signed = hubspotRequest(api, 'GET', health(), undefined, { portalId: h.externalOrgId, query: { userId: '999999', userEmail: h.users.rep.email.toUpperCase() } });
    expect((await api.request('GET', signed.path, { headers: signed.headers })).status).toBe(200);
  });

  it('refuses a tampered body', async () => {
    const path = fill(CARD_ROUTES.taskToggle.hs, { playId: h.plays.acmeRescue.id, taskId: h.plays.acmeRescue.taskIds[1]! });
    const signed = hubspotRequest(api, 'PUT', path, { done: false }, { portalId: h.externalOrgId, user: h.users.rep });
    const res = await api.request('PUT', signed.path, { headers: signed.headers, body: JSON.stringify({ done: true }) });
    expectError(res, 401, /signature does not match/);
  });

  it('refuses a tampered URL (another portal)', async () => {
    const signed = hubspotRequest(api, 'GET', health(), undefined, { portalId: h.externalOrgId, user: h.users.rep });
    const res = await api.request('GET', signed.path.replace(`portalId=${h.externalOrgId}`, `portalId=${h2.externalOrgId}`), { headers: signed.headers });
    expectError(res, 401, /signature does not match/);
  });

  it('refuses a request signed with another secret', async () => {
    const signed = hubspotRequest(api, 'GET', health(), undefined, { portalId: h.externalOrgId, user: h.users.rep, secret: 'not-the-client-secret' });
    expectError(await api.request('GET', signed.path, { headers: signed.headers }), 401);
  });

  it('refuses a stale timestamp (more than 5 minutes old)', async () => {
    const signed = hubspotRequest(api, 'GET', health(), undefined, { portalId: h.externalOrgId, user: h.users.rep, timestamp: api.clock.now().getTime() - 5 * 60_000 - 1 });
    expectError(await api.request('GET', signed.path, { headers: signed.headers }), 401, /5 minutes/);
  });

  it('refuses a replayed request', async () => {
    const signed = hubspotRequest(api, 'GET', health(), undefined, { portalId: h.externalOrgId, user: h.users.rep });
    expect((await api.request('GET', signed.path, { headers: signed.headers })).status).toBe(200);
    expectError(await api.request('GET', signed.path, { headers: signed.headers }), 401, /replay/);
  });

  it('refuses a request without signature headers', async () => {
    expectError(await api.request('GET', `${health()}?portalId=${h.externalOrgId}`), 401, /missing/);
  });

  it('refuses a signed request without portalId, or for a portal that is not connected', async () => {
    const none = hubspotRequest(api, 'GET', health(), undefined, { portalId: null, user: h.users.rep });
    expectError(await api.request('GET', none.path, { headers: none.headers }), 401, /no portalId/);
    const unknown = hubspotRequest(api, 'GET', health(), undefined, { portalId: '999999999', user: h.users.rep });
    expectError(await api.request('GET', unknown.path, { headers: unknown.headers }), 401, /not connected/);
  });

  it('refuses an unknown HubSpot user with 403, audited', async () => {
    const signed = hubspotRequest(api, 'GET', health(), undefined, { portalId: h.externalOrgId, query: { userId: '424242', userEmail: 'intruder@example.com' } });
    expectError(await api.request('GET', signed.path, { headers: signed.headers }), 403, /not a Pillar user/);
    const [entry] = await deniedEntries(h);
    expect(entry).toMatchObject({ actorKind: 'system', entity: 'user', entityId: '424242', after: { channel: 'hubspot', portalId: h.externalOrgId } });
  });

  it("of portal H gets 404 for the record of portal H2", async () => {
    const signed = hubspotRequest(api, 'GET', healthOf(h2, 'hs'), undefined, { portalId: h.externalOrgId, user: h.users.admin });
    expectError(await api.request('GET', signed.path, { headers: signed.headers }), 404);
  });
});

describe('RBAC through the API', () => {
  const toggle = (tenant: ApiTenant, play: { id: string; taskIds: string[] }, index: number) =>
    fill(CARD_ROUTES.taskToggle.sf, { playId: play.id, taskId: play.taskIds[index]! });
  const asUser = (user: ApiTenant['users']['rep'], body?: unknown) => ({
    headers: salesforceHeaders(tokenA, user, body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  it("refuses a rep completing a task on someone else's deal, with a reason, and audits it", async () => {
    const res = await api.request('PUT', toggle(a, a.plays.initechPlay, 0), asUser(a.users.rep, { done: true }));
    expectError(res, 403, /neither own this play nor are on its account team/);
    const [entry] = await deniedEntries(a);
    expect(entry).toMatchObject({ actorId: a.users.rep.id, actorKind: 'user', entity: 'play', entityId: a.plays.initechPlay.id, after: { role: 'REP_CSM', method: 'PUT' } });
    const task = await database.ownerPool.query('select done_at from play_tasks where id = $1', [a.plays.initechPlay.taskIds[0]]);
    expect(task.rows[0].done_at).toBeNull();
  });

  it('refuses every mutation by EXECUTIVE_RO, audited', async () => {
    const exec = a.users.exec;
    const transition = await api.request('POST', fill(CARD_ROUTES.signalTransition.sf, { signalId: a.signals.acmeCritical }), asUser(exec, { action: 'acknowledge' }));
    expectError(transition, 403, /read-only/);
    expectError(await api.request('PUT', toggle(a, a.plays.acmeRescue, 1), asUser(exec, { done: true })), 403, /read-only/);
    expectError(await api.request('POST', fill(CARD_ROUTES.playComplete.sf, { playId: a.plays.acmeRescue.id }), asUser(exec, { outcome: 'RENEWED' })), 403, /read-only/);
    const entries = (await deniedEntries(a)).filter((e) => e.actorId === exec.id);
    expect(entries.map((e) => e.entity).sort()).toEqual(['play', 'play', 'signal']);
  });

  it('lets EXECUTIVE_RO read any record', async () => {
    expect((await api.request('GET', fill(CARD_ROUTES.accountHealth.sf, { crmId: a.accounts.initech.crmId }), asUser(a.users.exec))).status).toBe(200);
  });

  it("refuses a rep reading an account they are not on the team of, and lets the team's rep read it", async () => {
    expectError(await api.request('GET', fill(CARD_ROUTES.accountHealth.sf, { crmId: a.accounts.initech.crmId }), asUser(a.users.rep)), 403);
    // Sam owns no Acme record but an Acme deal: he is on Acme's account team.
    expect((await api.request('GET', healthOf(a), asUser(a.users.teamRep))).status).toBe(200);
  });

  it("lets a manager act on their reports' records but not on others'", async () => {
    const mine = await api.request('PUT', toggle(a, a.plays.globexDeal, 0), asUser(a.users.manager, { done: true }));
    expect(mine.status).toBe(200);
    expectError(await api.request('PUT', toggle(a, a.plays.initechPlay, 0), asUser(a.users.manager, { done: true })), 403, /no one on your team/);
  });

  it('lets a leader act on any record', async () => {
    const res = await api.request('POST', fill(CARD_ROUTES.signalTransition.sf, { signalId: a.signals.initechActive }), asUser(a.users.leader, { action: 'acknowledge' }));
    expect(res.status).toBe(200);
  });
});
