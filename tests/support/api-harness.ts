import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SALESFORCE_USER_HEADER } from '@pillar/shared';
import { createApp } from '../../backend/src/api/app';
import { hubspotSignatureV3 } from '../../backend/src/auth/hubspot-signature';
import { issueToken } from '../../backend/src/auth/issue-token';
import { configSchema } from '../../backend/src/config';
import type { Database } from '../../backend/src/db/database';
import { withOrg } from '../../backend/src/db/tenant';
import type { Runtime } from '../../backend/src/runtime';
import { loadKeys } from '../../backend/src/security/keys';
import { FIXTURE_NOW, type ApiTenant, type FixtureUser } from './api-fixtures';

export const TEST_JWT_SECRET = 'pillar-api-tests-jwt-secret-0123456789abcdef';
export const TEST_HUBSPOT_SECRET = 'hubspot-app-client-secret-for-tests';
const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private current: Date = FIXTURE_NOW) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ApiHarness {
  baseUrl: string;
  clock: TestClock;
  runtime: Runtime;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
  request<T = unknown>(method: string, path: string, init?: { headers?: Record<string, string>; body?: string | undefined }): Promise<ApiResponse<T>>;
}

/**
 * The real app (createApp) on a loopback port, against a test database, with a hand-driven clock and the
 * logs captured. Rate limits are high unless a test sets them.
 */
export async function startApi(database: Database, options: { env?: Record<string, string>; clock?: TestClock } = {}): Promise<ApiHarness> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const config = {
    ...configSchema.parse({
      NODE_ENV: 'test',
      PILLAR_JWT_SECRET: TEST_JWT_SECRET,
      PILLAR_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      HUBSPOT_CLIENT_SECRET: TEST_HUBSPOT_SECRET,
      PILLAR_RATE_LIMIT_PER_IP: '100000',
      PILLAR_RATE_LIMIT_PER_TENANT: '100000',
      ...options.env,
    }),
    dataDir: '/nonexistent-pillar-test-data-dir',
  };
  const clock = options.clock ?? new TestClock();
  const runtime: Runtime = {
    config,
    logger: pino({ level: 'info' }, sink),
    database,
    clock,
    keys: loadKeys(config),
    close: async () => undefined,
  };
  const app = createApp(runtime);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    baseUrl,
    clock,
    runtime,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    async request<T>(method: string, path: string, init: { headers?: Record<string, string>; body?: string | undefined } = {}) {
      const response = await fetch(baseUrl + path, { method, headers: init.headers, body: init.body });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: response.status, headers: response.headers, body: body as T, text };
    },
  };
}

/** Issues a real tenant token (api_tokens row + JWT) as `pillar token issue` does. */
export async function issueTestToken(
  database: Database,
  tenant: Pick<ApiTenant, 'orgId'>,
  options: { scope?: 'salesforce' | 'admin'; user?: FixtureUser; lifetimeSeconds?: number | null; now?: Date } = {},
): Promise<{ token: string; id: string; jti: string }> {
  const scope = options.scope ?? 'salesforce';
  const { token, row } = await withOrg(database.db, tenant.orgId, (tx) =>
    issueToken(tx, TEST_JWT_SECRET, {
      orgId: tenant.orgId,
      scope,
      name: scope === 'admin' ? `Admin ${options.user?.name}` : 'Salesforce',
      user: options.user ? { id: options.user.id, role: options.user.role } : null,
      lifetimeSeconds: options.lifetimeSeconds === undefined ? null : options.lifetimeSeconds,
      issuedBy: null,
      now: options.now ?? FIXTURE_NOW,
    }),
  );
  return { token, id: row.id, jti: row.jti };
}

/** Headers of a Salesforce callout: the Named Credential's token and the acting user. */
export function salesforceHeaders(token: string, user: FixtureUser | string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, [SALESFORCE_USER_HEADER]: typeof user === 'string' ? user : user.crmUserId, ...extra };
}

export interface HubSpotCall {
  portalId: string | null;
  user?: FixtureUser | null;
  /** Extra query parameters, as HubSpot appends them (order as given). */
  query?: Record<string, string>;
  timestamp?: number;
  secret?: string;
}

let signedRequests = 0;

/**
 * A hubspot.fetch request as HubSpot's proxy sends it: portalId/userId/userEmail appended to the URL, the body
 * JSON.stringify'd, signed with X-HubSpot-Signature-v3 over method + full URL + body + timestamp (ms).
 */
export function hubspotRequest(harness: Pick<ApiHarness, 'baseUrl' | 'clock'>, method: string, path: string, body: unknown, call: HubSpotCall) {
  const url = new URL(harness.baseUrl + path);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.append(k, v);
  if (call.user) {
    url.searchParams.append('userId', call.user.crmUserId);
    url.searchParams.append('userEmail', call.user.email);
  }
  if (call.portalId !== null) url.searchParams.append('portalId', call.portalId);
  url.searchParams.append('appId', '31337');
  const raw = body === undefined ? '' : JSON.stringify(body);
  // Real requests are milliseconds apart; with a frozen test clock, step back 1 ms per request so two calls
  // are never byte-identical (which the replay guard would rightly refuse).
  const timestamp = String(call.timestamp ?? harness.clock.now().getTime() - (signedRequests++ % 200_000));
  const signature = hubspotSignatureV3(call.secret ?? TEST_HUBSPOT_SECRET, { method, url: url.toString(), rawBody: Buffer.from(raw), timestamp });
  const headers: Record<string, string> = { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
  if (raw) headers['content-type'] = 'application/json';
  return { path: url.pathname + url.search, headers, body: raw || undefined, signature };
}
