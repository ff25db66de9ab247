import { renewalRiskBandFor } from '@pillar/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFeatures, roleMap } from '../../testing/empty-features';
import { generateAccountFeatures, rng } from '../../testing/generate-features';
import { marketContextRisk } from '../market-context';
import { contractingLagRisk, engagementDecayRisk, npsRisk, scoreRenewalRisk, supportBurdenRisk, urgencyMultiplier } from '../renewal-risk';

describe('renewal risk ladders', () => {
  it('amplifies engagement decay: 10% moderate (40), 20% serious (75), 35% max', () => {
    expect(engagementDecayRisk(0)).toBe(0);
    expect(engagementDecayRisk(10)).toBe(40);
    expect(engagementDecayRisk(20)).toBe(75);
    expect(engagementDecayRisk(35)).toBe(100);
  });
  it('scores support burden ≥ 80% 100, ≥ 60% 70, scaled below', () => {
    expect(supportBurdenRisk(80)).toBe(100);
    expect(supportBurdenRisk(60)).toBe(70);
    expect(supportBurdenRisk(30)).toBe(35);
  });
  it('scores contracting lag ≥ 120 days 100, scaled down', () => {
    expect(contractingLagRisk(120)).toBe(100);
    expect(contractingLagRisk(60)).toBe(50);
  });
  it('scores NPS < 6 100, 7 60, 8 30, ≥ 9 0', () => {
    expect([npsRisk(5), npsRisk(7), npsRisk(8), npsRisk(9)]).toEqual([100, 60, 30, 0]);
  });
  it('computes the published market-context composite', () => {
    expect(marketContextRisk(-6, 1, 40)).toBeCloseTo(0.5 * 80 + 0.3 * 60 + 0.2 * 100, 9);
    expect(marketContextRisk(null, null, null)).toBeNull();
  });
  it('amplifies as the renewal date nears', () => {
    expect([urgencyMultiplier(-1, false), urgencyMultiplier(30, false), urgencyMultiplier(60, false), urgencyMultiplier(90, false), urgencyMultiplier(180, false), urgencyMultiplier(365, false)]).toEqual([1.3, 1.25, 1.15, 1.1, 1, 0.9]);
    expect(urgencyMultiplier(10, true)).toBe(0.5);
  });
  it('bands at the published thresholds 30 / 50 / 85', () => {
    expect([renewalRiskBandFor(29.9), renewalRiskBandFor(30), renewalRiskBandFor(50), renewalRiskBandFor(85)]).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
  });
});

describe('scoreRenewalRisk', () => {
  it('is not computed without a dated open renewal', () => {
    expect(scoreRenewalRisk(emptyFeatures())).toBeNull();
  });

  it('treats unknown NPS as 7 and unknown market context as 50, and says so', () => {
    const r = scoreRenewalRisk(emptyFeatures({ daysToRenewal: 150 }))!;
    expect(r.baseScore).toBe(55); // (10·60 + 10·50) / 20
    expect(r.drivers.map((d) => d.reason.code).sort()).toEqual(['MARKET_UNKNOWN', 'NPS_UNKNOWN']);
    expect(r.dataSufficiency).toBe(0);
  });

  it('makes the same account riskier as the renewal nears', () => {
    const f = emptyFeatures({ engagementDecayPct: 15, roles: roleMap(), npsScore: 7, daysToRenewal: 300 });
    const far = scoreRenewalRisk(f)!;
    const near = scoreRenewalRisk({ ...f, daysToRenewal: 20 })!;
    expect(near.score).toBeGreaterThan(far.score);
    expect(near.baseScore).toBe(far.baseScore);
  });

  it('keeps the score within 0–100 with drivers adding up to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), (seed) => {
        const f = generateAccountFeatures(rng(seed), 'a');
        const r = scoreRenewalRisk(f);
        if (r === null) return;
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(Math.abs(r.drivers.reduce((a, d) => a + d.contribution, 0) - r.score)).toBeLessThan(0.005);
      }),
      { numRuns: 300 },
    );
  });
});
