import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, CARD_ROUTES } from '@pillar/shared';
import {
  adminMeSchema,
  adminUserSchema,
  apiTokenSchema,
  auditListResponseSchema,
  issuedTokenResponseSchema,
  profileVersionsResponseSchema,
  scoringProfileResponseSchema,
  tokenListResponseSchema,
  userListResponseSchema,
} from '../backend/src/api/admin/contracts';
import { toSalesforceId18 } from '../backend/src/auth/salesforce-id';
import { seedApiTenant, type ApiTenant } from './support/api-fixtures';
import { issueTestToken, salesforceHeaders, startApi, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let api: ApiHarness;
let t: ApiTenant;
const adminTokens = new Map<string, string>();

beforeAll(async () => {
  database = await createTestDatabase('api-admin');
  t = await seedApiTenant(database, { name: 'Admin API', provider: 'salesforce', tag: 31 });
  for (const key of ['admin', 'leader', 'manager', 'rep', 'exec'] as const) {
    adminTokens.set(key, (await issueTestToken(database, t, { scope: 'admin', user: t.users[key] })).token);
  }
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

type Who = 'admin' | 'leader' | 'manager' | 'rep' | 'exec';
const as = (who: Who, method: string, path: string, body?: unknown) =>
  api.request(method, path, {
    headers: { authorization: `Bearer ${adminTokens.get(who)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('admin authentication', () => {
  it('tells who the token acts as', async () => {
    const res = await as('manager', 'GET', '/v1/admin/me');
    expect(adminMeSchema.parse(res.body)).toEqual({ orgId: t.orgId, userId: t.users.manager.id, name: 'Mona Manager', role: 'MANAGER' });
  });

  it('refuses a Salesforce tenant token', async () => {
    const { token } = await issueTestToken(database, t);
    const res = await api.request('GET', '/v1/admin/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it("refuses a token whose role claim no longer matches the user's role", async () => {
    const { token } = await issueTestToken(database, t, { scope: 'admin', user: t.users.leader });
    await database.ownerPool.query(`update users set role = 'MANAGER' where id = $1`, [t.users.leader.id]);
    const res = await api.request('GET', '/v1/admin/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/issued for role LEADER; the user is now MANAGER/);
    await database.ownerPool.query(`update users set role = 'LEADER' where id = $1`, [t.users.leader.id]);
  });
});

describe('scoring profile', () => {
  it('shows the defaults before any profile is saved', async () => {
    const res = await as('rep', 'GET', '/v1/admin/scoring-profile');
    expect(scoringProfileResponseSchema.parse(res.body)).toMatchObject({ source: 'default', version: 1, createdAt: null });
  });

  it('saves a new version for an ADMIN, fills defaults, and audits before/after', async () => {
    const res = await as('admin', 'PUT', '/v1/admin/scoring-profile', {
      name: 'Renewals first',
      categoryWeights: { engagement: 0.2, fit: 0.05, intent: 0.1, velocity: 0.1, pipelineHealth: 0.1, relationship: 0.15, risk: 0.2, opportunityQuality: 0.1 },
      version: 99,
    });
    expect(res.status).toBe(200);
    const saved = scoringProfileResponseSchema.parse(res.body);
    // The built-in defaults are version 1; saved versions follow them.
    expect(saved).toMatchObject({ source: 'stored', version: 2, createdBy: 'Ada Admin', profile: { version: 2, name: 'Renewals first', disabledRules: [] } });
    expect(saved.profile.thresholds).toBeDefined();

    const second = scoringProfileResponseSchema.parse((await as('admin', 'PUT', '/v1/admin/scoring-profile', { name: 'Renewals first, v2' })).body);
    expect(second.version).toBe(3);
    const current = scoringProfileResponseSchema.parse((await as('exec', 'GET', '/v1/admin/scoring-profile')).body);
    expect(current).toMatchObject({ version: 3, profile: { name: 'Renewals first, v2' } });
    const versions = profileVersionsResponseSchema.parse((await as('admin', 'GET', '/v1/admin/scoring-profile/versions')).body);
    expect(versions.versions.map((v) => [v.version, v.active])).toEqual([
      [3, true],
      [2, false],
    ]);
    const audit = auditListResponseSchema.parse((await as('admin', 'GET', '/v1/admin/audit?entity=scoring_profile')).body);
    expect(audit.entries.map((e) => e.entityId)).toEqual(['3', '2']);
    expect(audit.entries[0]).toMatchObject({ action: 'scoring_profile.update', actorId: t.users.admin.id, before: { version: 2, name: 'Renewals first' }, after: { version: 3 } });
    expect(audit.entries[1]!.before).toBeNull();
  });

  it('refuses an invalid profile with 400 naming the path', async () => {
    const bad = await as('admin', 'PUT', '/v1/admin/scoring-profile', { categoryWeights: { engagement: 2, fit: 0.1, intent: 0.1, velocity: 0.1, pipelineHealth: 0.1, relationship: 0.1, risk: 0.1, opportunityQuality: 0.1 } });
    expect(bad.status).toBe(400);
    const error = apiErrorSchema.parse(bad.body).error;
    expect(error.message).toMatch(/^body\.categoryWeights\.engagement: /);
    const rule = await as('admin', 'PUT', '/v1/admin/scoring-profile', { ruleWeights: { 'ENG-999': 3 } });
    expect(apiErrorSchema.parse(rule.body).error.message).toMatch(/^body\.ruleWeights\.ENG-999: unknown rule id/);
    const unknownKey = await as('admin', 'PUT', '/v1/admin/scoring-profile', { colour: 'blue' });
    expect(unknownKey.status).toBe(400);
    const notObject = await as('admin', 'PUT', '/v1/admin/scoring-profile', [1, 2]);
    expect(apiErrorSchema.parse(notObject.body).error.message).toBe('body: expected a scoring profile object');
    const versions = profileVersionsResponseSchema.parse((await as('admin', 'GET', '/v1/admin/scoring-profile/versions')).body);
    expect(versions.versions).toHaveLength(2);
  });

  it.each(['leader', 'manager', 'rep', 'exec'] as const)('refuses a %s changing it (403, audited)', async (who) => {
    const res = await as(who, 'PUT', '/v1/admin/scoring-profile', { name: 'Mine now' });
    expect(res.status).toBe(403);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/profile\.write needs the role ADMIN/);
    const audit = auditListResponseSchema.parse((await as('admin', 'GET', '/v1/admin/audit?action=access.denied&limit=1')).body);
    expect(audit.entries[0]).toMatchObject({ actorId: t.users[who].id, entity: 'profile', after: { path: '/v1/admin/scoring-profile', method: 'PUT' } });
  });
});

describe('tokens', () => {
  it('issues a Salesforce token that works on the card API, lists it, and revokes it', async () => {
    const issued = await as('admin', 'POST', '/v1/admin/tokens', { name: 'Production org', expiresIn: '90d' });
    expect(issued.status).toBe(201);
    const { token, apiToken } = issuedTokenResponseSchema.parse(issued.body);
    expect(apiToken).toMatchObject({ name: 'Production org', scope: 'salesforce', revokedAt: null, createdBy: t.users.admin.id });
    const card = () => api.request('GET', CARD_ROUTES.accountHealth.sf.replace(':crmId', t.accounts.acme.crmId), { headers: salesforceHeaders(token, t.users.rep) });
    expect((await card()).status).toBe(200);

    const list = tokenListResponseSchema.parse((await as('admin', 'GET', '/v1/admin/tokens')).body);
    expect(list.tokens.find((x) => x.id === apiToken.id)).toMatchObject({ lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list)).not.toContain(token);

    const revoked = await as('admin', 'DELETE', `/v1/admin/tokens/${apiToken.id}`);
    expect(apiTokenSchema.parse(revoked.body).revokedAt).not.toBeNull();
    expect((await card()).status).toBe(401);

    const audit = auditListResponseSchema.parse((await as('admin', 'GET', `/v1/admin/audit?entity=api_token&entityId=${apiToken.id}`)).body);
    expect(audit.entries.map((e) => e.action)).toEqual(['token.revoke', 'token.issue']);
  });

  it('answers 404 when revoking a token that does not exist', async () => {
    expect((await as('admin', 'DELETE', `/v1/admin/tokens/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('validates the issue request', async () => {
    const res = await as('admin', 'POST', '/v1/admin/tokens', { name: 'x', expiresIn: 'forever' });
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/^body\.expiresIn: /);
  });

  it.each(['leader', 'manager', 'rep', 'exec'] as const)('is ADMIN-only: %s gets 403', async (who) => {
    expect((await as(who, 'GET', '/v1/admin/tokens')).status).toBe(403);
    expect((await as(who, 'POST', '/v1/admin/tokens', { name: 'Sneaky' })).status).toBe(403);
  });
});

describe('audit log', () => {
  it('is readable by ADMIN, LEADER and EXECUTIVE_RO and pages backwards', async () => {
    for (const who of ['admin', 'leader', 'exec'] as const) expect((await as(who, 'GET', '/v1/admin/audit')).status).toBe(200);
    const first = auditListResponseSchema.parse((await as('admin', 'GET', '/v1/admin/audit?limit=2')).body);
    expect(first.entries).toHaveLength(2);
    const next = auditListResponseSchema.parse((await as('admin', 'GET', `/v1/admin/audit?limit=2&before=${first.entries[1]!.id}`)).body);
    expect(next.entries[0]!.id).toBeLessThan(first.entries[1]!.id);
  });

  it('is closed to managers and reps', async () => {
    expect((await as('manager', 'GET', '/v1/admin/audit')).status).toBe(403);
    expect((await as('rep', 'GET', '/v1/admin/audit')).status).toBe(403);
  });
});

describe('users and roles', () => {
  const newRep = toSalesforceId18('005Qx0000077777');

  it('maps a new Salesforce user to a role, who can then use the cards', async () => {
    const body = { name: 'Nora New', email: 'nora@example.com', role: 'REP_CSM', managerId: t.users.manager.id, source: 'salesforce', externalId: newRep };
    const res = await as('admin', 'POST', '/v1/admin/users', body);
    expect(res.status).toBe(200);
    const user = adminUserSchema.parse(res.body);
    expect(user).toMatchObject({ name: 'Nora New', role: 'REP_CSM', managerId: t.users.manager.id, active: true });
    const { token } = await issueTestToken(database, t);
    const card = await api.request('GET', CARD_ROUTES.mySignals.sf, { headers: salesforceHeaders(token, newRep) });
    expect(card.status).toBe(200);
    const list = userListResponseSchema.parse((await as('manager', 'GET', '/v1/admin/users')).body);
    expect(list.users.map((u) => u.name)).toContain('Nora New');
  });

  it('changes a role, audited with before and after', async () => {
    const list = userListResponseSchema.parse((await as('admin', 'GET', '/v1/admin/users')).body);
    const nora = list.users.find((u) => u.name === 'Nora New')!;
    const res = await as('admin', 'PATCH', `/v1/admin/users/${nora.id}`, { role: 'MANAGER' });
    expect(adminUserSchema.parse(res.body).role).toBe('MANAGER');
    const audit = auditListResponseSchema.parse((await as('admin', 'GET', `/v1/admin/audit?entity=user&entityId=${nora.id}`)).body);
    expect(audit.entries[0]).toMatchObject({ action: 'user.update', before: { role: 'REP_CSM' }, after: { role: 'MANAGER' } });
  });

  it('refuses a manager that is not a user of this organization, or the user themselves', async () => {
    const res = await as('admin', 'PATCH', `/v1/admin/users/${t.users.rep.id}`, { managerId: crypto.randomUUID() });
    expect(apiErrorSchema.parse(res.body).error).toMatchObject({ code: 'BAD_REQUEST', message: 'body.managerId: no such user in this organization' });
    const self = await as('admin', 'PATCH', `/v1/admin/users/${t.users.rep.id}`, { managerId: t.users.rep.id });
    expect(apiErrorSchema.parse(self.body).error.message).toBe('body.managerId: a user cannot manage themselves');
  });

  it('refuses an empty change naming what to send', async () => {
    const res = await as('admin', 'PATCH', `/v1/admin/users/${t.users.rep.id}`, {});
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/name at least one of role, managerId, active/);
  });

  it('lets only ADMIN change users', async () => {
    for (const who of ['leader', 'manager', 'rep', 'exec'] as const) {
      expect((await as(who, 'PATCH', `/v1/admin/users/${t.users.rep.id}`, { role: 'ADMIN' })).status).toBe(403);
    }
    const rep = userListResponseSchema.parse((await as('admin', 'GET', '/v1/admin/users')).body).users.find((u) => u.id === t.users.rep.id);
    expect(rep?.role).toBe('REP_CSM');
  });

  it('deactivating a user shuts them out of the cards', async () => {
    const list = userListResponseSchema.parse((await as('admin', 'GET', '/v1/admin/users')).body);
    const nora = list.users.find((u) => u.name === 'Nora New')!;
    await as('admin', 'PATCH', `/v1/admin/users/${nora.id}`, { active: false });
    const { token } = await issueTestToken(database, t);
    const card = await api.request('GET', CARD_ROUTES.mySignals.sf, { headers: salesforceHeaders(token, newRep) });
    expect(card.status).toBe(403);
  });
});
