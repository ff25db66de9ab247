import {
  healthBandSchema,
  dealRiskBandSchema,
  forecastCategorySchema,
  ruleMeta,
  type AccountHealth,
  type DealRiskBand,
  type ForecastCategory,
  type HealthBand,
} from '@pillar/shared';
import type { AccountFeatureInput } from '../engine';
import type { StoredOpportunityScore } from '../db/stored-scores';

/** What one scoring run did, for `pillar score` and the cycle's log. */
export interface SkippedAccount {
  accountId: string;
  name: string;
  reason: string;
}

export interface DriverTotal {
  id: string;
  name: string;
  category: string;
  /** Σ |contribution| over every scored account (health points). */
  totalContribution: number;
  accounts: number;
}

export interface ScoreTenantSummary {
  orgId: string;
  profileVersion: number;
  now: string;
  /** Whether tenant benchmarks were computed in this run or read from the last full rescore's cache. */
  benchmarks: 'computed' | 'cached';
  accounts: {
    scored: number;
    /** Accounts no rule could score (they keep no score; their card shows "not scored"). */
    skipped: number;
    /** The first few skipped accounts with the reason. */
    skippedExamples: SkippedAccount[];
    meanDataSufficiency: number | null;
  };
  healthBands: Record<HealthBand, number>;
  deals: {
    scored: number;
    open: number;
    closed: number;
    /** Deals whose risk rests on no data (stored as 0 with a "no risk data" driver). */
    riskUnassessed: number;
    riskBands: Record<DealRiskBand, number>;
    forecastCategories: Record<ForecastCategory, number>;
  };
  /** The five rules that moved health most across the tenant, by Σ |contribution|. */
  topDrivers: DriverTotal[];
  chunks: number;
  /** Time spent in each stage; loads, scoring and writes of different chunks overlap, so they add up to more than durationMs. */
  timings: { benchmarksMs: number; loadMs: number; scoreMs: number; writeMs: number };
  durationMs: number;
}

const SKIPPED_EXAMPLES = 5;
export const TOP_DRIVER_COUNT = 5;

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Why an account could not be scored, in words: what it lacks that the rules read. */
export function skipReason(input: AccountFeatureInput): string {
  const lacks: string[] = [];
  const list = (value: readonly unknown[] | null, none: string, unsynced: string) => {
    if (value === null) lacks.push(unsynced);
    else if (value.length === 0) lacks.push(none);
  };
  list(input.opportunities, 'no deals', 'deals not synced');
  list(input.activities, 'no activities', 'activities not synced');
  list(input.contacts, 'no contacts', 'contacts not synced');
  list(input.renewals, 'no renewals', 'renewals not synced');
  const a = input.account;
  if (a.arr === null && a.segment === null && a.tier === null) lacks.push('no ARR, segment or tier');
  return `no rule had data to score: ${lacks.length ? lacks.join(', ') : 'every rule lacked its inputs'}`;
}

export class SummaryBuilder {
  private readonly bands = zeros(healthBandSchema.options);
  private readonly riskBands = zeros(dealRiskBandSchema.options);
  private readonly forecast = zeros(forecastCategorySchema.options);
  private readonly drivers = new Map<string, { total: number; accounts: number; category: string }>();
  private scored = 0;
  private skipped = 0;
  private readonly examples: SkippedAccount[] = [];
  private sufficiency = 0;
  private dealsScored = 0;
  private dealsOpen = 0;
  private dealsUnassessed = 0;
  chunks = 0;
  readonly timings = { benchmarksMs: 0, loadMs: 0, scoreMs: 0, writeMs: 0 };

  addAccount(health: AccountHealth, input: AccountFeatureInput): void {
    if (health.score === null || health.band === null) {
      this.skipped++;
      if (this.examples.length < SKIPPED_EXAMPLES) this.examples.push({ accountId: input.account.id, name: input.account.name, reason: skipReason(input) });
      return;
    }
    this.scored++;
    this.bands[health.band]++;
    this.sufficiency += health.dataSufficiency;
    for (const d of health.drivers) {
      const t = this.drivers.get(d.ruleId);
      if (t === undefined) this.drivers.set(d.ruleId, { total: Math.abs(d.contribution), accounts: 1, category: d.category });
      else {
        t.total += Math.abs(d.contribution);
        t.accounts++;
      }
    }
  }

