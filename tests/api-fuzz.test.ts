import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountHealthCardSchema,
  apiErrorSchema,
  CARD_METHODS,
  CARD_ROUTES,
  dealInsightCardSchema,
  playCardSchema,
  playChecklistSchema,
  SALESFORCE_USER_HEADER,
  signalCardSchema,
  signalFeedSchema,
} from '@pillar/shared';
import type { z } from 'zod';
import { ADMIN_ROUTES } from '../backend/src/api/admin/contracts';
import { hubspotSignatureV3 } from '../backend/src/auth/hubspot-signature';
import { seedApiTenant, USER_KEYS, type ApiTenant } from './support/api-fixtures';
import { issueTestToken, startApi, TEST_HUBSPOT_SECRET, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Random malformed requests against every endpoint: paths, path parameters, query strings, bodies, headers and
// methods. Whatever arrives, the API answers with a 2xx or a 4xx in the error format, never a 5xx, and a 2xx
// card still matches its contract.

let database: TestDatabase;
let api: ApiHarness;
let sf: ApiTenant;
let hs: ApiTenant;
let sfToken: string;
const adminTokens: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase('api-fuzz');
  sf = await seedApiTenant(database, { name: 'Fuzz SF', provider: 'salesforce', tag: 51 });
  hs = await seedApiTenant(database, { name: 'Fuzz HS', provider: 'hubspot', tag: 52 });
  sfToken = (await issueTestToken(database, sf)).token;
  for (const key of ['admin', 'rep', 'exec'] as const) adminTokens.push((await issueTestToken(database, sf, { scope: 'admin', user: sf.users[key] })).token);
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

type Channel = 'sf' | 'hs' | 'admin';
interface Endpoint {
  channel: Channel;
  method: string;
  path: string;
  contract?: z.ZodType;
}

const CONTRACTS: Record<keyof typeof CARD_ROUTES, z.ZodType> = {
  accountHealth: accountHealthCardSchema,
  dealInsight: dealInsightCardSchema,
  accountPlays: playChecklistSchema,
  dealPlays: playChecklistSchema,
  accountSignals: signalFeedSchema,
  mySignals: signalFeedSchema,
  signalTransition: signalCardSchema,
  taskToggle: playCardSchema,
  playComplete: playCardSchema,
};
const ADMIN_METHODS: Record<keyof typeof ADMIN_ROUTES, string[]> = {
  me: ['GET'],
  scoringProfile: ['GET', 'PUT'],
  scoringProfileVersions: ['GET'],
  tokens: ['GET', 'POST'],
  token: ['DELETE'],
  audit: ['GET'],
  users: ['GET', 'POST'],
  user: ['PATCH'],
};
const ENDPOINTS: Endpoint[] = [
  ...(Object.keys(CARD_ROUTES) as (keyof typeof CARD_ROUTES)[]).flatMap((key) =>
    (['sf', 'hs'] as const).map((channel) => ({ channel, method: CARD_METHODS[key], path: CARD_ROUTES[key][channel], contract: CONTRACTS[key] })),
  ),
  ...(Object.keys(ADMIN_ROUTES) as (keyof typeof ADMIN_ROUTES)[]).flatMap((key) => ADMIN_METHODS[key].map((method) => ({ channel: 'admin' as const, method, path: ADMIN_ROUTES[key] }))),
];

const ascii = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), ascii(80));

/** Plausible and implausible values for each path parameter. */
function paramValue(name: string, channel: Channel): fc.Arbitrary<string> {
  const tenant = channel === 'hs' ? hs : sf;
  const real: Record<string, string[]> = {
    crmId: [tenant.accounts.acme.crmId, tenant.opportunities.acmeRenewal.crmId, tenant.accounts.initech.crmId, tenant.accounts.acme.crmId.slice(0, 15), '0', '001000000000000AAA'],
    signalId: [tenant.signals.acmeCritical, tenant.signals.acmeResolved, tenant.signals.initechActive, crypto.randomUUID()],
    playId: [tenant.plays.acmeRescue.id, tenant.plays.initechPlay.id, tenant.plays.acmeDone.id],
    taskId: [...tenant.plays.acmeRescue.taskIds, ...tenant.plays.initechPlay.taskIds],
    tokenId: [crypto.randomUUID()],
    userId: [tenant.users.rep.id, tenant.users.admin.id, crypto.randomUUID()],
  };
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(real[name] ?? ['x'])) },
    { weight: 2, arbitrary: anyText.map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%00', '%E0%A4%A', '%ZZ', '..', '%2e%2e', '%2F', '00000000-0000-0000-0000-000000000000', '9'.repeat(40), 'a'.repeat(300)) },
  );
}

const queryPair = fc.tuple(
  fc.oneof(fc.constantFrom('state', 'family', 'severity', 'limit', 'portalId', 'userId', 'userEmail', 'entity', 'before', 'actorId', 'state[]', '__proto__', 'constructor'), ascii(12)),
  fc.oneof(fc.constantFrom('ACTIVE', 'RESOLVED', 'PIPELINE', 'CRITICAL', '1', '0', '-1', '201', '1e9', 'NaN', '', '%00', 'toString'), anyText),
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      action: fc.oneof(fc.constantFrom('acknowledge', 'start', 'resolve', 'suppress'), anyText, fc.integer()),
      note: fc.oneof(anyText, fc.constant('x'.repeat(5000)), fc.integer()),
      reason: fc.oneof(anyText, fc.constant('')),
      until: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyText),
      done: fc.oneof(fc.boolean(), anyText, fc.constant(null)),
      outcome: fc.oneof(fc.constantFrom('RENEWED', 'WON', 'LOST'), anyText),
      name: anyText,
      role: fc.oneof(fc.constantFrom('ADMIN', 'REP_CSM', 'BOSS'), anyText),
      source: fc.constantFrom('salesforce', 'hubspot', 'pillar', 'fax'),
      externalId: anyText,
      managerId: fc.oneof(fc.uuid(), anyText, fc.constant(null)),
      expiresIn: fc.constantFrom('90d', 'never', '0d', '9999999d', 'soon'),
      categoryWeights: fc.dictionary(ascii(16), fc.oneof(fc.double(), fc.string())),
      ruleWeights: fc.dictionary(fc.constantFrom('ENG-001', 'ENG-999', '__proto__', 'x'), fc.oneof(fc.double(), fc.integer())),
    },
    { requiredKeys: [] },
  ),
);

