import { renderReason, type AccountHealth } from '@pillar/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_BENCHMARKS, type TenantBenchmarks } from '../../features/benchmarks';
import { buildAccountFeatures } from '../../features/build-account-features';
import type { AccountFeatureInput, ActivityInput } from '../../features/inputs';
import { compileProfile, DEFAULT_PROFILE } from '../../profile/compile-profile';
import { generateAccountFeatures, rng } from '../../testing/generate-features';
import { GOLDEN_ACCOUNTS, GOLDEN_NOW } from '../../testing/golden-accounts';
import { scoreAccount, topDrivers } from '../score-account';

const BENCH: TenantBenchmarks = {
  ...EMPTY_BENCHMARKS,
  stages: {
    medianDaysByStage: new Map([['discovery', 20], ['qualification', 25], ['proposal', 18], ['engaging', 30]]),
    samplesByStage: new Map([['discovery', 40], ['qualification', 40], ['proposal', 30], ['engaging', 50]]),
    winRateByStage: new Map([['proposal', 0.45], ['qualification', 0.2]]),
  },
  overallWinRate: 0.3,
  medianWonCycleDays: 75,
  p90ClosedCycleDays: 160,
  dealAmount: { p25: 8_000, p50: 22_000, p75: 60_000, p90: 150_000 },
  accountArr: { p25: 20_000, p50: 60_000, p75: 200_000, p90: 500_000 },
};

function score(input: AccountFeatureInput, now = GOLDEN_NOW): AccountHealth {
  return scoreAccount(buildAccountFeatures(input, now, BENCH), now);
}

function sumContributions(h: AccountHealth): number {
  return h.drivers.reduce((a, d) => a + d.contribution, 0);
}

/** The stable, reviewable part of a result: scores, bands, categories and every driver's reason. */
function golden(h: AccountHealth) {
  return {
    score: h.score,
    band: h.band,
    dataSufficiency: Math.round(h.dataSufficiency * 1000) / 1000,
    trend: h.trend,
    priority: h.priority,
    renewalRisk: h.renewalRisk && { score: h.renewalRisk.score, band: h.renewalRisk.band, multiplier: h.renewalRisk.urgencyMultiplier },
    categories: h.categories.map((c) => `${c.category}: ${c.score ?? 'n/a'} (${c.applicableRules}/${c.enabledRules})`),
    drivers: h.drivers.map((d) => `${d.ruleId} ${d.score} → ${d.contribution}: ${renderReason(d.reason)}`),
  };
}

describe('account health: golden accounts', () => {
  for (const [name, input] of Object.entries(GOLDEN_ACCOUNTS)) {
    it(`matches the reviewed snapshot for the ${name} account`, async () => {
      await expect(JSON.stringify(golden(score(input)), null, 2)).toMatchFileSnapshot(`./golden/${name}.json`);
    });
  }

  it('ranks the healthy customer above the new logo above the at-risk customer', () => {
    const healthy = score(GOLDEN_ACCOUNTS.healthy);
    const atRisk = score(GOLDEN_ACCOUNTS.atRisk);
    const newLogo = score(GOLDEN_ACCOUNTS.newLogo);
    expect(healthy.band).toBe('HEALTHY');
    expect(['AT_RISK', 'CRITICAL']).toContain(atRisk.band);
    expect(healthy.score!).toBeGreaterThan(newLogo.score!);
    expect(newLogo.score!).toBeGreaterThan(atRisk.score!);
    expect(atRisk.renewalRisk?.band).toBe('CRITICAL');
    expect(atRisk.trend.direction).toBe('declining');
  });

  it('scores a CSV-only account from what it has and reports low data sufficiency', () => {
    const sparse = score(GOLDEN_ACCOUNTS.sparse);
    expect(sparse.score).not.toBeNull();
    expect(sparse.dataSufficiency).toBeLessThan(0.3);
    expect(sparse.categories.find((c) => c.category === 'engagement')?.score).toBeNull();
    expect(sparse.renewalRisk).toBeNull();
  });

  it('names the worst drivers of the at-risk account', () => {
    const atRisk = score(GOLDEN_ACCOUNTS.atRisk);
    const failing = atRisk.drivers.filter((d) => d.score < 1).map((d) => d.ruleId);
    expect(failing).toEqual(expect.arrayContaining(['RSK-001', 'RSK-007', 'RSK-010', 'REL-008']));
    expect(topDrivers(atRisk, 3)).toHaveLength(3);
  });
});

