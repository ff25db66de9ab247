import type { Request, Response } from 'express';
import type { Credential } from '../auth/actor';
import type { Db } from '../db/database';
import type { Clock } from '../runtime';
import { HttpError } from './errors';
import type { RequestScope } from './tenant-work';

/**
 * What authentication leaves on a request: the credential in `res.locals.credential`, and the exact body bytes
 * in `req.rawBody` (captured by the JSON parser, for HubSpot signatures).
 */
export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
}

export function setCredential(res: Response, credential: Credential): void {
  res.locals.credential = credential;
}

export function credentialOf(res: Response): Credential {
  const credential = res.locals.credential as Credential | undefined;
  if (!credential) throw new HttpError(500, 'INTERNAL', 'The route was mounted without authentication');
  return credential;
}

export function rawBodyOf(req: Request): Buffer {
  return (req as RawBodyRequest).rawBody ?? Buffer.alloc(0);
}

/** The RequestScope of an authenticated request: tenant database, credential, the request's "now", its line. */
export function requestScope(deps: { db: Db; clock: Clock }, req: Request, res: Response): RequestScope {
  return {
    db: deps.db,
    credential: credentialOf(res),
    now: deps.clock.now(),
    request: { method: req.method, path: req.originalUrl.split('?')[0]! },
    onIdentified: (actor) => req.log?.setBindings({ orgId: actor.orgId, userId: actor.userId }),
  };
}
