// Every Salesforce / jsforce failure collapses into a few domain codes that decide what the connector does:
// retry now with backoff, pause until the daily allowance frees up, re-authenticate, or give up on the input.
// Pure: no I/O, no clock.

export const SALESFORCE_ERROR_CODES = [
  /** Credentials or session rejected (token expired and could not be renewed, invalid_grant, revoked app). */
  'AUTH',
  /** Too many requests right now (HTTP 429, concurrent-request limits): back off and retry. */
  'RATE_LIMITED',
  /** The org's daily API allowance is used up (REQUEST_LIMIT_EXCEEDED TotalRequests): pause until it frees. */
  'LIMIT_EXCEEDED',
  /** Transient: 5xx, timeouts, dropped connections, rolled-back rows. Retry with backoff. */
  'RETRYABLE',
  /** UNABLE_TO_LOCK_ROW: someone else holds the record. Retry later. */
  'RECORD_LOCKED',
  /** The request or value is wrong; retrying the same input fails again. */
  'INVALID',
  /** The integration user lacks access (object, field or feature). */
  'PERMISSION',
  /** The record or resource does not exist (or was deleted). */
  'NOT_FOUND',
] as const;
export type SalesforceErrorCode = (typeof SALESFORCE_ERROR_CODES)[number];

export interface SalesforceFailure {
  code: SalesforceErrorCode;
  /** Salesforce's own code (`UNABLE_TO_LOCK_ROW`, `invalid_grant`, `ERROR_HTTP_503`…) when there is one. */
  vendorCode: string | null;
  /** HTTP status when known. */
  status: number | null;
  message: string;
  /** Worth retrying the same call after a backoff. */
  retryable: boolean;
}

const RETRYABLE_CODES: ReadonlySet<SalesforceErrorCode> = new Set(['RATE_LIMITED', 'RETRYABLE', 'RECORD_LOCKED']);

const BY_VENDOR_CODE: Readonly<Record<string, SalesforceErrorCode>> = {
  INVALID_SESSION_ID: 'AUTH',
  INVALID_AUTH_HEADER: 'AUTH',
  INVALID_LOGIN: 'AUTH',
  LOGIN_MUST_USE_SECURITY_TOKEN: 'AUTH',
  INVALID_OPERATION_WITH_EXPIRED_PASSWORD: 'AUTH',
  invalid_grant: 'AUTH',
  invalid_client_id: 'AUTH',
  invalid_client: 'AUTH',
  invalid_request: 'AUTH',
  unsupported_grant_type: 'AUTH',
  inactive_user: 'AUTH',
  inactive_org: 'AUTH',
  invalid_app_access: 'AUTH',
  UNABLE_TO_LOCK_ROW: 'RECORD_LOCKED',
  SERVER_UNAVAILABLE: 'RETRYABLE',
  UNKNOWN_EXCEPTION: 'RETRYABLE',
  QUERY_TIMEOUT: 'RETRYABLE',
  INVALID_QUERY_LOCATOR: 'RETRYABLE',
  ALL_OR_NONE_OPERATION_ROLLED_BACK: 'RETRYABLE',
  REQUEST_RUNNING_TOO_LONG: 'RETRYABLE',
  JobPollingTimeout: 'RETRYABLE',
  INSUFFICIENT_ACCESS: 'PERMISSION',
  INSUFFICIENT_ACCESS_OR_READONLY: 'PERMISSION',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'PERMISSION',
  INSUFFICIENT_PRIVILEGES: 'PERMISSION',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'PERMISSION',
  API_DISABLED_FOR_ORG: 'PERMISSION',
  API_CURRENTLY_DISABLED: 'PERMISSION',
  FUNCTIONALITY_NOT_ENABLED: 'PERMISSION',
  NOT_FOUND: 'NOT_FOUND',
  ENTITY_IS_DELETED: 'NOT_FOUND',
  INVALID_CROSS_REFERENCE_KEY: 'NOT_FOUND',
  INVALID_ID_FIELD: 'NOT_FOUND',
};

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/** Statuses Salesforce documents for REST: what each means when the body says nothing more specific. */
export function codeForStatus(status: number): SalesforceErrorCode {
  if (status === 401) return 'AUTH';
  if (status === 403) return 'PERMISSION';
  if (status === 404) return 'NOT_FOUND';
  if (status === 420 || status === 429) return 'RATE_LIMITED';
  if (status === 408 || status >= 500) return 'RETRYABLE';
  return 'INVALID';
}

const STATUS_OF: Readonly<Record<string, number>> = { INVALID_SESSION_ID: 401, REQUEST_LIMIT_EXCEEDED: 403, NOT_FOUND: 404 };

function failure(code: SalesforceErrorCode, vendorCode: string | null, status: number | null, message: string): SalesforceFailure {
  return { code, vendorCode, status, message, retryable: RETRYABLE_CODES.has(code) };
}

