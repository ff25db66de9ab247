import type { OpportunityInput, StageHistoryInput } from './inputs';
import { stageKey } from './stages';

const DAY_MS = 86_400_000;

/**
 * What "normal" looks like in one tenant, learned from its own history. Rules compare a deal against
 * these instead of fixed constants (a fixed "$5,000 is high value" bar flags almost every B2B deal).
 */
export interface StageBenchmarks {
  /** Median days a deal spends in each stage (completed stays only), by normalised stage key. */
  readonly medianDaysByStage: ReadonlyMap<string, number>;
  /** Completed stays observed per stage; a median from fewer than MIN_STAGE_SAMPLES is not used. */
  readonly samplesByStage: ReadonlyMap<string, number>;
  /** Share of deals that reached a stage and were finally won, by stage key. */
  readonly winRateByStage: ReadonlyMap<string, number>;
}

export interface Quantiles {
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
}

export interface TenantBenchmarks {
  readonly stages: StageBenchmarks;
  /** Won / (won + lost) over all closed deals; null with fewer than MIN_CLOSED_SAMPLES closed deals. */
  readonly overallWinRate: number | null;
  /** Median and p90 days from creation to close of won deals. */
  readonly medianWonCycleDays: number | null;
  readonly p90ClosedCycleDays: number | null;
  /** Distribution of deal amounts (> 0) across all deals. */
  readonly dealAmount: Quantiles | null;
  /** Distribution of account ARR (> 0). */
  readonly accountArr: Quantiles | null;
  /** Deal amounts (> 0) sorted ascending, for any quantile (e.g. the profile's high-value bar). */
  readonly dealAmountsSorted: Float64Array | null;
}

/** The tenant's own "high value" bar: the given quantile of its deal sizes (null without enough deals). */
export function highValueThreshold(b: TenantBenchmarks, quantile: number): number | null {
  return b.dealAmountsSorted === null ? null : quantileSorted(b.dealAmountsSorted, quantile);
}

export const MIN_STAGE_SAMPLES = 5;
export const MIN_CLOSED_SAMPLES = 10;
export const MIN_AMOUNT_SAMPLES = 10;

export const EMPTY_BENCHMARKS: TenantBenchmarks = {
  stages: { medianDaysByStage: new Map(), samplesByStage: new Map(), winRateByStage: new Map() },
  overallWinRate: null,
  medianWonCycleDays: null,
  p90ClosedCycleDays: null,
  dealAmount: null,
  accountArr: null,
  dealAmountsSorted: null,
};

/** Linear-interpolated quantile of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function quantiles(values: readonly number[], minSamples: number): Quantiles | null {
  const xs = Float64Array.from(values.filter((v) => Number.isFinite(v) && v > 0));
  if (xs.length < minSamples) return null;
  xs.sort();
  return { p25: quantileSorted(xs, 0.25), p50: quantileSorted(xs, 0.5), p75: quantileSorted(xs, 0.75), p90: quantileSorted(xs, 0.9) };
}

/**
 * Stage medians and stage win rates from the tenant's stage history. Each opportunity's history is
 * sorted by time; the stay in a stage ends when the next stage is entered (or the deal closes).
 * O(H log H) for H history rows.
 */
