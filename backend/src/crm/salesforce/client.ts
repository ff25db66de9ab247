// The thin Salesforce client: a jsforce Connection authorised by OAuth 2.0 JWT bearer or a refresh token,
// with a bounded session refresh, and the few calls the connector needs (paged SOQL, sObject Collections
// updates, Bulk API 2.0 updates, limits). Every call goes through one retry loop driven by the pure
// `backoffDecision` policy; jsforce's own hidden retries are switched off so each API call is accounted for.
import jwt from 'jsonwebtoken';
import { Connection, SfDate } from 'jsforce';
import type { HttpRequest } from 'jsforce/lib/types';
import { z } from 'zod';
import {
  SalesforceApiError,
  classifyBulkError,
  classifyRecordError,
  classifySalesforceError,
  type SalesforceFailure,
} from './errors';

export const DEFAULT_API_VERSION = '62.0';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** sObject Collections accept at most this many records per call. */
export const COLLECTION_LIMIT = 200;

// ---------------------------------------------------------------------------------------------------------
// Retry policy (pure)

export interface RetryPolicy {
  /** Attempts including the first (1 = never retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

export type BackoffDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * After `attempt` failed attempts with `failure`: retry retryable failures (429, 5xx, concurrent-limit
 * REQUEST_LIMIT_EXCEEDED, UNABLE_TO_LOCK_ROW, network) with exponential backoff and "equal jitter" (half the
 * step fixed, half random), up to `maxAttempts`. The daily-limit REQUEST_LIMIT_EXCEEDED is not retried: it
 * frees up over hours, so the caller pauses instead.
 */
export function backoffDecision(policy: RetryPolicy, attempt: number, failure: SalesforceFailure, random: () => number): BackoffDecision {
  if (!failure.retryable || attempt >= policy.maxAttempts) return { retry: false };
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(step / 2 + random() * (step / 2)) };
}

// ---------------------------------------------------------------------------------------------------------
// Options and results

export interface JwtBearerAuth {
  kind: 'jwt';
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain (token endpoint host). */
  loginUrl: string;
  /** JWT `aud`; defaults to the login URL. */
  audience?: string;
  /** The connected app's consumer key (JWT `iss`). */
  consumerKey: string;
  /** The integration user's username (JWT `sub`). */
  username: string;
  /** PEM private key matching the certificate uploaded to the connected app. */
  privateKey: string;
}

export interface RefreshTokenAuth {
  kind: 'refreshToken';
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
}

export type SalesforceAuth = JwtBearerAuth | RefreshTokenAuth;

export type SalesforceClientEvent =
  | { type: 'retry'; operation: string; attempt: number; delayMs: number; failure: SalesforceFailure }
  | { type: 'giveUp'; operation: string; attempt: number; failure: SalesforceFailure }
  | { type: 'refresh'; ok: true }
  | { type: 'refresh'; ok: false; failure: SalesforceFailure };

export interface SalesforceClientOptions {
  auth: SalesforceAuth;
  /** jsforce defaults to 50.0; Collections need ≥ 42, Bulk 2.0 ≥ 41. */
  apiVersion?: string;
  retry?: Partial<RetryPolicy>;
  /**
   * jsforce refreshes on every 401 and retries forever if the new token is rejected too. At most
   * `maxRefreshes` renewals per `windowMs` are allowed; beyond that the call fails with AUTH.
   */
  refreshLimit?: { maxRefreshes: number; windowMs: number };
  /** Per-request timeout (default 120 s). */
  requestTimeoutMs?: number;
  /** JWT assertion lifetime (Salesforce accepts at most 3 minutes). */
  jwtLifetimeSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onEvent?: (event: SalesforceClientEvent) => void;
}

export interface SalesforceIdentity {
  organizationId: string;
  userId: string;
  instanceUrl: string;
}

export interface QueryPage {
  records: Array<Record<string, unknown>>;
  totalSize: number;
  done: boolean;
  /** Where the next page is (resume point after a crash while the cursor lives); null on the last page. */
  nextRecordsUrl: string | null;
  pageIndex: number;
}

