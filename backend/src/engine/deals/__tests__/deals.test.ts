import { DEAL_REASON_ACTIONS, renderAction, renderReason, type DealReasonCode } from '@pillar/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTenantBenchmarks, EMPTY_BENCHMARKS, highValueThreshold } from '../../features/benchmarks';
import { buildOpportunityFeatures } from '../../features/build-opportunity-features';
import type { OpportunityFeatureInput, OpportunityInput } from '../../features/inputs';
import { DEFAULT_PROFILE } from '../../profile/compile-profile';
import { generateDealTimeline } from '../../testing/generate-deals';
import { rng } from '../../testing/generate-features';
import { naiveReplay } from '../../testing/naive-deal-risk';
import { replayDealRisk } from '../deal-risk-model';
import { scoreDealRisk } from '../deal-risk';
import { scoreDeal } from '../score-deal';
import { activityEvent, type DealTimeline } from '../timeline';

const NOW = new Date('2026-11-01T12:00:00Z');
const DAY = 86_400_000;
const opts = { thresholds: DEFAULT_PROFILE.thresholds.dealRisk, profileVersion: 1 };
const seeds = fc.integer({ min: 1, max: 50_000_000 });

describe('deal risk onset', () => {
  it('equals the O(E²) reference: same risk now and the same episode start (to the hour)', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 0, max: 60 }), (seed, n) => {
        const tl = generateDealTimeline(rng(seed), 'd', n, NOW.getTime());
        const fast = replayDealRisk(tl, NOW.getTime(), 60);
        const ref = naiveReplay(tl, NOW.getTime(), 60);
        expect(fast.riskNow).toBeCloseTo(ref.riskNow, 9);
        expect(Number.isNaN(fast.onset)).toBe(Number.isNaN(ref.onset));
        if (!Number.isNaN(ref.onset)) expect(Math.abs(fast.onset - ref.onset)).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 500 },
    );
  });

  it('dates the onset when silence pushed the risk over the threshold, not at the last event', () => {
    const created = NOW.getTime() - 60 * DAY;
    const tl: DealTimeline = {
      opportunityId: 'silent', isClosed: false, createdAt: created, initialStageMedianDays: Number.NaN, initialEarly: false, initialCloseDate: Number.NaN,
      competitorCount: 0, basePushes: 0, activitiesKnown: true, championKnown: null, competitionKnown: false, pushesKnown: false, stage: 'Proposal',
      events: [activityEvent(created + DAY, 3, false, false)],
    };
    const r = replayDealRisk(tl, NOW.getTime(), 60);
    expect(r.riskNow).toBeGreaterThan(60);
    // 100·e^(−E/3) ≥ 60 once E = 3·2^(−t/14 d) ≤ 3·ln(1/0.6) ⇒ about 13.7 days after the meeting.
    const daysAfter = (r.onset - (created + DAY)) / DAY;
    expect(daysAfter).toBeGreaterThan(13);
    expect(daysAfter).toBeLessThan(14.5);
  });

  it('gives a closed deal no risk and no onset', () => {
    const tl = { ...generateDealTimeline(rng(1), 'c', 5, NOW.getTime()), isClosed: true };
    const r = scoreDealRisk(tl, { isHighValue: true, highValueThreshold: 1 }, NOW, opts);
    expect(r.score).toBe(0);
    expect(r.atRiskSince).toBeNull();
    expect(r.nextAction).toBeNull();
  });
});

