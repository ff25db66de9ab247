import { DEAL_REASON_ACTIONS, renderAction, type DealScores } from '@pillar/shared';
import { describe, expect, it } from 'vitest';
import { storedAccountScoreSchema, storedOpportunityScoreSchema } from '../../db/stored-scores';
import { buildAccountFeatures, buildOpportunityFeatures, EMPTY_BENCHMARKS, scoreAccount, scoreDeal, type OpportunityFeatureInput } from '../../engine';
import { AT_RISK, GOLDEN_ACCOUNTS, GOLDEN_NOW, HEALTHY, NEW_LOGO } from '../../engine/testing/golden-accounts';
import { accountCardDrivers } from '../card-drivers';
import { forecastCategoryFor } from '../forecast-category';
import { nearestOpenRenewal, toStoredAccountScore } from '../stored-account-score';
import { NO_RISK_DATA_DRIVER, nextActionOf, riskUnassessed, toStoredOpportunityScore } from '../stored-opportunity-score';

const NOW = GOLDEN_NOW;

function stored(input: (typeof GOLDEN_ACCOUNTS)[keyof typeof GOLDEN_ACCOUNTS]) {
  const health = scoreAccount(buildAccountFeatures(input, NOW, EMPTY_BENCHMARKS), NOW);
  return { health, score: toStoredAccountScore(health, { renewals: input.renewals, scoredAt: NOW }) };
}

function dealOf(input: typeof HEALTHY, index = 0): { scores: DealScores; input: OpportunityFeatureInput } {
  const opportunity = input.opportunities![index]!;
  const dealInput: OpportunityFeatureInput = {
    opportunity,
    account: input.account,
    contacts: input.contacts,
    stageHistory: input.stageHistory?.filter((h) => h.opportunityId === opportunity.id) ?? null,
    closeDateChanges: input.closeDateChanges,
    activities: input.activities?.filter((a) => a.opportunityId === opportunity.id) ?? null,
  };
  const { features, timeline } = buildOpportunityFeatures(dealInput, NOW, EMPTY_BENCHMARKS);
  return { scores: scoreDeal(features, timeline, NOW), input: dealInput };
}