export interface QueryOptions {
  /** Sforce-Query-Options batchSize (200–2000; Salesforce may return fewer). */
  batchSize?: number;
  /** queryAll: include deleted and archived records (IsDeleted = true). */
  includeDeleted?: boolean;
  /** Resume from a `nextRecordsUrl` instead of running `soql`. */
  resumeFrom?: string;
}

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export type RecordWriteResult =
  | { id: string; success: true }
  | {
      id: string;
      success: false;
      errors: RecordError[];
      failure: SalesforceFailure;
      /** false when the call carrying this record was never made (an earlier call stopped the run). */
      attempted: boolean;
    };

export interface WriteOutcome {
  /** One result per input record, in input order. */
  results: RecordWriteResult[];
  /** Set when a whole call failed for good; later records were not attempted. */
  stoppedBy: SalesforceFailure | null;
  apiCalls: number;
}

export interface BulkOptions {
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
}

export interface ApiUsage {
  used: number;
  limit: number;
}

export interface OrgLimits {
  dailyApiRequests: { max: number; remaining: number; used: number };
  raw: Record<string, { Max: number; Remaining: number }>;
}

export type WritableRecord = { Id: string } & Record<string, unknown>;

export interface SalesforceClient {
  readonly conn: Connection;
  readonly identity: SalesforceIdentity;
  queryPages(soql: string, options?: QueryOptions): AsyncGenerator<QueryPage>;
  queryRecords(soql: string, options?: QueryOptions): AsyncGenerator<Record<string, unknown>>;
  /** sObject Collections PATCH in chunks of ≤ 200, allOrNone false; per-record results in input order. */
  updateRecords(sobject: string, records: readonly WritableRecord[], options?: { chunkSize?: number }): Promise<WriteOutcome>;
  /** Bulk API 2.0 update job; per-record results in input order. */
  bulkUpdate(sobject: string, records: readonly WritableRecord[], options?: BulkOptions): Promise<WriteOutcome & { jobId: string | null }>;
  /** GET /limits. */
  readLimits(): Promise<OrgLimits>;
  /** The last Sforce-Limit-Info api-usage seen on a REST response. */
  lastApiUsage(): ApiUsage | null;
  /** API requests this client issued (attempts, including retries and session refreshes). */
  apiCalls(): number;
}

// ---------------------------------------------------------------------------------------------------------
// Wire shapes, checked at the door

const tokenResponse = z.object({ access_token: z.string().min(1), instance_url: z.string().url(), id: z.string().min(1) }).loose();

