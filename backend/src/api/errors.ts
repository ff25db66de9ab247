import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ApiError } from '@pillar/shared';

type Code = ApiError['error']['code'];

/** An error the API reports to the caller as `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: Code,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new HttpError(404, 'NOT_FOUND', what);
export const forbidden = (reason: string) => new HttpError(403, 'FORBIDDEN', reason);
export const unauthenticated = (reason: string) => new HttpError(401, 'UNAUTHENTICATED', reason);

/** zod issues → `details: [{ path: "a.b", message }]`, message names the first field. */
export function validationError(error: ZodError, where: 'body' | 'query' | 'params' | 'headers'): HttpError {
  const details = error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  const first = details[0]!;
  return new HttpError(400, 'BAD_REQUEST', `${first.path}: ${first.message}`, details);
}

export const notFoundHandler: RequestHandler = (req, _res, next) => next(notFound(`No route for ${req.method} ${req.path}`));

/** The one place errors become responses. Stack traces go to the log, never to the client. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let http: HttpError;
  if (error instanceof HttpError) http = error;
  else if (error instanceof ZodError) http = validationError(error, 'body');
  else if (error?.type === 'entity.too.large') http = new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${error.limit} bytes`);
  else if (error?.type === 'entity.parse.failed') http = new HttpError(400, 'BAD_REQUEST', 'body: malformed JSON');
  else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500)
    http = new HttpError(error.status, 'BAD_REQUEST', error.expose ? String(error.message) : 'Bad request');
  else {
    req.log?.error({ err: error }, 'unhandled error');
    http = new HttpError(500, 'INTERNAL', 'Something went wrong on our side. The request id is in the x-request-id header.');
  }
  if (http.status >= 500 && error instanceof HttpError) req.log?.error({ err: error }, 'server error');
  res.status(http.status).json({ error: { code: http.code, message: http.message, ...(http.details === undefined ? {} : { details: http.details }) } });
};
