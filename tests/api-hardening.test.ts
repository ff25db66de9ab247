import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, CARD_METHODS, CARD_ROUTES } from '@pillar/shared';
import { ADMIN_ROUTES } from '../backend/src/api/admin/contracts';
import { seedApiTenant, type ApiTenant } from './support/api-fixtures';
import { hubspotRequest, issueTestToken, salesforceHeaders, startApi, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let api: ApiHarness;
let t: ApiTenant;
let other: ApiTenant;
let token: string;
let otherToken: string;

beforeAll(async () => {
  database = await createTestDatabase('api-hardening');
  t = await seedApiTenant(database, { name: 'Hardening', provider: 'salesforce', tag: 41 });
  other = await seedApiTenant(database, { name: 'Hardening other', provider: 'salesforce', tag: 42 });
  token = (await issueTestToken(database, t)).token;
  otherToken = (await issueTestToken(database, other)).token;
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

const fill = (template: string, params: Record<string, string>) => template.replace(/:(\w+)/g, (_m, name: string) => params[name]!);
const health = (tenant: ApiTenant) => fill(CARD_ROUTES.accountHealth.sf, { crmId: tenant.accounts.acme.crmId });
const toggleUrl = () => fill(CARD_ROUTES.taskToggle.sf, { playId: t.plays.acmeRescue.id, taskId: t.plays.acmeRescue.taskIds[1]! });
const jsonHeaders = () => salesforceHeaders(token, t.users.rep, { 'content-type': 'application/json' });

describe('request bodies', () => {
  it('refuses a body over 100 kB with 413', async () => {
    const res = await api.request('PUT', toggleUrl(), { headers: jsonHeaders(), body: JSON.stringify({ done: true, padding: 'x'.repeat(110_000) }) });
    expect(res.status).toBe(413);
    expect(apiErrorSchema.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await api.request('PUT', toggleUrl(), { headers: jsonHeaders(), body: '{"done": tru' });
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.message).toBe('body: malformed JSON');
  });

  it('names the field of a body that does not match the contract', async () => {
    const res = await api.request('PUT', toggleUrl(), { headers: jsonHeaders(), body: JSON.stringify({ done: 'yes' }) });
    expect(res.status).toBe(400);
    const error = apiErrorSchema.parse(res.body).error;
    expect(error.message).toMatch(/^body\.done: /);
    expect(error.details).toEqual([{ path: 'body.done', message: expect.any(String) }]);
  });

  it('refuses a body that is not JSON where JSON is expected', async () => {
    const res = await api.request('PUT', toggleUrl(), { headers: salesforceHeaders(token, t.users.rep, { 'content-type': 'text/plain' }), body: 'done=true' });
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.message).toMatch(/^body: /);
  });

  it('refuses NUL characters before they reach the database', async () => {
    const signal = fill(CARD_ROUTES.signalTransition.sf, { signalId: t.signals.acmeCritical });
    const res = await api.request('POST', signal, { headers: jsonHeaders(), body: JSON.stringify({ action: 'acknowledge', note: 'a\u0000b' }) });
    expect(apiErrorSchema.parse(res.body).error).toMatchObject({ code: 'BAD_REQUEST', message: 'body.note: must not contain NUL characters' });
    const query = await api.request('GET', `${CARD_ROUTES.mySignals.sf}?state=%00`, { headers: salesforceHeaders(token, t.users.rep) });
    expect(apiErrorSchema.parse(query.body).error.message).toBe('query.state: must not contain NUL characters');
  });

  it('names a malformed path parameter', async () => {
    const res = await api.request('GET', fill(CARD_ROUTES.accountHealth.sf, { crmId: 'not-an-id' }), { headers: salesforceHeaders(token, t.users.rep) });
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.message).toBe('params.crmId: must be a 15 or 18 character Salesforce id');
    const play = await api.request('PUT', fill(CARD_ROUTES.taskToggle.sf, { playId: 'nope', taskId: t.plays.acmeRescue.taskIds[0]! }), { headers: jsonHeaders(), body: '{"done":true}' });
    expect(apiErrorSchema.parse(play.body).error.message).toMatch(/^params\.playId: /);
  });
});

describe('responses', () => {
  it('carry security headers and a request id', async () => {
    const res = await api.request('GET', health(t), { headers: salesforceHeaders(token, t.users.rep) });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keep a caller-supplied request id and log it with the tenant and user', async () => {
    const res = await api.request('GET', health(t), { headers: salesforceHeaders(token, t.users.rep, { 'x-request-id': 'trace-abc-123456' }) });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123456');
    const line = api.logs.find((l) => (l.req as { id?: string } | undefined)?.id === 'trace-abc-123456' && l.msg === 'request completed');
    expect(line).toMatchObject({ orgId: t.orgId, userId: t.users.rep.id, res: { statusCode: 200 } });
  });

  it('answer an unknown route with a JSON 404', async () => {
    const res = await api.request('GET', '/v1/sf/nothing-here');
    expect(apiErrorSchema.parse(res.body).error.code).toBe('NOT_FOUND');
  });

  it('turn a stored score of the wrong shape into a plain 500 without internals, and log the details', async () => {
    await database.ownerPool.query(`update account_scores set band = 'SPLENDID' where account_id = $1`, [t.accounts.globex.id]);
    const res = await api.request('GET', fill(CARD_ROUTES.accountHealth.sf, { crmId: t.accounts.globex.crmId }), { headers: salesforceHeaders(token, t.users.admin) });
    expect(res.status).toBe(500);
    expect(apiErrorSchema.parse(res.body).error).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side. The request id is in the x-request-id header.' });
    expect(res.text).not.toMatch(/SPLENDID|account_scores|at .*\.ts/);
    const logged = api.logs.find((l) => l.msg === 'unhandled error' && (l.req as { id: string }).id === res.headers.get('x-request-id'));
    expect(logged).toMatchObject({ err: { type: 'StoredScoreInvalid', message: expect.stringMatching(/account_scores row of account .* does not parse: .*"path":\["band"\]/) } });
  });
});

describe('rate limits', () => {
  it('limit each address, answering 429 with Retry-After', async () => {
    const limited = await startApi(database, { env: { PILLAR_RATE_LIMIT_PER_IP: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.request('GET', health(t), { headers: salesforceHeaders(token, t.users.rep) })).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await limited.request('GET', health(t), { headers: salesforceHeaders(token, t.users.rep) });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('20');
      expect(apiErrorSchema.parse(refused.body).error).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many requests from this address; retry after 20 s' });
      // Health checks are not limited.
      expect((await limited.request('GET', '/healthz')).status).toBe(200);
      limited.clock.advance(20_000);
      expect((await limited.request('GET', health(t), { headers: salesforceHeaders(token, t.users.rep) })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('limit each tenant on its own', async () => {
    const limited = await startApi(database, { env: { PILLAR_RATE_LIMIT_PER_TENANT: '2' } });
    try {
      for (let i = 0; i < 2; i++) expect((await limited.request('GET', health(t), { headers: salesforceHeaders(token, t.users.rep) })).status).toBe(200);
      const refused = await limited.request('GET', health(t), { headers: salesforceHeaders(token, t.users.rep) });
      expect(refused.status).toBe(429);
      expect(apiErrorSchema.parse(refused.body).error.message).toMatch(/this organization/);
      expect((await limited.request('GET', health(other), { headers: salesforceHeaders(otherToken, other.users.rep) })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('HubSpot without a client secret', () => {
  it('refuses every HubSpot request', async () => {
    const unconfigured = await startApi(database, { env: { HUBSPOT_CLIENT_SECRET: '' } });
    try {
      const signed = hubspotRequest(unconfigured, 'GET', CARD_ROUTES.mySignals.hs, undefined, { portalId: '1' });
      const res = await unconfigured.request('GET', signed.path, { headers: signed.headers });
      expect(res.status).toBe(401);
      expect(apiErrorSchema.parse(res.body).error.message).toMatch(/HUBSPOT_CLIENT_SECRET is not configured/);
    } finally {
      await unconfigured.close();
    }
  });
});

describe('card route methods', () => {
  const cases = (Object.keys(CARD_ROUTES) as (keyof typeof CARD_ROUTES)[]).flatMap((key) => (['sf', 'hs'] as const).map((p) => [key, p] as const));
  const sample = (template: string) =>
    template.replace(':crmId', '00570000001ZwTiAAK').replace(/:(signalId|playId|taskId)/g, () => crypto.randomUUID());

  it.each(cases)('serves %s (%s) with the method CARD_METHODS names, and no other', async (key, provider) => {
    const path = sample(CARD_ROUTES[key][provider]);
    const served = await api.request(CARD_METHODS[key], path);
    // The route exists: the request is refused for lack of credentials, not for lack of a route.
    expect(served.status, `${CARD_METHODS[key]} ${path}`).toBe(401);
    for (const other of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => m !== CARD_METHODS[key])) {
      const res = await api.request(other, path);
      expect(res.status, `${other} ${path}`).toBe(404);
      expect(apiErrorSchema.parse(res.body).error.message).toMatch(/^No route for/);
    }
  });
});

describe('GET /openapi.json', () => {
  type Doc = {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  };
  let doc: Doc;
  beforeAll(async () => {
    doc = (await api.request<Doc>('GET', '/openapi.json')).body;
  });

  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['adminToken', 'hubspotSignature', 'salesforceToken']);
  });

  it('describes every card route of both CRMs and every admin route', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');
    for (const routes of Object.values(CARD_ROUTES)) {
      expect(documented.some((d) => d.endsWith(` ${toOpenApi(routes.sf)}`))).toBe(true);
      expect(documented.some((d) => d.endsWith(` ${toOpenApi(routes.hs)}`))).toBe(true);
    }
    for (const path of Object.values(ADMIN_ROUTES)) expect(documented.some((d) => d.endsWith(` ${toOpenApi(path)}`))).toBe(true);
    expect(documented).toContain(`put ${toOpenApi(CARD_ROUTES.taskToggle.sf)}`);
    expect(documented).toContain(`post ${toOpenApi(CARD_ROUTES.signalTransition.hs)}`);
  });

  it('names path, query and header parameters', () => {
    const feed = doc.paths[CARD_ROUTES.accountSignals.sf.replace(':crmId', '{crmId}')]!.get!;
    expect(feed.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:crmId', 'query:state', 'query:family', 'query:severity', 'query:limit', 'header:X-Pillar-Salesforce-User']);
  });

  it('resolves every $ref to a component schema generated from the zod contracts', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of new Set(refs)) expect(doc.components.schemas, ref).toHaveProperty(ref);
    expect(doc.components.schemas.AccountHealthCard).toMatchObject({ oneOf: expect.any(Array) });
  });
});
