import { describe, expect, it } from 'vitest';
import {
  SalesforceApiError,
  classifyBulkError,
  classifyRecordError,
  classifySalesforceError,
  classifyVendorCode,
  codeForStatus,
} from '../errors';

/** jsforce's HttpApiError shape: name = errorCode, plus message and data. */
function httpApiError(errorCode: string, message: string): Error {
  const err = new Error(message) as Error & { errorCode: string; data: unknown };
  err.name = errorCode;
  err.errorCode = errorCode;
  err.data = { errorCode, message };
  return err;
}

/** jsforce's OAuth2 failure: a plain Error whose name is the OAuth `error`. */
function oauthError(error: string, description: string): Error {
  const err = new Error(description);
  err.name = error;
  return err;
}

describe('classifySalesforceError status by status', () => {
  it.each([
    [400, 'INVALID', false],
    [401, 'AUTH', false],
    [403, 'PERMISSION', false],
    [404, 'NOT_FOUND', false],
    [408, 'RETRYABLE', true],
    [409, 'INVALID', false],
    [420, 'RATE_LIMITED', true],
    [429, 'RATE_LIMITED', true],
    [500, 'RETRYABLE', true],
    [502, 'RETRYABLE', true],
    [503, 'RETRYABLE', true],
    [504, 'RETRYABLE', true],
  ] as const)('HTTP %i with no Salesforce code → %s', (status, code, retryable) => {
    expect(codeForStatus(status)).toBe(code);
    const failure = classifySalesforceError(httpApiError(`ERROR_HTTP_${status}`, '<html>…</html>'));
    expect(failure).toMatchObject({ code, status, retryable, vendorCode: `ERROR_HTTP_${status}` });
  });
});