/** Classifies a Salesforce error code (REST `errorCode`, Collections `statusCode`, OAuth `error`). */
export function classifyVendorCode(vendorCode: string, message = '', status: number | null = null): SalesforceFailure {
  const http = /^ERROR_HTTP_(\d{3})$/.exec(vendorCode);
  const knownStatus = http ? Number(http[1]) : (status ?? STATUS_OF[vendorCode] ?? null);
  if (vendorCode === 'REQUEST_LIMIT_EXCEEDED') {
    const daily = /TotalRequests/i.test(message);
    return failure(daily ? 'LIMIT_EXCEEDED' : 'RATE_LIMITED', vendorCode, knownStatus, message);
  }
  const mapped = BY_VENDOR_CODE[vendorCode];
  if (mapped) return failure(mapped, vendorCode, knownStatus, message);
  if (knownStatus !== null) return failure(codeForStatus(knownStatus), vendorCode, knownStatus, message);
  return failure('INVALID', vendorCode, null, message);
}

function field(obj: object, key: string): unknown {
  return (obj as Record<string, unknown>)[key];
}

function networkCode(err: object): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = field(e, 'cause'), depth++) {
    const code = field(e, 'code');
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return null;
}

/**
 * Classifies anything jsforce (or our client) throws: HttpApiError (`errorCode`), OAuth errors (`name` =
 * `invalid_grant`…), session-refresh failures, undici network errors, timeouts, Bulk job failures.
 */
export function classifySalesforceError(err: unknown): SalesforceFailure {
  if (err instanceof SalesforceApiError) return err.failure;
  if (!err || typeof err !== 'object') return failure('INVALID', null, null, String(err));
  const message = typeof field(err, 'message') === 'string' ? (field(err, 'message') as string) : String(err);
  const name = typeof field(err, 'name') === 'string' ? (field(err, 'name') as string) : '';
  const status = typeof field(err, 'statusCode') === 'number' ? (field(err, 'statusCode') as number) : typeof field(err, 'status') === 'number' ? (field(err, 'status') as number) : null;
  const errorCode = field(err, 'errorCode');
  if (typeof errorCode === 'string' && errorCode !== '' && errorCode !== 'Error') return classifyVendorCode(errorCode, message, status);
  const net = networkCode(err);
  if (net) return failure('RETRYABLE', net, null, message);
  if (name === 'AbortError' || name === 'TimeoutError' || message === 'Request Timeout') return failure('RETRYABLE', 'TIMEOUT', null, message);
  if (name === 'TypeError' && /fetch failed|terminated|socket/i.test(message)) return failure('RETRYABLE', 'NETWORK', null, message);
  if (/^Unable to refresh session due to:/.test(message)) {
    return /fetch failed|ECONNRESET|socket|timeout/i.test(message) ? failure('RETRYABLE', 'REFRESH_FAILED', null, message) : failure('AUTH', 'REFRESH_FAILED', 401, message);
  }
  if (name && name !== 'Error' && name !== 'TypeError' && /^[A-Za-z0-9_]+$/.test(name)) return classifyVendorCode(name, message, status);
  if (/^Ingest job failed to complete/.test(message) || /^Query job failed to complete/.test(message)) return failure('INVALID', 'BULK_JOB_FAILED', null, message);
  if (status !== null) return failure(codeForStatus(status), null, status, message);
  return failure('INVALID', null, null, message);
}

/** A per-record error from Collections (`{statusCode, message, fields}`) or REST (`{errorCode, …}`). */
export function classifyRecordError(e: { statusCode?: string; errorCode?: string; message?: string }): SalesforceFailure {
  return classifyVendorCode(e.statusCode ?? e.errorCode ?? 'UNKNOWN', e.message ?? '');
}

/** A Bulk API 2.0 `sf__Error` cell: `UNABLE_TO_LOCK_ROW:unable to obtain exclusive access…:--`. */
export function classifyBulkError(sfError: string): SalesforceFailure {
  const m = /^([A-Z_]+):(.*?)(?::([^:]*)--)?$/s.exec(sfError.trim());
  if (!m) return failure('INVALID', null, null, sfError);
  return classifyVendorCode(m[1] as string, (m[2] ?? '').trim());
}

/** What the client throws once it gives up: the classified failure plus the original error as `cause`. */
export class SalesforceApiError extends Error {
  override name = 'SalesforceApiError';
  constructor(
    readonly failure: SalesforceFailure,
    options?: { cause?: unknown },
  ) {
    super(`${failure.code}${failure.vendorCode ? ` (${failure.vendorCode})` : ''}: ${failure.message}`, options);
  }

  get code(): SalesforceErrorCode {
    return this.failure.code;
  }
}