describe('toStoredAccountScore', () => {
  it.each(Object.entries(GOLDEN_ACCOUNTS))('writes the %s golden account in the shape the API reads', (_name, input) => {
    const { health, score } = stored(input);
    expect(score).not.toBeNull();
    expect(storedAccountScoreSchema.safeParse(score).success).toBe(true);
    expect(score!.healthScore).toBe(health.score);
    expect(score!.profileVersion).toBe(health.profileVersion);
    expect(Object.keys(score!.categoryScores).sort()).toEqual(Object.keys(score!.detail.categoryWeights).sort());
    expect(Object.values(score!.detail.categoryWeights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('keeps drivers that add up to the score, sorted by |contribution|, with rendered reasons', () => {
    const { score } = stored(HEALTHY);
    const drivers = score!.drivers;
    expect(Math.abs(drivers.reduce((s, d) => s + d.contribution, 0) - score!.healthScore)).toBeLessThanOrEqual(1);
    for (let i = 1; i < drivers.length; i++) expect(Math.abs(drivers[i - 1]!.contribution)).toBeGreaterThanOrEqual(Math.abs(drivers[i]!.contribution));
    for (const d of drivers) {
      expect(d.reason).not.toMatch(/[{}]/);
      expect(d.reasonCode).toMatch(/^[A-Z0-9_]+$/);
      expect(d.name).not.toBe(d.id);
    }
  });

  it('carries the renewal with its date, ARR and variables when the engine scores one', () => {
    const { score } = stored(AT_RISK);
    expect(score!.renewalRisk).not.toBeNull();
    expect(score!.detail.renewal).toMatchObject({ renewalDate: '2026-11-26', daysToRenewal: 25, arr: 240_000 });
    expect(score!.detail.renewal!.variables.length).toBeGreaterThan(0);
    expect(score!.detail.renewal!.variables.every((v) => v.id.startsWith('REN-') && v.category === 'renewal')).toBe(true);
    const { score: noRenewal } = stored(NEW_LOGO);
    expect(noRenewal).toMatchObject({ renewalRisk: null, renewalBand: null, detail: { renewal: null } });
  });

  it('is null when no rule could score the account', () => {
    const empty = { ...HEALTHY, account: { ...HEALTHY.account, arr: null, segment: null, tier: null, employees: null, annualRevenue: null, industry: null, signals: null }, contacts: null, opportunities: null, stageHistory: null, closeDateChanges: null, activities: null, renewals: null, leads: null, priorHealth: null };
    const { health, score } = stored(empty);
    expect(health.score).toBeNull();
    expect(score).toBeNull();
  });

  it('stores a non-finite evidence value as null', () => {
    const [driver] = accountCardDrivers([{ ruleId: 'ENG-002', category: 'engagement', contribution: 0, score: 0, weight: 0.01, reason: { code: 'ACTIVITY_NONE_RECORDED', params: {} }, evidence: { daysSinceLastActivity: Number.POSITIVE_INFINITY } }]);
    expect(driver!.evidence).toEqual({ daysSinceLastActivity: null });
    expect(driver!.name).toBe('Activity recency');
    expect(driver!.reason).toBe('No activity recorded');
  });
});

describe('nearestOpenRenewal', () => {
  it('picks the open renewal with the earliest date', () => {
    const base = { accountId: 'a', arr: 1, contractSentAt: null, signedAt: null };
    const r = nearestOpenRenewal([
      { ...base, id: 'late', renewalDate: new Date('2027-01-01'), status: 'open' },
      { ...base, id: 'done', renewalDate: new Date('2026-01-01'), status: 'renewed' },
      { ...base, id: 'soon', renewalDate: new Date('2026-12-01'), status: 'open' },
      { ...base, id: 'undated', renewalDate: null, status: 'open' },
    ]);
    expect(r?.id).toBe('soon');
    expect(nearestOpenRenewal(null)).toBeNull();
  });
});

describe('toStoredOpportunityScore', () => {
  it('writes a deal in the shape the API reads, with win probability as a fraction', () => {
    const { scores, input } = dealOf(HEALTHY);
    const s = toStoredOpportunityScore(scores, input.opportunity, NOW);
    expect(storedOpportunityScoreSchema.safeParse(s).success).toBe(true);
    expect(s.winProbability).toBeCloseTo(scores.winProbability.score / 100, 6);
    expect(s.dealRisk).toBe(scores.risk.score);
    expect(s.drivers.every((d) => d.id.startsWith('DR-'))).toBe(true);
    expect(s.detail.hygieneGaps.every((d) => (d.score ?? 0) > 0)).toBe(true);
    expect(s.winProbabilitySource).toBe('prior');
    expect(s.detail.winNote).toMatch(/Rule-based/);
  });

  it('takes the next action from the one reason → action table, with the risk band as priority', () => {
    const { scores, input } = dealOf(NEW_LOGO);
    const action = nextActionOf(scores);
    const fromTable = [scores.risk, scores.hygiene, scores.confidence, scores.winProbability]
      .map((s) => (s.primaryReason === null ? null : DEAL_REASON_ACTIONS[s.primaryReason.code as keyof typeof DEAL_REASON_ACTIONS]))
      .find((code) => code !== null && code !== undefined);
    expect(fromTable).toBeDefined();
    expect(action).not.toBeNull();
    expect(action!.code).toBe(fromTable);
    expect(action!.text).toBe(renderAction(action!.code as Parameters<typeof renderAction>[0]));
    expect(action!.priority).toBe(scores.risk.band === 'HIGH' ? 'high' : scores.risk.band === 'MEDIUM' ? 'medium' : 'low');
    expect(storedOpportunityScoreSchema.safeParse(toStoredOpportunityScore(scores, input.opportunity, NOW)).success).toBe(true);
  });
});

describe('a deal with no data for deal risk', () => {
  it('is stored with a driver saying its risk was not assessed, never a silent Low', () => {
    const opportunity = { ...NEW_LOGO.opportunities![0]!, closeDate: null, pushCount: null, competitors: null, contacts: null };
    const { features, timeline } = buildOpportunityFeatures({ opportunity, account: null, contacts: null, stageHistory: null, closeDateChanges: null, activities: null }, NOW, EMPTY_BENCHMARKS);
    const scores = scoreDeal(features, timeline, NOW);
    expect(riskUnassessed(scores)).toBe(true);
    const s = toStoredOpportunityScore(scores, opportunity, NOW);
    expect(s.drivers).toEqual([NO_RISK_DATA_DRIVER]);
    expect(storedOpportunityScoreSchema.safeParse(s).success).toBe(true);
    expect(riskUnassessed(dealOf(HEALTHY).scores)).toBe(false);
  });
});

describe('forecastCategoryFor', () => {
  const deal = (o: Partial<Parameters<typeof forecastCategoryFor>[0]>) => forecastCategoryFor({ isClosed: false, isWon: false, forecastCategory: null, stage: 'Discovery', ...o });
  it('is WON for won deals and PROJECTION for lost ones, whatever the CRM says', () => {
    expect(deal({ isClosed: true, isWon: true, forecastCategory: 'pipeline' })).toBe('WON');
    expect(deal({ isClosed: true, isWon: false, forecastCategory: 'commit' })).toBe('PROJECTION');
  });

  it("keeps an open deal's CRM category (a closed category reads as COMMIT)", () => {
    expect(deal({ forecastCategory: 'commit' })).toBe('COMMIT');
    expect(deal({ forecastCategory: 'best_case' })).toBe('PROBABLE');
    expect(deal({ forecastCategory: 'pipeline' })).toBe('UPSIDE');
    expect(deal({ forecastCategory: 'omitted' })).toBe('PROJECTION');
    expect(deal({ forecastCategory: 'closed' })).toBe('COMMIT');
  });

  it('follows the stage when the CRM gives no category', () => {
    expect(['Prospecting', 'Qualification', 'Demo', 'Proposal', 'Negotiation'].map((stage) => deal({ stage }))).toEqual(['PROJECTION', 'UPSIDE', 'UPSIDE', 'PROBABLE', 'COMMIT']);
  });
});
