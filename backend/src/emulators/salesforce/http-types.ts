import type { IncomingHttpHeaders } from 'node:http';
import type { FaultInjector } from './faults';
import type { SalesforceOrg } from './org';
import type { ApiCallKind } from './stats';

export interface ApiRequest {
  method: string;
  /** Path below the version root, e.g. `/query` or `/sobjects/Account/describe`. */
  path: string;
  /** The full request path, e.g. `/services/data/v62.0/query`. */
  fullPath: string;
  /** `62.0` */
  version: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  userId: string;
}

export interface ApiResponse {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ApiServices {
  org: SalesforceOrg;
  faults: FaultInjector;
}

export interface Route {
  kind: ApiCallKind;
  /** Bulk API 2.0 responses carry no Sforce-Limit-Info header. */
  bulk?: boolean;
  handle(req: ApiRequest): ApiResponse | Promise<ApiResponse>;
}

/** A REST failure in Salesforce's shape: `[{message, errorCode, fields?}]`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  body(): unknown[] {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

export const NOT_FOUND = () => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export function parseJsonBody(req: ApiRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch (err) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in request body: ${(err as Error).message}`);
  }
}

export function json(status: number, body: unknown): ApiResponse {
  return { status, json: body };
}
