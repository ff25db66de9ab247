import { z } from 'zod';
import { quantileSorted, type TenantBenchmarks } from '../engine';

/**
 * Tenant benchmarks as JSON for benchmarks_cached. A full rescore computes them from every deal and its
 * stage history and caches them; a rescore of a few accounts (the 5-minute cycle) reuses the cache instead
 * of reading the whole tenant again. Deal sizes are kept as a grid of 1,001 quantiles (every 0.1%), so
 * the profile's high-value quantile reads the same value from the grid as from the full list at any
 * quantile on a 0.001 step (the full list is kept when it is that short anyway).
 */

const GRID_POINTS = 1001;

const quantilesSchema = z.object({ p25: z.number(), p50: z.number(), p75: z.number(), p90: z.number() });
const entries = z.array(z.tuple([z.string(), z.number()]));

export const benchmarkSnapshotSchema = z.object({
  format: z.literal(1),
  stages: z.object({ medianDaysByStage: entries, samplesByStage: entries, winRateByStage: entries }),
  overallWinRate: z.number().nullable(),
  medianWonCycleDays: z.number().nullable(),
  p90ClosedCycleDays: z.number().nullable(),
  dealAmount: quantilesSchema.nullable(),
  accountArr: quantilesSchema.nullable(),
  dealAmountGrid: z.array(z.number()).nullable(),
});
export type BenchmarkSnapshot = z.infer<typeof benchmarkSnapshotSchema>;

function amountGrid(sorted: Float64Array | null): number[] | null {
  if (sorted === null) return null;
  if (sorted.length <= GRID_POINTS) return Array.from(sorted);
  const grid: number[] = new Array(GRID_POINTS);
  for (let i = 0; i < GRID_POINTS; i++) grid[i] = quantileSorted(sorted, i / (GRID_POINTS - 1));
  return grid;
}

export function toBenchmarkSnapshot(b: TenantBenchmarks): BenchmarkSnapshot {
  return {
    format: 1,
    stages: {
      medianDaysByStage: [...b.stages.medianDaysByStage],
      samplesByStage: [...b.stages.samplesByStage],
      winRateByStage: [...b.stages.winRateByStage],
    },
    overallWinRate: b.overallWinRate,
    medianWonCycleDays: b.medianWonCycleDays,
    p90ClosedCycleDays: b.p90ClosedCycleDays,
    dealAmount: b.dealAmount,
    accountArr: b.accountArr,
    dealAmountGrid: amountGrid(b.dealAmountsSorted),
  };
}

/** The cached benchmarks, or null when the cache holds something else (an older format, corrupt JSON). */
export function fromBenchmarkSnapshot(raw: unknown): TenantBenchmarks | null {
  const parsed = benchmarkSnapshotSchema.safeParse(raw);
  if (!parsed.success) return null;
  const s = parsed.data;
  return {
    stages: {
      medianDaysByStage: new Map(s.stages.medianDaysByStage),
      samplesByStage: new Map(s.stages.samplesByStage),
      winRateByStage: new Map(s.stages.winRateByStage),
    },
    overallWinRate: s.overallWinRate,
    medianWonCycleDays: s.medianWonCycleDays,
    p90ClosedCycleDays: s.p90ClosedCycleDays,
    dealAmount: s.dealAmount,
    accountArr: s.accountArr,
    dealAmountsSorted: s.dealAmountGrid === null ? null : Float64Array.from(s.dealAmountGrid),
  };
}
