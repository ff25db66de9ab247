// The loopback HTTP server: routes OAuth, identity and /services/data requests, applies injected faults,
// checks bearer tokens and the daily allowance, counts every call and stamps Sforce-Limit-Info on REST answers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthServer, type AuthOptions, type ConnectedApp } from './auth';
import { pillarCatalogFields } from './catalog-fields';
import { FaultInjector, type TerminalFault } from './faults';
import { ApiError, NOT_FOUND, type ApiRequest, type ApiResponse, type Route } from './http-types';
import { SalesforceOrg, type OrgOptions } from './org';
import { createBulkRoutes } from './routes-bulk';
import { createRestRoutes } from './routes-rest';
import type { CustomFieldSpec, FieldDef } from './schema';
import { seedOrg, type SeedResult, type SeedSpec } from './seed';
import { ApiAllowance, ApiStats, type ApiCallKind } from './stats';

export interface SalesforceEmulatorOptions extends OrgOptions, AuthOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Connected apps allowed to get tokens. */
  apps?: ConnectedApp[];
  /** DailyApiRequests Max (default 15,000). */
  dailyApiLimit?: number;
  /** Open query cursors per user before the oldest is discarded (Salesforce: 10). */
  maxOpenCursorsPerUser?: number;
  /** GETs of a closed Bulk 2.0 job that still answer InProgress (default 1). */
  bulkPollsUntilComplete?: number;
  /** Pillar's FIELD CATALOG fields are deployed unless false; `{ namespace }` prefixes them (`ns__…__c`). */
  pillarFields?: boolean | { namespace: string };
  /** More custom fields deployed before the first request. */
  customFields?: Array<CustomFieldSpec & { object: string }>;
}

export interface SalesforceEmulator {
  /** Base URL (login URL and instance URL), e.g. http://127.0.0.1:54321 */
  url: string;
  org: SalesforceOrg;
  auth: OAuthServer;
  faults: FaultInjector;
  stats: ApiStats;
  /** The daily API allowance behind /limits and Sforce-Limit-Info. */
  allowance: ApiAllowance;
  defineCustomField(object: string, spec: CustomFieldSpec): FieldDef;
  seed(spec: SeedSpec): SeedResult;
  close(): Promise<void>;
}

const MIN_VERSION = 20;
const MAX_VERSION = 66;

interface Resolved {
  kind: ApiCallKind;
  run: (ctx: { req: IncomingMessage; body: Buffer; url: URL }) => ApiResponse | Promise<ApiResponse>;
  authenticated: boolean;
  bulk: boolean;
  oauth: boolean;
}

