/**
 * Remembers signatures already accepted so a captured request cannot be replayed while its timestamp is still
 * fresh. In memory and per process: behind a load balancer, a replay routed to another process is only stopped
 * by the timestamp window (5 minutes). Bounded: beyond `maxEntries` the oldest entries are dropped first.
 */
export class ReplayGuard {
  /** Insertion order is expiry order (all entries live for the same window), so the oldest comes first. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** True the first time a key is seen within the window; false for a replay. */
  firstUse(key: string, nowMs: number): boolean {
    this.evictExpired(nowMs);
    const expiresAt = this.seen.get(key);
    if (expiresAt !== undefined && expiresAt > nowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, nowMs + this.windowMs);
    while (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evictExpired(nowMs: number): void {
    for (const [key, expiresAt] of this.seen) {
      if (expiresAt > nowMs) break;
      this.seen.delete(key);
    }
  }
}
