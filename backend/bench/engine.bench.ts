// Engine throughput on one core: full account health (97 rules, renewal risk, drivers) over seeded
// generated features, and deal risk (with risk onset) at 10 and 50 events per deal against a
// straightforward O(events²) reference that re-derives the state from scratch at every step.
import { scoreDealRisk } from '../src/engine/deals/deal-risk';
import type { DealTimeline } from '../src/engine/deals/timeline';
import { scoreAccount } from '../src/engine/health/score-account';
import { DEFAULT_PROFILE } from '../src/engine/profile/compile-profile';
import { generateDealTimeline } from '../src/engine/testing/generate-deals';
import { generateAccounts, rng } from '../src/engine/testing/generate-features';
import { naiveReplay } from '../src/engine/testing/naive-deal-risk';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const NOW = new Date(Date.UTC(2026, 10, 1));
/** Sentinel's O(E²) scorer as measured on this machine class (reference/pillar-gtm-scoring.md §12). */
const SENTINEL_DEALS_PER_S = { 10: 58_800, 50: 24_000 } as const;

/** Items per second: median of `rounds` timed passes after one warm-up pass. */
function throughput<T>(items: readonly T[], rounds: number, fn: (item: T) => number): number {
  let sink = 0;
  for (const it of items) sink += fn(it);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const it of items) sink += fn(it);
    const dt = (performance.now() - t0) / 1000;
    rates.push(items.length / dt);
  }
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(rates.length / 2)]!);
}

export async function runEngineBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];

  const accounts = generateAccounts(20_261_101, 20_000);
  const health = throughput(accounts, 7, (f) => scoreAccount(f, NOW, DEFAULT_PROFILE).score ?? 0);
  figures.push({ name: 'account health (97 rules + renewal risk + drivers)', value: health, unit: 'accounts/s', note: 'target ≥ 100,000 /s/core' });

  const riskOpts = { thresholds: DEFAULT_PROFILE.thresholds.dealRisk, profileVersion: DEFAULT_PROFILE.version };
  const threshold = DEFAULT_PROFILE.thresholds.dealRisk.high;
  const nowMs = NOW.getTime();
  const hv = { isHighValue: false, highValueThreshold: null };
  for (const events of [10, 50] as const) {
    const g = rng(1_000 + events);
    const deals: DealTimeline[] = Array.from({ length: events === 10 ? 40_000 : 20_000 }, (_, i) => generateDealTimeline(g, `d${i}`, events, nowMs));
    const fast = throughput(deals, 7, (tl) => scoreDealRisk(tl, hv, NOW, riskOpts).score);
    const naive = throughput(deals, 3, (tl) => naiveReplay(tl, nowMs, threshold).riskNow);
    const target = SENTINEL_DEALS_PER_S[events] * 10;
    figures.push({ name: `deal risk + onset, ${events} events/deal`, value: fast, unit: 'deals/s', note: `target ≥ ${target.toLocaleString('en-US')} (10× Sentinel's O(E²))` });
    figures.push({ name: `O(E²) reference, ${events} events/deal`, value: naive, unit: 'deals/s', note: 'risk + onset only, no drivers' });
    figures.push({ name: `speed-up vs O(E²) reference, ${events} events`, value: Math.round((fast / naive) * 10) / 10, unit: '×' });
    figures.push({ name: `speed-up vs Sentinel figure, ${events} events`, value: Math.round((fast / SENTINEL_DEALS_PER_S[events]) * 10) / 10, unit: '×' });
  }
  return figures;
}