export function computeStageBenchmarks(
  history: readonly StageHistoryInput[],
  opportunities: readonly OpportunityInput[],
): StageBenchmarks {
  const byOpp = new Map<string, StageHistoryInput[]>();
  for (const h of history) {
    let list = byOpp.get(h.opportunityId);
    if (list === undefined) {
      list = [];
      byOpp.set(h.opportunityId, list);
    }
    list.push(h);
  }
  const oppById = new Map<string, OpportunityInput>();
  for (const o of opportunities) oppById.set(o.id, o);

  const durations = new Map<string, number[]>();
  const reached = new Map<string, { reached: number; won: number }>();
  for (const [oppId, list] of byOpp) {
    list.sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
    const opp = oppById.get(oppId);
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const cur = list[i] as StageHistoryInput;
      const key = stageKey(cur.stage);
      const next = list[i + 1];
      const endMs = next !== undefined ? next.enteredAt.getTime() : opp?.isClosed && opp.closedAt ? opp.closedAt.getTime() : null;
      if (endMs !== null && !(opp?.isClosed && next === undefined && isClosedLabel(opp, cur))) {
        const d = (endMs - cur.enteredAt.getTime()) / DAY_MS;
        if (d >= 0) {
          let arr = durations.get(key);
          if (arr === undefined) durations.set(key, (arr = []));
          arr.push(d);
        }
      }
      if (opp?.isClosed && !seen.has(key)) {
        seen.add(key);
        const r = reached.get(key) ?? { reached: 0, won: 0 };
        r.reached++;
        if (opp.isWon) r.won++;
        reached.set(key, r);
      }
    }
  }
  const medianDaysByStage = new Map<string, number>();
  const samplesByStage = new Map<string, number>();
  for (const [key, arr] of durations) {
    samplesByStage.set(key, arr.length);
    if (arr.length >= MIN_STAGE_SAMPLES) {
      const xs = Float64Array.from(arr).sort();
      medianDaysByStage.set(key, quantileSorted(xs, 0.5));
    }
  }
  const winRateByStage = new Map<string, number>();
  for (const [key, r] of reached) {
    if (r.reached >= MIN_CLOSED_SAMPLES) winRateByStage.set(key, r.won / r.reached);
  }
  return { medianDaysByStage, samplesByStage, winRateByStage };
}

/** The terminal stage row of a closed deal (its "Closed Won" stay) has no meaningful duration. */
function isClosedLabel(opp: OpportunityInput, row: StageHistoryInput): boolean {
  return stageKey(row.stage) === stageKey(opp.stage);
}

export interface TenantBenchmarkInput {
  readonly opportunities: readonly OpportunityInput[];
  readonly stageHistory: readonly StageHistoryInput[];
  readonly accountArr: readonly (number | null)[];
}

/** All tenant benchmarks in one call (run once per tenant per cycle, before scoring accounts). */
export function computeTenantBenchmarks(input: TenantBenchmarkInput): TenantBenchmarks {
  let won = 0;
  let lost = 0;
  const wonCycles: number[] = [];
  const closedCycles: number[] = [];
  const amounts: number[] = [];
  for (const o of input.opportunities) {
    if (o.amount !== null) amounts.push(o.amount);
    if (!o.isClosed) continue;
    if (o.isWon) won++;
    else lost++;
    const closedAt = o.closedAt ?? o.closeDate;
    if (closedAt !== null) {
      const days = (closedAt.getTime() - o.createdAt.getTime()) / DAY_MS;
      if (days >= 0) {
        closedCycles.push(days);
        if (o.isWon) wonCycles.push(days);
      }
    }
  }
  const wonQ = quantilesAllowZero(wonCycles, MIN_CLOSED_SAMPLES);
  const closedQ = quantilesAllowZero(closedCycles, MIN_CLOSED_SAMPLES);
  const arr: number[] = [];
  for (const a of input.accountArr) if (a !== null) arr.push(a);
  return {
    stages: computeStageBenchmarks(input.stageHistory, input.opportunities),
    overallWinRate: won + lost >= MIN_CLOSED_SAMPLES ? won / (won + lost) : null,
    medianWonCycleDays: wonQ === null ? null : wonQ.p50,
    p90ClosedCycleDays: closedQ === null ? null : closedQ.p90,
    dealAmount: quantiles(amounts, MIN_AMOUNT_SAMPLES),
    accountArr: quantiles(arr, MIN_AMOUNT_SAMPLES),
    dealAmountsSorted: sortedPositive(amounts, MIN_AMOUNT_SAMPLES),
  };
}

function sortedPositive(values: readonly number[], minSamples: number): Float64Array | null {
  const xs = Float64Array.from(values.filter((v) => Number.isFinite(v) && v > 0));
  return xs.length < minSamples ? null : xs.sort();
}

function quantilesAllowZero(values: readonly number[], minSamples: number): Quantiles | null {
  if (values.length < minSamples) return null;
  const xs = Float64Array.from(values).sort();
  return { p25: quantileSorted(xs, 0.25), p50: quantileSorted(xs, 0.5), p75: quantileSorted(xs, 0.75), p90: quantileSorted(xs, 0.9) };
}