const queryResponse = z.object({
  totalSize: z.number().int().nonnegative(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional().nullable(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const recordError = z.object({ statusCode: z.string().optional(), errorCode: z.string().optional(), message: z.string(), fields: z.array(z.string()).optional() }).loose();

const saveResults = z.array(z.object({ id: z.string().optional().nullable(), success: z.boolean(), errors: z.array(recordError) }).loose());

const limitsResponse = z
  .object({ DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }) })
  .catchall(z.object({ Max: z.number(), Remaining: z.number() }).loose());

const bulkSuccess = z.array(z.object({ sf__Id: z.string(), Id: z.string().optional() }).loose());
const bulkFailure = z.array(z.object({ sf__Id: z.string().optional(), sf__Error: z.string(), Id: z.string().optional() }).loose());
const bulkJobInfo = z.object({ id: z.string(), state: z.string(), errorMessage: z.string().optional() }).loose();

function badResponse(what: string, detail: string): SalesforceApiError {
  return new SalesforceApiError({ code: 'INVALID', vendorCode: 'UNEXPECTED_RESPONSE', status: null, message: `unexpected ${what}: ${detail}`, retryable: false });
}

function parseIdUrl(idUrl: string): { organizationId: string; userId: string } {
  const [organizationId, userId] = idUrl.split('/').slice(-2);
  if (!organizationId || !userId) throw badResponse('token response', `id ${idUrl}`);
  return { organizationId, userId };
}

/**
 * SOQL for an incremental pull: rows changed after `since` (second precision, rounded down, so the first
 * second is read again: dedupe by Id/hash), oldest first with Id as tie-break, so a page boundary never
 * skips a row.
 */
export function incrementalSoql(spec: { sobject: string; fields: readonly string[]; since?: Date | null; until?: Date | null; where?: string }): string {
  const conditions: string[] = [];
  if (spec.since) conditions.push(`SystemModstamp > ${SfDate.toDateTimeLiteral(new Date(Math.floor(spec.since.getTime() / 1000) * 1000))}`);
  if (spec.until) conditions.push(`SystemModstamp <= ${SfDate.toDateTimeLiteral(spec.until)}`);
  if (spec.where) conditions.push(`(${spec.where})`);
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT ${spec.fields.join(', ')} FROM ${spec.sobject}${where} ORDER BY SystemModstamp ASC, Id ASC`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The client

export async function connectSalesforce(options: SalesforceClientOptions): Promise<SalesforceClient> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const refreshLimit = options.refreshLimit ?? { maxRefreshes: 2, windowMs: 60_000 };
  const version = options.apiVersion ?? DEFAULT_API_VERSION;
  const requestOptions = { retry: { maxRetries: 0 }, timeout: options.requestTimeoutMs ?? 120_000 };
  const auth = options.auth;
  let calls = 0;
  let refreshFailure: SalesforceFailure | null = null;
  let refreshTimes: number[] = [];

  const conn: Connection = new Connection({
    loginUrl: auth.loginUrl,
    version,
    ...(auth.kind === 'refreshToken' ? { oauth2: { loginUrl: auth.loginUrl, clientId: auth.clientId, ...(auth.clientSecret ? { clientSecret: auth.clientSecret } : {}) } } : {}),
    refreshFn: (c, callback) => {
      const t = now();
      refreshTimes = refreshTimes.filter((at) => t - at < refreshLimit.windowMs);
      if (refreshTimes.length >= refreshLimit.maxRefreshes) {
        const failure: SalesforceFailure = {
          code: 'AUTH',
          vendorCode: 'REFRESH_LIMIT',
          status: 401,
          message: `session rejected after ${refreshTimes.length} renewals in ${Math.round(refreshLimit.windowMs / 1000)} s; giving up`,
          retryable: false,
        };
        refreshFailure = failure;
        options.onEvent?.({ type: 'refresh', ok: false, failure });
        callback(new SalesforceApiError(failure));
        return;
      }
      refreshTimes.push(t);
      calls++;
      mintSession(c).then(
        (token) => {
          options.onEvent?.({ type: 'refresh', ok: true });
          callback(null, token.access_token);
        },
        (err: unknown) => {
          const failure = classifySalesforceError(err);
          refreshFailure = failure;
          options.onEvent?.({ type: 'refresh', ok: false, failure });
          callback(err instanceof Error ? err : new Error(String(err)));
        },
      );
    },
  });

  async function mintSession(c: Connection): Promise<z.infer<typeof tokenResponse>> {
    let raw: unknown;
    if (auth.kind === 'jwt') {
      const assertion = jwt.sign(
        { iss: auth.consumerKey, sub: auth.username, aud: auth.audience ?? auth.loginUrl, exp: Math.floor(now() / 1000) + (options.jwtLifetimeSeconds ?? 180) },
        auth.privateKey,
        { algorithm: 'RS256', noTimestamp: true },
      );
      raw = await c.oauth2.requestToken({ grant_type: JWT_BEARER_GRANT, assertion });
    } else {
      raw = await c.oauth2.refreshToken(auth.refreshToken);
    }
    const parsed = tokenResponse.safeParse(raw);
    if (!parsed.success) throw badResponse('token response', parsed.error.issues[0]?.message ?? 'invalid');
    const ids = parseIdUrl(parsed.data.id);
    c._establish({ instanceUrl: parsed.data.instance_url, accessToken: parsed.data.access_token, userInfo: { id: ids.userId, organizationId: ids.organizationId, url: parsed.data.id } });
    return parsed.data;
  }

  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      refreshFailure = null;
      calls++;
      try {
        return await fn();
      } catch (err) {
        const failure = refreshFailure ?? classifySalesforceError(err);
        const decision = backoffDecision(policy, attempt, failure, random);
        if (!decision.retry) {
          options.onEvent?.({ type: 'giveUp', operation, attempt, failure });
          throw err instanceof SalesforceApiError ? err : new SalesforceApiError(failure, { cause: err });
        }
        options.onEvent?.({ type: 'retry', operation, attempt, delayMs: decision.delayMs, failure });
        await sleep(decision.delayMs);
      }
    }
  }

  function request<T>(req: HttpRequest): Promise<T> {
    return conn.request<T>(req, requestOptions);
  }

  const token = await call('authorize', () => mintSession(conn));
  const ids = parseIdUrl(token.id);
  const identity: SalesforceIdentity = { organizationId: ids.organizationId, userId: ids.userId, instanceUrl: token.instance_url };

  async function* queryPages(soql: string, queryOptions: QueryOptions = {}): AsyncGenerator<QueryPage> {
    const headers: Record<string, string> = queryOptions.batchSize ? { 'Sforce-Query-Options': `batchSize=${queryOptions.batchSize}` } : {};
    let url: string | null = queryOptions.resumeFrom ?? `/${queryOptions.includeDeleted ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`;
    let pageIndex = 0;
    while (url) {
      const pageUrl: string = url;
      const body = await call('query', () => request<unknown>({ method: 'GET', url: pageUrl, headers }));
      const parsed = queryResponse.safeParse(body);
      if (!parsed.success) throw badResponse('query response', parsed.error.issues[0]?.message ?? 'invalid');
      const next = parsed.data.done ? null : (parsed.data.nextRecordsUrl ?? null);
      yield { records: parsed.data.records, totalSize: parsed.data.totalSize, done: parsed.data.done, nextRecordsUrl: next, pageIndex };
      pageIndex++;
      url = next;
    }
  }

  async function* queryRecords(soql: string, queryOptions: QueryOptions = {}): AsyncGenerator<Record<string, unknown>> {
    for await (const page of queryPages(soql, queryOptions)) yield* page.records;
  }

  function notAttempted(id: string, failure: SalesforceFailure): RecordWriteResult {
    return { id, success: false, errors: [{ statusCode: failure.vendorCode ?? failure.code, message: failure.message, fields: [] }], failure, attempted: false };
  }

  async function updateRecords(sobject: string, records: readonly WritableRecord[], writeOptions: { chunkSize?: number } = {}): Promise<WriteOutcome> {
    const size = Math.min(COLLECTION_LIMIT, Math.max(1, writeOptions.chunkSize ?? COLLECTION_LIMIT));
    const before = calls;
    const results: RecordWriteResult[] = [];
    let stoppedBy: SalesforceFailure | null = null;
    for (const part of chunk(records, size)) {
      if (stoppedBy) {
        for (const r of part) results.push(notAttempted(r.Id, stoppedBy));
        continue;
      }
      const body = JSON.stringify({
        allOrNone: false,
        records: part.map(({ Id, attributes: _attributes, ...fields }) => ({ id: Id, attributes: { type: sobject }, ...fields })),
      });
      let raw: unknown;
      try {
        raw = await call('compositeUpdate', () =>
          request<unknown>({ method: 'PATCH', url: '/composite/sobjects', body, headers: { 'content-type': 'application/json' } }),
        );
      } catch (err) {
        stoppedBy = classifySalesforceError(err);
        for (const r of part) results.push(notAttempted(r.Id, stoppedBy));
        continue;
      }
      const parsed = saveResults.safeParse(raw);
      if (!parsed.success || parsed.data.length !== part.length) {
        throw badResponse('collections response', parsed.success ? `${parsed.data.length} results for ${part.length} records` : (parsed.error.issues[0]?.message ?? 'invalid'));
      }
      parsed.data.forEach((res, i) => {
        const id = (part[i] as WritableRecord).Id;
        if (res.success) {
          results.push({ id, success: true });
          return;
        }
        const errors = res.errors.map((e) => ({ statusCode: e.statusCode ?? e.errorCode ?? 'UNKNOWN', message: e.message, fields: e.fields ?? [] }));
        results.push({ id, success: false, errors, failure: classifyRecordError(errors[0] ?? { statusCode: 'UNKNOWN' }), attempted: true });
      });
    }
    return { results, stoppedBy, apiCalls: calls - before };
  }

  async function bulkUpdate(sobject: string, records: readonly WritableRecord[], bulkOptions: BulkOptions = {}): Promise<WriteOutcome & { jobId: string | null }> {
    const before = calls;
    if (records.length === 0) return { results: [], stoppedBy: null, apiCalls: 0, jobId: null };
    const columns = [...new Set(records.flatMap((r) => Object.keys(r).filter((k) => k !== 'attributes')))];
    const rows = records.map((r) => Object.fromEntries(columns.map((c) => [c, c in r ? r[c] : ''])));
    const job = conn.bulk2.createJob({ object: sobject, operation: 'update' });
    const fail = (failure: SalesforceFailure, jobId: string | null) => ({
      results: records.map((r) => notAttempted(r.Id, failure)),
      stoppedBy: failure,
      apiCalls: calls - before,
      jobId,
    });
    try {
      await call('bulkOpen', () => job.open());
    } catch (err) {
      return fail(classifySalesforceError(err), null);
    }
    try {
      calls++;
      await job.uploadData(rows);
      await call('bulkClose', () => job.close());
    } catch (err) {
      calls++;
      await job.abort().catch(() => undefined);
      return fail(classifySalesforceError(err), job.id ?? null);
    }
    const interval = bulkOptions.pollIntervalMs ?? 1000;
    const deadline = now() + (bulkOptions.pollTimeoutMs ?? 600_000);
    for (;;) {
      const info = bulkJobInfo.safeParse(await call('bulkPoll', () => job.check()));
      if (!info.success) throw badResponse('bulk job info', info.error.issues[0]?.message ?? 'invalid');
      const state = info.data.state;
      if (state === 'JobComplete') break;
      if (state === 'Failed' || state === 'Aborted') {
        return fail({ code: 'INVALID', vendorCode: `BULK_JOB_${state.toUpperCase()}`, status: null, message: info.data.errorMessage ?? `job ${state}`, retryable: false }, job.id ?? null);
      }
      if (now() >= deadline) {
        return fail({ code: 'RETRYABLE', vendorCode: 'JobPollingTimeout', status: null, message: `job ${job.id ?? ''} still ${state}`, retryable: true }, job.id ?? null);
      }
      await sleep(interval);
    }
    const successful = bulkSuccess.safeParse(await call('bulkResults', () => job.getSuccessfulResults()));
    const failed = bulkFailure.safeParse(await call('bulkResults', () => job.getFailedResults()));
    if (!successful.success || !failed.success) throw badResponse('bulk results', 'result rows without sf__Id / sf__Error');
    const byId = new Map<string, RecordWriteResult>();
    for (const s of successful.data) byId.set((s.Id ?? s.sf__Id).slice(0, 15), { id: s.Id ?? s.sf__Id, success: true });
    for (const f of failed.data) {
      const key = (f.Id ?? f.sf__Id ?? '').slice(0, 15);
      const failure = classifyBulkError(f.sf__Error);
      byId.set(key, { id: f.Id ?? f.sf__Id ?? '', success: false, errors: [{ statusCode: failure.vendorCode ?? failure.code, message: failure.message, fields: [] }], failure, attempted: true });
    }
    const missing: SalesforceFailure = { code: 'RETRYABLE', vendorCode: 'UNPROCESSED', status: null, message: 'record was not processed by the job', retryable: true };
    const results = records.map((r) => {
      const found = byId.get(r.Id.slice(0, 15));
      return found ? { ...found, id: r.Id } : { id: r.Id, success: false as const, errors: [{ statusCode: 'UNPROCESSED', message: missing.message, fields: [] }], failure: missing, attempted: true };
    });
    return { results, stoppedBy: null, apiCalls: calls - before, jobId: job.id ?? null };
  }

  async function readLimits(): Promise<OrgLimits> {
    const body = await call('limits', () => request<unknown>({ method: 'GET', url: '/limits' }));
    const parsed = limitsResponse.safeParse(body);
    if (!parsed.success) throw badResponse('limits response', parsed.error.issues[0]?.message ?? 'invalid');
    const daily = parsed.data.DailyApiRequests;
    return { dailyApiRequests: { max: daily.Max, remaining: daily.Remaining, used: daily.Max - daily.Remaining }, raw: parsed.data as OrgLimits['raw'] };
  }

  return {
    conn,
    identity,
    queryPages,
    queryRecords,
    updateRecords,
    bulkUpdate,
    readLimits,
    lastApiUsage: () => conn.limitInfo.apiUsage ?? null,
    apiCalls: () => calls,
  };
}