function faultResponse(fault: Exclude<TerminalFault, { kind: 'drop' }>, oauth: boolean): ApiResponse {
  let status: number;
  let errorCode: string;
  let message: string;
  switch (fault.kind) {
    case 'invalidSession':
      status = 401;
      errorCode = 'INVALID_SESSION_ID';
      message = 'Session expired or invalid';
      break;
    case 'requestLimit':
      status = 403;
      errorCode = 'REQUEST_LIMIT_EXCEEDED';
      message = 'TotalRequests Limit exceeded.';
      break;
    case 'status': {
      status = fault.status;
      const defaults: Record<number, [string, string]> = {
        429: ['REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'],
        500: ['UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1)'],
        502: ['SERVER_UNAVAILABLE', 'Bad gateway'],
        503: ['SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please retry.'],
      };
      const [code, msg] = defaults[status] ?? [`ERROR_HTTP_${status}`, `HTTP ${status}`];
      errorCode = fault.errorCode ?? code;
      message = fault.message ?? msg;
      if (fault.body !== undefined) return { status, json: fault.body };
      break;
    }
  }
  if (oauth) return { status: status === 401 ? 400 : status, json: { error: errorCode.toLowerCase(), error_description: message } };
  return { status, json: [{ message, errorCode }], ...(status === 401 ? { headers: { 'WWW-Authenticate': 'Token' } } : {}) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: ApiResponse, extraHeaders: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
  let payload: string | undefined;
  if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    headers['Content-Type'] = response.contentType ?? 'application/json;charset=UTF-8';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['Content-Type'] = response.contentType ?? 'text/plain;charset=UTF-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

export async function createSalesforceEmulator(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const org = new SalesforceOrg(options);
  const auth = new OAuthServer(org, options);
  for (const app of options.apps ?? []) auth.registerApp(app);
  const pillar = options.pillarFields ?? true;
  const catalog = pillar === false ? [] : pillarCatalogFields(pillar === true ? undefined : pillar.namespace);
  for (const { object, ...spec } of [...catalog, ...(options.customFields ?? [])]) org.schema.defineCustomField(object, spec);
  const faults = new FaultInjector();
  const stats = new ApiStats();
  const allowance = new ApiAllowance(options.dailyApiLimit ?? 15_000);
  const services = { org, faults };
  const restRoute = createRestRoutes(services, { allowance, maxOpenCursorsPerUser: options.maxOpenCursorsPerUser ?? 10 });
  const bulkRoute = createBulkRoutes(services, { pollsUntilComplete: options.bulkPollsUntilComplete ?? 1 });
  let baseUrl = '';

  function resolve(method: string, path: string): Resolved {
    const plain = (kind: ApiCallKind, run: Resolved['run'], extra: Partial<Resolved> = {}): Resolved => ({
      kind,
      run,
      authenticated: true,
      bulk: false,
      oauth: false,
      ...extra,
    });
    if (path === '/services/oauth2/token' && method === 'POST') {
      return plain('oauthToken', ({ body }) => {
        const r = auth.token(new URLSearchParams(body.toString('utf8')), baseUrl);
        return { status: r.status, json: r.body };
      }, { authenticated: false, oauth: true });
    }
    if (path === '/services/oauth2/revoke' && method === 'POST') {
      return plain('oauthRevoke', ({ body }) => {
        auth.revoke(new URLSearchParams(body.toString('utf8')).get('token') ?? '');
        return { status: 200 };
      }, { authenticated: false, oauth: true });
    }
    const idMatch = /^\/id\/([^/]+)\/([^/]+)$/.exec(path);
    if (idMatch && method === 'GET') {
      return plain('identity', () => {
        const user = org.get(idMatch[2] as string);
        if (!user || idMatch[1] !== org.orgId) throw NOT_FOUND();
        return {
          status: 200,
          json: {
            id: `${baseUrl}/id/${org.orgId}/${user.Id}`,
            user_id: user.Id,
            organization_id: org.orgId,
            username: user.Username,
            email: user.Email,
            display_name: user.Name,
            active: user.IsActive,
            urls: { rest: `${baseUrl}/services/data/v{version}/`, query: `${baseUrl}/services/data/v{version}/query/` },
          },
        };
      });
    }
    if ((path === '/services/data' || path === '/services/data/') && method === 'GET') {
      return plain('versions', () => ({
        status: 200,
        json: Array.from({ length: MAX_VERSION - MIN_VERSION + 1 }, (_, i) => {
          const v = `${MIN_VERSION + i}.0`;
          return { label: `v${v}`, url: `/services/data/v${v}`, version: v };
        }),
      }), { authenticated: false });
    }
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
    if (m) {
      const version = m[1] as string;
      const rest = m[2] ?? '';
      const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
      const supported = Number(version) >= MIN_VERSION && Number(version) <= MAX_VERSION;
      const route: Route | null = supported ? (bulkRoute(method, segments) ?? restRoute(method, segments)) : null;
      if (!route) return plain('unknown', () => ({ status: 404, json: NOT_FOUND().body() }));
      return plain(route.kind, async ({ req, body, url }) => {
        const userId = auth.authenticate(req.headers.authorization);
        if (!userId) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
        if (allowance.used >= allowance.dailyMax) throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        allowance.used++;
        const apiReq: ApiRequest = { method, path: rest || '/', fullPath: path, version, query: url.searchParams, headers: req.headers, body, userId };
        return route.handle(apiReq);
      }, { bulk: route.bulk ?? false });
    }
    return plain('unknown', () => ({ status: 404, json: NOT_FOUND().body() }), { authenticated: false });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const body = await readBody(req);
    const resolved = resolve(method, url.pathname);
    const injected = faults.take(method, url.pathname);
    if (injected.delayMs > 0) await new Promise((r) => setTimeout(r, injected.delayMs));
    const terminal = injected.terminal;
    if (terminal?.kind === 'drop') {
      stats.record({ method, path: url.pathname, kind: resolved.kind, status: 0 });
      req.socket.destroy();
      return;
    }
    let response: ApiResponse;
    if (terminal) {
      response = faultResponse(terminal, resolved.oauth);
    } else {
      try {
        response = await resolved.run({ req, body, url });
      } catch (err) {
        if (err instanceof ApiError) {
          response = { status: err.status, json: err.body(), ...(err.status === 401 ? { headers: { 'WWW-Authenticate': 'Token' } } : {}) };
        } else {
          response = { status: 500, json: [{ errorCode: 'UNKNOWN_EXCEPTION', message: `An unexpected error occurred: ${(err as Error).message}` }] };
        }
      }
    }
    if (resolved.bulk && response.json !== undefined && !response.contentType) response.contentType = 'application/json; charset=utf-8';
    const limitHeader: Record<string, string> =
      resolved.authenticated && !resolved.bulk && resolved.kind !== 'identity' && response.status !== 401 ? { 'Sforce-Limit-Info': allowance.header() } : {};
    stats.record({ method, path: url.pathname, kind: resolved.kind, status: response.status });
    send(res, response, limitHeader);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify([{ errorCode: 'UNKNOWN_EXCEPTION', message: (err as Error).message }]));
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;

  return {
    url: baseUrl,
    org,
    auth,
    faults,
    stats,
    allowance,
    defineCustomField: (object, spec) => org.schema.defineCustomField(object, spec),
    seed: (spec) => seedOrg(org, spec),
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
