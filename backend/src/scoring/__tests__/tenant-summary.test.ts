import { describe, expect, it } from 'vitest';
import { buildAccountFeatures, EMPTY_BENCHMARKS, scoreAccount } from '../../engine';
import { AT_RISK, GOLDEN_NOW, HEALTHY, SPARSE } from '../../engine/testing/golden-accounts';
import { formatScoreSummary, skipReason, SummaryBuilder } from '../tenant-summary';

const score = (input: typeof HEALTHY) => scoreAccount(buildAccountFeatures(input, GOLDEN_NOW, EMPTY_BENCHMARKS), GOLDEN_NOW);
const EMPTY = { ...SPARSE, account: { ...SPARSE.account, employees: null, annualRevenue: null, industry: null }, opportunities: null };

describe('SummaryBuilder', () => {
  it('counts bands and skips, and ranks rules by total |contribution| across accounts', () => {
    const builder = new SummaryBuilder();
    const healthy = score(HEALTHY);
    const atRisk = score(AT_RISK);
    builder.addAccount(healthy, HEALTHY);
    builder.addAccount(atRisk, AT_RISK);
    builder.addAccount(score(EMPTY), EMPTY);
    const s = builder.build({ orgId: 'org', profileVersion: 1, now: GOLDEN_NOW, benchmarks: 'computed', durationMs: 5 });
    expect(s.accounts).toMatchObject({ scored: 2, skipped: 1 });
    expect(s.accounts.skippedExamples[0]).toMatchObject({ accountId: EMPTY.account.id, reason: expect.stringContaining('activities not synced') });
    expect(healthy.band).not.toBe(atRisk.band);
    expect(s.healthBands[healthy.band!]).toBe(1);
    expect(s.healthBands[atRisk.band!]).toBe(1);
    expect(Object.values(s.healthBands).reduce((a, b) => a + b, 0)).toBe(2);
    expect(s.topDrivers).toHaveLength(5);
    const totals = new Map<string, number>();
    for (const d of [...healthy.drivers, ...atRisk.drivers]) totals.set(d.ruleId, (totals.get(d.ruleId) ?? 0) + Math.abs(d.contribution));
    const expected = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
    expect(s.topDrivers.map((d) => d.id)).toEqual(expected.map(([id]) => id));
    expect(s.topDrivers[0]!.totalContribution).toBeCloseTo(expected[0]![1], 2);
    const text = formatScoreSummary(s, 'Test');
    expect(text).toContain('2 scored, 1 skipped');
    expect(text).toContain(s.topDrivers[0]!.name);
  });
});

describe('skipReason', () => {
  it('says what the account lacks', () => {
    expect(skipReason(EMPTY)).toBe('no rule had data to score: deals not synced, activities not synced, contacts not synced, renewals not synced, no ARR, segment or tier');
  });
});
