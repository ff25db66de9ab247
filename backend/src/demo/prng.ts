/**
 * Seeded randomness for the demo data: mulberry32 (a 32-bit generator, fast and good enough for fake data)
 * with the draws the generator needs. The same seed gives the same sequence on every machine.
 */

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed for an independent stream, from the dataset seed and what the stream is for. */
export function deriveSeed(seed: number, label: string, index = 0): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (index >>> 0), 0x9e3779b1);
  h ^= Math.floor(index / 4294967296);
  // murmur3 finaliser: spread every input bit over the output
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** [0, 1) */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: no items');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the values, with probability proportional to its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Log-uniform in [min, max]: as many values between 10 and 100 as between 100 and 1,000. */
  logUniform(min: number, max: number): number {
    return Math.exp(this.between(Math.log(min), Math.log(max)));
  }

  /** Exponential with the given mean: many small values, a long tail. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard-normal draw (Box–Muller) scaled to mean and standard deviation. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A number of events around `mean`: the integer part, one more with the fractional probability, ±1 jitter. */
  countAround(mean: number): number {
    const base = Math.floor(mean);
    let n = base + (this.chance(mean - base) ? 1 : 0);
    if (n > 0) n += this.weighted([[-1, 1], [0, 2], [1, 1]] as const);
    return Math.max(0, n);
  }
}
