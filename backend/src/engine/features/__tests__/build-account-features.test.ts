import { describe, expect, it } from 'vitest';
import { EMPTY_BENCHMARKS } from '../benchmarks';
import { buildAccountFeatures } from '../build-account-features';
import { GOLDEN_ACCOUNTS, GOLDEN_NOW } from '../../testing/golden-accounts';

describe('buildAccountFeatures', () => {
  it('keeps unsynced sources unknown (null), never 0', () => {
    const f = buildAccountFeatures(GOLDEN_ACCOUNTS.sparse, GOLDEN_NOW, EMPTY_BENCHMARKS);
    expect(f.activity30d).toBeNull();
    expect(f.daysSinceLastActivity).toBeNull();
    expect(f.roles).toBeNull();
    expect(f.contactsLeft180d).toBeNull();
    expect(f.daysToRenewal).toBeNull();
    expect(f.usageTrendPct).toBeNull();
    expect(f.openDealCount).toBe(1);
  });

  it('marks a synced but never-happened event as Infinity', () => {
    const f = buildAccountFeatures({ ...GOLDEN_ACCOUNTS.newLogo, activities: [] }, GOLDEN_NOW, EMPTY_BENCHMARKS);
    expect(f.daysSinceLastActivity).toBe(Number.POSITIVE_INFINITY);
    expect(f.activity30d?.total).toBe(0);
    expect(f.activityTrendPct).toBeNull();
  });

  it('counts activities by window, type and direction in one pass', () => {
    const f = buildAccountFeatures(GOLDEN_ACCOUNTS.healthy, GOLDEN_NOW, EMPTY_BENCHMARKS);
    expect(f.activity7d?.total).toBe(3);
    expect(f.activity30d?.total).toBe(7);
    expect(f.activity90d?.total).toBe(10);
    expect(f.activity30d?.meeting).toBe(2);
    expect(f.activity30d?.inbound).toBe(3);
    expect(f.daysSinceLastActivity).toBeCloseTo(1, 6);
    expect(f.roles?.champion.daysSinceLastEngagement).toBeCloseTo(1, 6);
    expect(f.execTouches90d).toBe(2);
  });

  it('derives renewal, turnover and trend from the rows', () => {
    const f = buildAccountFeatures(GOLDEN_ACCOUNTS.atRisk, GOLDEN_NOW, EMPTY_BENCHMARKS);
    expect(f.daysToRenewal).toBeCloseTo(25, 6);
    expect(f.contractingStatus).toBe('not_started');
    expect(f.contractingLagDays).toBeCloseTo(65, 6);
    expect(f.championLeft180d).toBe(true);
    expect(f.contactsLeft180d).toBe(1);
    expect(f.activityTrendPct).toBe(-100);
    expect(f.engagementDecayPct).toBe(100);
    expect(f.usageTrendPct).toBeCloseTo(-44.44, 1);
    expect(f.health7dAgo).toBe(41);
    expect(f.health30dAgo).toBe(52);
  });

  it('ignores activities scheduled after now', () => {
    const future = { id: 'f', accountId: 'golden-new-logo', opportunityId: null, contactId: null, type: 'meeting' as const, direction: 'outbound' as const, occurredAt: new Date(GOLDEN_NOW.getTime() + 86_400_000), subject: null };
    const f = buildAccountFeatures({ ...GOLDEN_ACCOUNTS.newLogo, activities: [future] }, GOLDEN_NOW, EMPTY_BENCHMARKS);
    expect(f.daysSinceLastActivity).toBe(Number.POSITIVE_INFINITY);
  });
});
