import type { Request, Response } from 'express';
import type { Credential } from '../auth/actor';
import { HttpError } from './errors';

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