describe('account health: invariants', () => {
  const accounts = fc.integer({ min: 1, max: 10_000_000 }).map((seed) => generateAccountFeatures(rng(seed), `a${seed}`));

  it('keeps every score within 0–100 and drivers summing to the score within ±1 (exactly to the cent)', () => {
    fc.assert(
      fc.property(accounts, (f) => {
        const h = scoreAccount(f, GOLDEN_NOW);
        if (h.score === null) return;
        expect(h.score).toBeGreaterThanOrEqual(0);
        expect(h.score).toBeLessThanOrEqual(100);
        expect(Math.abs(sumContributions(h) - h.score)).toBeLessThan(0.005);
        for (const c of h.categories) if (c.score !== null) expect(c.score).toBeGreaterThanOrEqual(0);
        expect(h.dataSufficiency).toBeGreaterThanOrEqual(0);
        expect(h.dataSufficiency).toBeLessThanOrEqual(1);
        const live = h.categories.reduce((a, c) => a + c.weight, 0);
        expect(Math.abs(live - 1)).toBeLessThan(0.001);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same result for the same input (deterministic, clock injected)', () => {
    fc.assert(
      fc.property(accounts, (f) => {
        expect(scoreAccount(f, GOLDEN_NOW)).toEqual(scoreAccount(structuredClone(f), new Date(GOLDEN_NOW.getTime())));
      }),
      { numRuns: 100 },
    );
  });

  it('never lowers engagement when a more recent customer meeting is logged', () => {
    const base = GOLDEN_ACCOUNTS.atRisk;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 29, noNaN: true }), (daysAgo) => {
        const meeting: ActivityInput = {
          id: 'extra', accountId: base.account.id, opportunityId: null, contactId: 'r-c2', type: 'meeting', direction: 'inbound',
          occurredAt: new Date(GOLDEN_NOW.getTime() - daysAgo * 86_400_000), subject: null,
        };
        const before = score(base).categories.find((c) => c.category === 'engagement')!.score!;
        const after = score({ ...base, activities: [...base.activities!, meeting] }).categories.find((c) => c.category === 'engagement')!.score!;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('never lowers ENG-002 as the last activity gets more recent', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 400, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true }), (a, b) => {
        const [recent, older] = a < b ? [a, b] : [b, a];
        const f = generateAccountFeatures(rng(7), 'x');
        const s = (d: number) => scoreAccount({ ...f, daysSinceLastActivity: d }, GOLDEN_NOW).drivers.find((x) => x.ruleId === 'ENG-002')!.score;
        expect(s(recent)).toBeGreaterThanOrEqual(s(older));
      }),
    );
  });

  it('leaves disabled rules out and records the profile version', () => {
    const compiled = compileProfile({ version: 7, disabledRules: ['ENG-002', 'RSK-001'] });
    if (!compiled.ok) throw new Error('profile rejected');
    const f = generateAccountFeatures(rng(3), 'a');
    const h = scoreAccount(f, GOLDEN_NOW, compiled.profile);
    expect(h.profileVersion).toBe(7);
    expect(h.drivers.map((d) => d.ruleId)).not.toContain('ENG-002');
    expect(h.drivers.map((d) => d.ruleId)).not.toContain('RSK-001');
    expect(scoreAccount(f, GOLDEN_NOW, DEFAULT_PROFILE).profileVersion).toBe(1);
  });

  it('renormalises category weights over categories that have an applicable rule', () => {
    const h = score(GOLDEN_ACCOUNTS.sparse);
    const live = h.categories.filter((c) => c.score !== null);
    const expected = live.reduce((a, c) => a + c.score! * c.weight, 0);
    expect(h.score!).toBeCloseTo(expected, 1);
    for (const c of h.categories) if (c.score === null) expect(c.weight).toBe(0);
  });

  it('returns no score, not 0, when no rule applies', () => {
    const h = score({ ...GOLDEN_ACCOUNTS.sparse, opportunities: null, account: { ...GOLDEN_ACCOUNTS.sparse.account, employees: null } });
    expect(h.score).toBeNull();
    expect(h.band).toBeNull();
    expect(h.dataSufficiency).toBe(0);
  });
});
