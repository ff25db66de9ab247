import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../runtime';
import { HttpError } from './errors';

export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Token buckets by key (an IP, a tenant): `capacity` requests at once, refilled continuously at
 * `capacity / periodMs`. In memory, so every API process limits on its own: with N processes behind a load
 * balancer a client can get up to N × the limit. Idle buckets are forgotten oldest-first beyond `maxKeys`.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;

  constructor(
    readonly capacity: number,
    periodMs: number,
    private readonly maxKeys = 50_000,
  ) {
    if (!(capacity > 0) || !(periodMs > 0)) throw new Error('a token bucket needs a positive capacity and period');
    this.refillPerMs = capacity / periodMs;
  }

  take(key: string, nowMs: number): TakeResult {
    const bucket = this.buckets.get(key);
    let tokens = this.capacity;
    if (bucket) {
      tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, nowMs - bucket.at) * this.refillPerMs);
      this.buckets.delete(key); // re-inserted below: the map stays in least-recently-used order
    }
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: nowMs });
      return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / this.refillPerMs) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: nowMs });
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return { allowed: true };
  }
}

/** Express middleware: one token per request from the bucket `keyOf` names (no key: not limited). */
export function rateLimit(buckets: TokenBuckets, clock: Clock, what: string, keyOf: (req: Request, res: Response) => string | null): RequestHandler {
  return (req, res, next) => {
    const key = keyOf(req, res);
    if (key === null) return next();
    const result = buckets.take(key, clock.now().getTime());
    if (result.allowed) return next();
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    res.setHeader('Retry-After', String(seconds));
    next(new HttpError(429, 'RATE_LIMITED', `Too many requests from this ${what}; retry after ${seconds} s`, { limit: buckets.capacity, retryAfterSeconds: seconds }));
  };
}
