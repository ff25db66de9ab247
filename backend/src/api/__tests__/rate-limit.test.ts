import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../rate-limit';

describe('TokenBuckets', () => {
  it('allows a burst of `capacity` requests, then refuses with the wait for the next token', () => {
    const buckets = new TokenBuckets(3, 60_000);
    expect([0, 0, 0].map(() => buckets.take('ip-1', 0).allowed)).toEqual([true, true, true]);
    expect(buckets.take('ip-1', 0)).toEqual({ allowed: false, retryAfterMs: 20_000 });
  });

  it('refills continuously at capacity per period', () => {
    const buckets = new TokenBuckets(60, 60_000);
    for (let i = 0; i < 60; i++) buckets.take('t', 0);
    expect(buckets.take('t', 999).allowed).toBe(false);
    expect(buckets.take('t', 1000).allowed).toBe(true);
    expect(buckets.take('t', 1000).allowed).toBe(false);
  });

  it('never stores more than capacity', () => {
    const buckets = new TokenBuckets(2, 1000);
    buckets.take('k', 0);
    const later = 1_000_000;
    expect([buckets.take('k', later), buckets.take('k', later), buckets.take('k', later)].map((r) => r.allowed)).toEqual([true, true, false]);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets(1, 60_000);
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('b', 0).allowed).toBe(true);
    expect(buckets.take('a', 0).allowed).toBe(false);
  });

  it('forgets the least recently used key beyond maxKeys (it starts full again)', () => {
    const buckets = new TokenBuckets(1, 60_000, 2);
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('c', 0);
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('c', 0).allowed).toBe(false);
  });
});