const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: jsonBody.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)) },
  { weight: 1, arbitrary: fc.constantFrom('{"done":true', '{"a":"\\u0000"}', '{"__proto__":{"done":true}}', '{"done":true,"done":false}', 'null', '""') },
);

const request = (endpoint: Endpoint) =>
  fc.record({
    method: fc.oneof({ weight: 5, arbitrary: fc.constant(endpoint.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') }),
    params: fc.record(Object.fromEntries([...endpoint.path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, paramValue(m[1]!, endpoint.channel)]))),
    extraSegment: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyText.map(encodeURIComponent) }),
    query: fc.array(queryPair, { maxLength: 5 }),
    body,
    contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', undefined),
    credential: fc.constantFrom('valid', 'valid', 'valid', 'garbage', 'none'),
    user: fc.oneof(fc.constantFrom(...USER_KEYS), ascii(20)),
    adminToken: fc.nat(adminTokens.length - 1),
    badHeader: fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x-hubspot-request-timestamp', 'x-hubspot-signature-v3', 'x-request-id', 'accept', 'authorization'), ascii(30)) },
    ),
  });

type Generated = ReturnType<typeof request> extends fc.Arbitrary<infer T> ? T : never;

function build(endpoint: Endpoint, g: Generated): { method: string; path: string; headers: Record<string, string>; body: string | undefined } {
  let path = endpoint.path.replace(/:(\w+)/g, (_m, name: string) => (g.params as Record<string, string>)[name]!);
  if (g.extraSegment !== null) path += `/${g.extraSegment}`;
  const query = g.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  const bodyAllowed = g.method !== 'GET' && g.method !== 'HEAD';
  const raw = bodyAllowed ? g.body : undefined;
  const headers: Record<string, string> = {};
  if (g.contentType && raw !== undefined) headers['content-type'] = g.contentType;
  const userKey = g.user as string;
  const knownUser = (USER_KEYS as readonly string[]).includes(userKey) ? (endpoint.channel === 'hs' ? hs : sf).users[userKey as (typeof USER_KEYS)[number]] : null;
  if (endpoint.channel === 'sf') {
    if (g.credential === 'valid') headers.authorization = `Bearer ${sfToken}`;
    if (g.credential === 'garbage') headers.authorization = `Bearer ${userKey}`;
    headers[SALESFORCE_USER_HEADER] = knownUser ? knownUser.crmUserId : userKey;
  } else if (endpoint.channel === 'admin') {
    if (g.credential === 'valid') headers.authorization = `Bearer ${adminTokens[g.adminToken]}`;
    if (g.credential === 'garbage') headers.authorization = userKey;
  } else {
    if (knownUser) query.push(`userId=${knownUser.crmUserId}`, `userEmail=${encodeURIComponent(knownUser.email)}`);
    if (g.credential !== 'none') query.push(`portalId=${hs.externalOrgId}`);
    const url = `${path}${query.length ? `?${query.join('&')}` : ''}`;
    const timestamp = String(api.clock.now().getTime() - Math.floor(Math.random() * 100_000));
    const secret = g.credential === 'garbage' ? 'wrong-secret' : TEST_HUBSPOT_SECRET;
    headers['x-hubspot-request-timestamp'] = timestamp;
    headers['x-hubspot-signature-v3'] = hubspotSignatureV3(secret, { method: g.method, url: api.baseUrl + url, rawBody: Buffer.from(raw ?? ''), timestamp });
    if (g.badHeader) headers[g.badHeader[0]] = g.badHeader[1];
    return { method: g.method, path: url, headers, body: raw };
  }
  if (g.badHeader) headers[g.badHeader[0]] = g.badHeader[1];
  return { method: g.method, path: `${path}${query.length ? `?${query.join('&')}` : ''}`, headers, body: raw };
}

describe.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))('%s under random malformed requests', (_name, endpoint) => {
  it('never answers 5xx; errors are in the error format and successes match the contract', async () => {
    const outcomes: { status: number; routed: boolean }[] = [];
    await fc.assert(
      fc.asyncProperty(request(endpoint), async (g) => {
        const req = build(endpoint, g);
        const res = await api.request(req.method, req.path, { headers: req.headers, body: req.body });
        outcomes.push({ status: res.status, routed: !/No route for/.test(res.text) });
        const where = `${req.method} ${req.path} -> ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400 && req.method !== 'OPTIONS') expect(apiErrorSchema.safeParse(res.body).success, where).toBe(true);
        if (res.status === 200 && endpoint.contract && req.method === endpoint.method && g.extraSegment === null) {
          expect(endpoint.contract.safeParse(res.body).success, where).toBe(true);
        }
      }),
      { numRuns: 120 },
    );
    // The generators reach the handlers: most requests hit the route, pass authentication and are then judged
    // on their parameters, query and body (2xx, 400, 403, 404 or 409), not just refused at the door.
    const judged = outcomes.filter((o) => o.routed && o.status !== 401).length;
    expect(judged).toBeGreaterThan(outcomes.length * 0.25);
  });
});