describe('deal risk result', () => {
  it('stays within 0–100 with drivers adding up to the score and an onset only when high', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 0, max: 40 }), (seed, n) => {
        const tl = generateDealTimeline(rng(seed), 'd', n, NOW.getTime());
        const r = scoreDealRisk(tl, { isHighValue: false, highValueThreshold: null }, NOW, opts);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(Math.abs(r.drivers.reduce((a, d) => a + d.contribution, 0) - r.score)).toBeLessThan(0.005);
        expect(r.atRiskSince !== null).toBe(r.band === 'HIGH');
        if (r.atRiskSince !== null) expect(r.atRiskSince).toBeLessThanOrEqual(NOW.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('recommends exactly the action the one table gives for the primary (largest) driver', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: 0, max: 40 }), (seed, n) => {
        const tl = generateDealTimeline(rng(seed), 'd', n, NOW.getTime());
        const r = scoreDealRisk(tl, { isHighValue: false, highValueThreshold: null }, NOW, opts);
        const top = [...r.drivers].sort((a, b) => b.contribution - a.contribution)[0];
        if (r.primaryReason === null) {
          expect(r.nextAction).toBeNull();
          return;
        }
        expect(r.primaryReason.code).toBe(r.drivers.find((d) => d.reason === r.primaryReason)?.reason.code);
        expect(top?.contribution).toBeGreaterThan(0);
        expect(r.nextAction).toBe(DEAL_REASON_ACTIONS[r.primaryReason.code as DealReasonCode]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reason → action table', () => {
  it('renders every action and leaves "good news" reasons without one', () => {
    for (const [code, action] of Object.entries(DEAL_REASON_ACTIONS)) {
      if (action !== null) expect(renderAction(action).length).toBeGreaterThan(10);
      if (code.endsWith('_OK') || code.endsWith('_STABLE') || code.endsWith('_ACTIVE') || code.endsWith('_PRESENT') || code.endsWith('_SET')) expect(action, code).toBeNull();
    }
  });

  it('gives the silent-deal reason the follow-up action (the Sentinel inactivity bug cannot recur)', () => {
    const created = NOW.getTime() - 40 * DAY;
    const tl: DealTimeline = {
      opportunityId: 'quiet', isClosed: false, createdAt: created, initialStageMedianDays: Number.NaN, initialEarly: false, initialCloseDate: Number.NaN,
      competitorCount: 0, basePushes: 0, activitiesKnown: true, championKnown: null, competitionKnown: false, pushesKnown: false, stage: 'Proposal',
      events: [activityEvent(created + DAY, 0.5, false, false)],
    };
    const r = scoreDealRisk(tl, { isHighValue: false, highValueThreshold: null }, NOW, opts);
    expect(r.primaryReason?.code).toBe('DEAL_ENGAGEMENT_LOW');
    expect(r.nextAction).toBe('SEND_FOLLOW_UP');
    expect(renderReason(r.primaryReason!)).toBe('Engagement has faded; last touch 39 days ago');
  });
});

function opp(over: Partial<OpportunityInput>): OpportunityInput {
  return {
    id: 'o1', accountId: 'a1', name: 'Deal', ownerId: 'u1', stage: 'Discovery', stageOrder: null, isClosed: false, isWon: false, amount: 20_000,
    probability: 20, forecastCategory: 'pipeline', closeDate: new Date(NOW.getTime() + 30 * DAY), createdAt: new Date(NOW.getTime() - 10 * DAY),
    closedAt: null, nextStep: null, pushCount: 0, competitors: [], discountPct: null, contacts: [], ...over,
  };
}

describe('high value bar', () => {
  it('comes from the tenant own deal sizes, so a $6K deal is not "high value" in a tenant of $20K deals', () => {
    const history = Array.from({ length: 200 }, (_, i) => opp({ id: `h${i}`, amount: 5_000 + (i % 40) * 1_000, isClosed: i % 2 === 0, isWon: i % 4 === 0 }));
    const bench = computeTenantBenchmarks({ opportunities: history, stageHistory: [], accountArr: [] });
    const bar = highValueThreshold(bench, 0.75)!;
    expect(bar).toBeGreaterThan(5_000);
    const input: OpportunityFeatureInput = { opportunity: opp({ amount: 6_000 }), account: null, contacts: [], stageHistory: [], closeDateChanges: [], activities: [] };
    expect(buildOpportunityFeatures(input, NOW, bench).features.isHighValue).toBe(false);
    const big: OpportunityFeatureInput = { ...input, opportunity: opp({ amount: bar + 1 }) };
    expect(buildOpportunityFeatures(big, NOW, bench).features.isHighValue).toBe(true);
    // Sentinel's fixed $5,000 would have flagged nearly every deal of this tenant.
    expect(history.filter((o) => (o.amount ?? 0) > 5_000).length / history.length).toBeGreaterThan(0.9);
    expect(history.filter((o) => (o.amount ?? 0) >= bar).length / history.length).toBeLessThan(0.3);
  });

  it('is unknown when the tenant has too few deals to say', () => {
    const input: OpportunityFeatureInput = { opportunity: opp({}), account: null, contacts: [], stageHistory: [], closeDateChanges: [], activities: [] };
    expect(buildOpportunityFeatures(input, NOW, EMPTY_BENCHMARKS).features.isHighValue).toBeNull();
  });
});

describe('hygiene, confidence and win prior', () => {
  it('scores a dirty deal as dirty and names the missing next step first', () => {
    const input: OpportunityFeatureInput = {
      opportunity: opp({ nextStep: null, pushCount: 3, contacts: [{ contactId: 'c1', role: 'influencer' }] }),
      account: null,
      contacts: [],
      stageHistory: [{ opportunityId: 'o1', stage: 'Discovery', stageOrder: 0, enteredAt: new Date(NOW.getTime() - 10 * DAY) }],
      closeDateChanges: null,
      activities: [],
    };
    const { features, timeline } = buildOpportunityFeatures(input, NOW, EMPTY_BENCHMARKS);
    const s = scoreDeal(features, timeline, NOW);
    expect(s.hygiene.score).toBe(100);
    expect(s.hygiene.band).toBe('POOR');
    expect(['HYG_NEXT_STEP_MISSING', 'DEAL_CLOSE_DATE_PUSHED']).toContain(s.hygiene.primaryReason?.code);
    expect(s.hygiene.nextAction).toBe(DEAL_REASON_ACTIONS[s.hygiene.primaryReason!.code as DealReasonCode]);
    expect(s.confidence.score).toBeLessThan(40);
    expect(s.winProbability.method).toBe('prior');
    expect(Math.abs(s.winProbability.drivers.reduce((a, d) => a + d.contribution, 0) - s.winProbability.score)).toBeLessThan(0.005);
  });

  it('gives a clean, engaged late-stage deal a clean hygiene score', () => {
    const input: OpportunityFeatureInput = {
      opportunity: opp({ stage: 'Negotiation', nextStep: 'Legal review Tuesday', pushCount: 0, contacts: [{ contactId: 'c1', role: 'champion' }, { contactId: 'c2', role: 'economic_buyer' }, { contactId: 'c3', role: 'technical_buyer' }] }),
      account: null,
      contacts: [],
      stageHistory: null,
      closeDateChanges: null,
      activities: [{ id: 'a1', accountId: 'a1', opportunityId: 'o1', contactId: 'c2', type: 'meeting', direction: 'outbound', occurredAt: new Date(NOW.getTime() - 2 * DAY), subject: null }],
    };
    const { features, timeline } = buildOpportunityFeatures(input, NOW, EMPTY_BENCHMARKS);
    const s = scoreDeal(features, timeline, NOW);
    expect(s.hygiene.score).toBe(0);
    expect(s.hygiene.nextAction).toBeNull();
    expect(features.execEngaged30d).toBe(true);
  });
});