  addDeal(score: StoredOpportunityScore, isClosed: boolean, riskUnassessed: boolean): void {
    this.dealsScored++;
    if (riskUnassessed) this.dealsUnassessed++;
    if (!isClosed) this.dealsOpen++;
    this.riskBands[score.dealRiskBand]++;
    this.forecast[score.forecastCategory]++;
  }

  build(base: { orgId: string; profileVersion: number; now: Date; benchmarks: 'computed' | 'cached'; durationMs: number }): ScoreTenantSummary {
    const topDrivers = [...this.drivers]
      .map(([id, t]) => ({ id, name: ruleMeta(id)?.name ?? id, category: t.category, totalContribution: Math.round(t.total * 100) / 100, accounts: t.accounts }))
      .sort((a, b) => b.totalContribution - a.totalContribution || a.id.localeCompare(b.id))
      .slice(0, TOP_DRIVER_COUNT);
    return {
      orgId: base.orgId,
      profileVersion: base.profileVersion,
      now: base.now.toISOString(),
      benchmarks: base.benchmarks,
      accounts: {
        scored: this.scored,
        skipped: this.skipped,
        skippedExamples: this.examples,
        meanDataSufficiency: this.scored > 0 ? Math.round((this.sufficiency / this.scored) * 1000) / 1000 : null,
      },
      healthBands: { ...this.bands },
      deals: { scored: this.dealsScored, open: this.dealsOpen, closed: this.dealsScored - this.dealsOpen, riskUnassessed: this.dealsUnassessed, riskBands: { ...this.riskBands }, forecastCategories: { ...this.forecast } },
      topDrivers,
      chunks: this.chunks,
      timings: { ...this.timings },
      durationMs: base.durationMs,
    };
  }
}

const n = (value: number) => value.toLocaleString('en-US');

/** The summary as `pillar score` prints it. */
export function formatScoreSummary(s: ScoreTenantSummary, orgLabel: string): string {
  const lines: string[] = [];
  lines.push(`Scored ${orgLabel} as of ${s.now} with scoring profile v${s.profileVersion} in ${(s.durationMs / 1000).toFixed(1)} s`);
  lines.push(`Accounts: ${n(s.accounts.scored)} scored, ${n(s.accounts.skipped)} skipped (insufficient data)` + (s.accounts.meanDataSufficiency === null ? '' : `, mean data sufficiency ${Math.round(s.accounts.meanDataSufficiency * 100)}%`));
  for (const e of s.accounts.skippedExamples) lines.push(`  skipped ${e.name} (${e.accountId}): ${e.reason}`);
  lines.push(`Health bands: ${healthBandSchema.options.map((b) => `${b} ${n(s.healthBands[b])}`).join(' · ')}`);
  lines.push(`Deals: ${n(s.deals.scored)} scored (${n(s.deals.open)} open, ${n(s.deals.closed)} closed in the last 90 days)`);
  if (s.deals.riskUnassessed > 0) lines.push(`  ${n(s.deals.riskUnassessed)} with no data to assess deal risk (stored as 0 with a "no risk data" driver)`);
  lines.push(`  risk: ${dealRiskBandSchema.options.map((b) => `${b} ${n(s.deals.riskBands[b])}`).join(' · ')}`);
  lines.push(`  forecast: ${forecastCategorySchema.options.map((c) => `${c} ${n(s.deals.forecastCategories[c])}`).join(' · ')}`);
  lines.push('Top drivers (total |contribution| in health points across accounts):');
  s.topDrivers.forEach((d, i) => lines.push(`  ${i + 1}. ${d.id.padEnd(8)} ${d.name} (${d.category}): ${n(d.totalContribution)} over ${n(d.accounts)} accounts`));
  if (s.topDrivers.length === 0) lines.push('  none (no account was scored)');
  lines.push(
    `Time per stage (stages overlap): benchmarks ${(s.timings.benchmarksMs / 1000).toFixed(1)} s (${s.benchmarks}), load ${(s.timings.loadMs / 1000).toFixed(1)} s, score ${(s.timings.scoreMs / 1000).toFixed(1)} s, write ${(s.timings.writeMs / 1000).toFixed(1)} s in ${n(s.chunks)} chunks`,
  );
  return lines.join('\n');
}
