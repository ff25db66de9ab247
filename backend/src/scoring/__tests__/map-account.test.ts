import { describe, expect, it } from 'vitest';
import { buildAccountFeatures, EMPTY_BENCHMARKS } from '../../engine';
import { mapAccount, mapSegment, npsAnswer, signalsFromAttributes } from '../map-account';
import { accountRow, NOW } from './row-fixtures';

describe('mapAccount', () => {
  it('keeps every missing column missing (null), never zero', () => {
    const a = mapAccount(accountRow());
    expect(a).toMatchObject({ arr: null, segment: null, tier: null, employees: null, annualRevenue: null, industry: null, createdAt: null });
    expect(Object.values(a.signals ?? {}).every((v) => v === null || v === undefined)).toBe(true);
    const f = buildAccountFeatures({ account: a, contacts: null, opportunities: null, stageHistory: null, closeDateChanges: null, activities: null, renewals: null, leads: null, priorHealth: null }, NOW, EMPTY_BENCHMARKS);
    expect(f).toMatchObject({ npsScore: null, adoptionPct: null, usageTrendPct: null, supportEscalationPct: null, latePayments12m: null, arr: null });
  });

  it('passes the customer-success columns through, the usage trend exactly', () => {
    const a = mapAccount(accountRow({ usage_trend_pct: -23.5, adoption_pct: 61, support_escalation_pct: 12.5, late_payments: 2, nps_score: 8, arr: 120_000, tier: 2 }));
    const f = buildAccountFeatures({ account: a, contacts: null, opportunities: null, stageHistory: null, closeDateChanges: null, activities: null, renewals: null, leads: null, priorHealth: null }, NOW, EMPTY_BENCHMARKS);
    expect(f.usageTrendPct).toBeCloseTo(-23.5, 10);
    expect(f).toMatchObject({ adoptionPct: 61, supportEscalationPct: 12.5, latePayments12m: 2, npsScore: 8, arr: 120_000, tier: 2 });
  });

  it('reads enrichment from attributes under the engine field names, ignores wrong types and unknown keys', () => {
    const a = mapAccount(
      accountRow({
        attributes: { techSpendPropensity: 72, rfpActive: true, demoRequestedAt: '2025-05-20T10:00:00Z', competitorContractEndsAt: '2025-08-01', aiReadiness: 'high', demoProfile: 'healthy', budgetConfirmed: 'yes' },
      }),
    );
    expect(a.signals).toMatchObject({ techSpendPropensity: 72, rfpActive: true, demoRequestedAt: new Date('2025-05-20T10:00:00Z'), competitorContractEndsAt: new Date('2025-08-01T00:00:00Z') });
    expect(a.signals?.aiReadiness).toBeUndefined();
    expect(a.signals?.budgetConfirmed).toBeUndefined();
    expect(a.signals).not.toHaveProperty('demoProfile');
  });

  it('lets a column win over an attribute of the same meaning', () => {
    const a = mapAccount(accountRow({ adoption_pct: 40, attributes: { adoptionPct: 90, usageCurrentQuarter: 10, usagePreviousQuarter: 20 }, usage_trend_pct: 5 }));
    expect(a.signals).toMatchObject({ adoptionPct: 40, usagePreviousQuarter: 100, usageCurrentQuarter: 105 });
    const b = mapAccount(accountRow({ attributes: { adoptionPct: 90, usageCurrentQuarter: 10, usagePreviousQuarter: 20 } }));
    expect(b.signals).toMatchObject({ adoptionPct: 90, usagePreviousQuarter: 20, usageCurrentQuarter: 10 });
  });
});

describe('mapSegment', () => {
  it.each([
    ['Enterprise', 'enterprise'],
    ['Mid-Market', 'mid_market'],
    ['mid market', 'mid_market'],
    ['SMB', 'smb'],
    ['Public sector', null],
    [null, null],
  ])('maps %s to %s', (input, expected) => {
    expect(mapSegment(input)).toBe(expected);
  });
});

describe('npsAnswer', () => {
  it('takes 0–10 as the survey answer and rescales a −100…100 Net Promoter Score onto it', () => {
    expect(npsAnswer(0)).toBe(0);
    expect(npsAnswer(9)).toBe(9);
    expect(npsAnswer(10)).toBe(10);
    expect(npsAnswer(-100)).toBe(0);
    expect(npsAnswer(60)).toBe(8);
    expect(npsAnswer(100)).toBe(10);
    expect(npsAnswer(-20)).toBe(4);
  });

  it('is null for no value or an impossible one', () => {
    expect(npsAnswer(null)).toBeNull();
    expect(npsAnswer(140)).toBeNull();
    expect(npsAnswer(Number.NaN)).toBeNull();
  });
});

describe('signalsFromAttributes', () => {
  it('is empty for no attributes', () => {
    expect(signalsFromAttributes(null)).toEqual({});
    expect(signalsFromAttributes({})).toEqual({});
  });
});