describe('classifySalesforceError by Salesforce error code', () => {
  it.each([
    ['INVALID_SESSION_ID', 'Session expired or invalid', 'AUTH', 401],
    ['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 'LIMIT_EXCEEDED', 403],
    ['REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.', 'RATE_LIMITED', 403],
    ['SERVER_UNAVAILABLE', 'Server temporarily unavailable.', 'RETRYABLE', null],
    ['UNKNOWN_EXCEPTION', 'An unexpected error occurred.', 'RETRYABLE', null],
    ['UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record', 'RECORD_LOCKED', null],
    ['INVALID_QUERY_LOCATOR', 'invalid query locator', 'RETRYABLE', null],
    ['MALFORMED_QUERY', 'unexpected token: FRM', 'INVALID', null],
    ['INVALID_FIELD', "No such column 'Foo'", 'INVALID', null],
    ['INVALID_TYPE', "sObject type 'Nope__c' is not supported.", 'INVALID', null],
    ['EXCEEDED_ID_LIMIT', 'record limit reached', 'INVALID', null],
    ['JSON_PARSER_ERROR', 'Unexpected character', 'INVALID', null],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', 'PERMISSION', null],
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: IsWon', 'PERMISSION', null],
    ['API_DISABLED_FOR_ORG', 'API is not enabled for this Organization or Partner', 'PERMISSION', null],
    ['NOT_FOUND', 'The requested resource does not exist', 'NOT_FOUND', 404],
    ['ENTITY_IS_DELETED', 'entity is deleted', 'NOT_FOUND', null],
  ] as const)('%s (%s) → %s', (errorCode, message, code, status) => {
    expect(classifySalesforceError(httpApiError(errorCode, message))).toMatchObject({ code, vendorCode: errorCode, status, message });
  });

  it('treats an unknown code as INVALID so nothing retries it blindly', () => {
    expect(classifySalesforceError(httpApiError('SOMETHING_NEW', 'x'))).toMatchObject({ code: 'INVALID', retryable: false });
  });

  it('unwraps MULTIPLE_API_ERRORS as INVALID', () => {
    expect(classifySalesforceError(httpApiError('MULTIPLE_API_ERRORS', 'Multiple errors returned.')).code).toBe('INVALID');
  });
});

describe('classifySalesforceError for OAuth, session refresh, network and Bulk failures', () => {
  it.each([
    ['invalid_grant', 'audience is invalid'],
    ['invalid_grant', 'expired access/refresh token'],
    ['invalid_client_id', 'client identifier invalid'],
    ['invalid_client', 'invalid client credentials'],
    ['inactive_user', 'user is inactive'],
    ['unsupported_grant_type', 'grant type not supported'],
  ])('OAuth %s → AUTH', (error, description) => {
    expect(classifySalesforceError(oauthError(error, description))).toMatchObject({ code: 'AUTH', vendorCode: error, retryable: false });
  });

  it('a token endpoint answering 503 is RETRYABLE', () => {
    expect(classifySalesforceError(oauthError('ERROR_HTTP_503', 'Service Unavailable'))).toMatchObject({ code: 'RETRYABLE', status: 503 });
  });

  it('a failed session refresh is AUTH unless the refresh itself hit the network', () => {
    expect(classifySalesforceError(new Error('Unable to refresh session due to: expired access/refresh token')).code).toBe('AUTH');
    expect(classifySalesforceError(new Error('Unable to refresh session due to: fetch failed')).code).toBe('RETRYABLE');
  });

  it('dropped sockets, refused connections and timeouts are RETRYABLE', () => {
    const dropped = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const aborted = new DOMException('This operation was aborted Request was aborted due to timeout of 30 minutes.', 'AbortError');
    expect(classifySalesforceError(dropped)).toMatchObject({ code: 'RETRYABLE', vendorCode: 'UND_ERR_SOCKET' });
    expect(classifySalesforceError(refused)).toMatchObject({ code: 'RETRYABLE', vendorCode: 'ECONNREFUSED' });
    expect(classifySalesforceError(aborted)).toMatchObject({ code: 'RETRYABLE', vendorCode: 'TIMEOUT' });
    expect(classifySalesforceError(new Error('Request Timeout'))).toMatchObject({ code: 'RETRYABLE', vendorCode: 'TIMEOUT' });
  });

  it('a Bulk polling timeout is RETRYABLE and a failed job INVALID', () => {
    const timeout = new Error('Polling timed out after 30000ms. Job Id = 750x');
    timeout.name = 'JobPollingTimeout';
    expect(classifySalesforceError(timeout).code).toBe('RETRYABLE');
    expect(classifySalesforceError(new Error('Ingest job failed to complete due to: InvalidBatch : Field name not found : Foo')).code).toBe('INVALID');
  });

  it('passes a SalesforceApiError through unchanged and survives non-errors', () => {
    const failure = classifyVendorCode('UNABLE_TO_LOCK_ROW', 'locked');
    expect(classifySalesforceError(new SalesforceApiError(failure))).toBe(failure);
    expect(classifySalesforceError('boom')).toMatchObject({ code: 'INVALID', message: 'boom' });
    expect(classifySalesforceError(undefined).code).toBe('INVALID');
  });
});

describe('per-record errors', () => {
  it('classifies Collections statusCode and REST errorCode shapes', () => {
    expect(classifyRecordError({ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked' }).code).toBe('RECORD_LOCKED');
    expect(classifyRecordError({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'rolled back' })).toMatchObject({ code: 'RETRYABLE', retryable: true });
    expect(classifyRecordError({ errorCode: 'STRING_TOO_LONG', message: 'too long' }).code).toBe('INVALID');
    expect(classifyRecordError({ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }).code).toBe('NOT_FOUND');
  });

  it('parses Bulk sf__Error cells, messages with colons included', () => {
    expect(classifyBulkError('UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--')).toMatchObject({
      code: 'RECORD_LOCKED',
      vendorCode: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record',
    });
    expect(classifyBulkError('INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: IsWon. Check security:IsWon --')).toMatchObject({
      code: 'PERMISSION',
      message: 'Unable to create/update fields: IsWon. Check security',
    });
    expect(classifyBulkError('garbage').code).toBe('INVALID');
  });
});
