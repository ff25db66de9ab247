import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { HttpError } from './errors';

/**
 * What authentication leaves on a request: the actor in `res.locals.actor`, and the exact body bytes in
 * `req.rawBody` (captured by the JSON parser, for HubSpot signatures).
 */
export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
}

export function setActor(res: Response, actor: Actor): void {
  res.locals.actor = actor;
}

export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new HttpError(500, 'INTERNAL', 'The route was mounted without authentication');
  return actor;
}

export function rawBodyOf(req: Request): Buffer {
  return (req as RawBodyRequest).rawBody ?? Buffer.alloc(0);
}
