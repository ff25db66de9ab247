import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNAL_THRESHOLDS as T, type SignalThresholds } from '../thresholds';
import type { RuleOutcome, SignalRule } from '../types';
import * as renewal from '../rules/renewal';
import * as pipeline from '../rules/pipeline';
import * as expansion from '../rules/expansion';
import * as account from '../rules/account';
import * as coverage from '../rules/coverage';
import * as workflow from '../rules/workflow';
import * as economics from '../rules/economics';
import { accountInput, opportunityInput, roles } from '../testing/inputs';

const NOW = new Date('2026-11-02T09:00:00Z');
type Expect = 'clear' | 'n/a' | `${'CRITICAL' | 'WARNING' | 'INFO'}${'' | `:${string}`}`;

function summary(outcome: RuleOutcome): string {
  if (outcome.status === 'fired') return `${outcome.severity}:${outcome.type}`;
  return outcome.status === 'clear' ? 'clear' : 'n/a';
}

/** Runs a rule over a table of inputs; an expectation `WARNING` matches any type, `WARNING:type` the type too. */
function table<I>(rule: SignalRule<I>, rows: [string, I, Expect][], thresholds: SignalThresholds = T) {
  describe(`${rule.id} ${rule.key}`, () => {
    it.each(rows)('%s → %s', (_label, input, expected) => {
      const got = summary(rule.evaluate(input, thresholds, NOW));
      if (expected.includes(':') || expected === 'clear' || expected === 'n/a') expect(got).toBe(expected);
      else expect(got.split(':')[0]).toBe(expected);
    });
    it('names its rule id, thresholds and evidence whenever it fires', () => {
      for (const [, input] of rows) {
        const outcome = rule.evaluate(input, thresholds, NOW);
        if (outcome.status !== 'fired') continue;
        expect(rule.types).toContain(outcome.type);
        expect(Object.keys(outcome.threshold).length).toBeGreaterThan(0);
        expect(Object.keys(outcome.evidence).length).toBeGreaterThan(0);
        expect(outcome.title.length).toBeGreaterThan(0);
        expect(rule.recommendedAction[outcome.type]).toBeTruthy();
      }
    });
  });
}

const acc = accountInput;
const opp = opportunityInput;
const live = { arr: 50_000 };

describe('RENEWAL', () => {
  table(renewal.renewalRisk, [
    ['risk unknown', acc(), 'n/a'],
    ['risk 29.9', acc({ renewalRisk: 29.9 }), 'clear'],
    ['risk 30 (info threshold)', acc({ renewalRisk: 30 }), 'INFO:renewal_risk_watch'],
    ['risk 49.9', acc({ renewalRisk: 49.9 }), 'INFO:renewal_risk_watch'],
    ['risk 50 (warning threshold)', acc({ renewalRisk: 50 }), 'WARNING:renewal_risk_warning'],
    ['risk 84.9', acc({ renewalRisk: 84.9 }), 'WARNING:renewal_risk_warning'],
    ['risk 85 (critical threshold)', acc({ renewalRisk: 85 }), 'CRITICAL:renewal_risk_critical'],
    ['risk 100', acc({ renewalRisk: 100 }), 'CRITICAL:renewal_risk_critical'],
  ]);
  table(renewal.engagementDecay, [
    ['unknown', acc(), 'n/a'],
    ['49', acc({ features: { engagementDecayPct: 49 } }), 'clear'],
    ['50', acc({ features: { engagementDecayPct: 50 } }), 'WARNING'],
    ['79', acc({ features: { engagementDecayPct: 79 } }), 'WARNING'],
    ['80', acc({ features: { engagementDecayPct: 80 } }), 'CRITICAL'],
  ]);
  table(renewal.stakeholderTurnover, [
    ['no renewal', acc({ features: { contactsLeft180d: 2 } }), 'n/a'],
    ['0 left', acc({ features: { contactsLeft180d: 0, daysToRenewal: 100 } }), 'clear'],
    ['1 left', acc({ features: { contactsLeft180d: 1, daysToRenewal: 100 } }), 'WARNING'],
    ['2 left', acc({ features: { contactsLeft180d: 2, daysToRenewal: 100 } }), 'WARNING'],
    ['3 left', acc({ features: { contactsLeft180d: 3, daysToRenewal: 100 } }), 'CRITICAL'],
  ]);
  table(renewal.execSponsorGap, [
    ['no role data', acc({ renewalRisk: 70 }), 'n/a'],
    ['risk 49.9 without sponsor', acc({ renewalRisk: 49.9, features: { roles: roles({}) } }), 'clear'],
    ['risk 50 without sponsor', acc({ renewalRisk: 50, features: { roles: roles({}) } }), 'WARNING:exec_sponsor_gap'],
    ['risk 90 with a sponsor', acc({ renewalRisk: 90, features: { roles: roles({ exec_sponsor: 1 }) } }), 'clear'],
  ]);
  table(renewal.execSponsorGap, [['switched off by the tenant', acc({ renewalRisk: 90, features: { roles: roles({}) } }), 'n/a']], { ...T, exec_sponsor_gap_enabled: false });
  table(renewal.contractingStall, [
    ['unknown', acc(), 'n/a'],
    ['89 days', acc({ features: { contractingLagDays: 89 } }), 'clear'],
    ['90 days', acc({ features: { contractingLagDays: 90 } }), 'WARNING:contracting_stall'],
  ]);
  table(renewal.npsDecline, [
    ['unknown', acc(), 'n/a'],
    ['6, no previous survey', acc({ features: { npsScore: 6 } }), 'clear'],
    ['5 (threshold)', acc({ features: { npsScore: 5 } }), 'WARNING'],
    ['9 → 8 (1 point)', acc({ features: { npsScore: 8, npsPreviousScore: 9 } }), 'clear'],
    ['9 → 7 (2 points)', acc({ features: { npsScore: 7, npsPreviousScore: 9 } }), 'WARNING'],
  ]);
  table(renewal.supportBurden, [
    ['39.9%', acc({ features: { supportEscalationPct: 39.9 } }), 'clear'],
    ['40%', acc({ features: { supportEscalationPct: 40 } }), 'WARNING'],
    ['70%', acc({ features: { supportEscalationPct: 70 } }), 'CRITICAL'],
  ]);
  table(renewal.budgetShift, [
    ['-5% (not more than 5)', acc({ features: { budgetTrendPct: -5 } }), 'clear'],
    ['-5.1%', acc({ features: { budgetTrendPct: -5.1 } }), 'WARNING'],
    ['-10%', acc({ features: { budgetTrendPct: -10 } }), 'WARNING'],
    ['-10.1%', acc({ features: { budgetTrendPct: -10.1 } }), 'CRITICAL'],
    ['+20%', acc({ features: { budgetTrendPct: 20 } }), 'clear'],
  ]);
});

describe('PIPELINE', () => {
  table(pipeline.pipelineHygiene, [
    ['not scored', opp(), 'n/a'],
    ['49', opp({ hygiene: 49 }), 'clear'],
    ['50', opp({ hygiene: 50 }), 'WARNING:pipeline_hygiene_warning'],
    ['69.9', opp({ hygiene: 69.9 }), 'WARNING:pipeline_hygiene_warning'],
    ['70', opp({ hygiene: 70 }), 'CRITICAL:pipeline_hygiene_critical'],
    ['closed deal', opp({ hygiene: 95, features: { isClosed: true } }), 'clear'],
  ]);
  table(pipeline.forecastRisk, [
    ['commit, confidence 39', opp({ confidence: 39, features: { forecastCategory: 'commit' } }), 'WARNING'],
    ['commit, confidence 40', opp({ confidence: 40, features: { forecastCategory: 'commit' } }), 'clear'],
    ['pipeline, confidence 10', opp({ confidence: 10, features: { forecastCategory: 'pipeline' } }), 'clear'],
    ['best case, confidence 20', opp({ confidence: 20, features: { forecastCategory: 'best_case' } }), 'WARNING'],
  ]);
  table(pipeline.commitNoBuyer, [
    ['contacts unknown', opp({ features: { forecastCategory: 'commit', hasEconomicBuyer: false } }), 'n/a'],
    ['commit, no EB, 1 contact', opp({ features: { forecastCategory: 'commit', hasEconomicBuyer: false, contactCount: 1 } }), 'WARNING:forecast_commit_no_buyer'],
    ['commit, no EB, 2 contacts', opp({ features: { forecastCategory: 'commit', hasEconomicBuyer: false, contactCount: 2 } }), 'clear'],
    ['commit, EB, 1 contact', opp({ features: { forecastCategory: 'commit', hasEconomicBuyer: true, contactCount: 1 } }), 'clear'],
    ['best case, no EB, 0 contacts', opp({ features: { forecastCategory: 'best_case', hasEconomicBuyer: false, contactCount: 0 } }), 'clear'],
  ]);
  table(pipeline.commitNoActivity, [
    ['13.9 days', opp({ features: { forecastCategory: 'commit', daysSinceLastActivity: 13.9 } }), 'clear'],
    ['14 days', opp({ features: { forecastCategory: 'commit', daysSinceLastActivity: 14 } }), 'WARNING:forecast_no_activity'],
    ['never', opp({ features: { forecastCategory: 'commit', daysSinceLastActivity: Infinity } }), 'WARNING:forecast_no_activity'],
    ['pipeline, 60 days', opp({ features: { forecastCategory: 'pipeline', daysSinceLastActivity: 60 } }), 'clear'],
  ]);
  table(pipeline.closeDatePushed, [
    ['1 push', opp({ features: { closeDatePushes: 1 } }), 'clear'],
    ['2 pushes', opp({ features: { closeDatePushes: 2 } }), 'WARNING'],
    ['3 pushes', opp({ features: { closeDatePushes: 3 } }), 'CRITICAL'],
  ]);
  table(pipeline.stageStagnation, [
    ['29.9 days', opp({ features: { daysInStage: 29.9 } }), 'clear'],
    ['30 days', opp({ features: { daysInStage: 30 } }), 'WARNING:stage_stagnation'],
  ]);
  table(pipeline.dealRiskHigh, [
    ['59', opp({ dealRisk: 59 }), 'clear'],
    ['60', opp({ dealRisk: 60 }), 'WARNING'],
    ['80', opp({ dealRisk: 80 }), 'CRITICAL'],
  ]);
  table(pipeline.handoffIncomplete, [
    ['early stage', opp({ features: { isLateStage: false, contactCount: 0, hasEconomicBuyer: false } }), 'clear'],
    ['late, complete', opp({ features: { isLateStage: true, contactCount: 3, hasEconomicBuyer: true, hasNextStep: true } }), 'clear'],
    ['late, 2 contacts', opp({ features: { isLateStage: true, contactCount: 2, hasEconomicBuyer: true, hasNextStep: true } }), 'WARNING'],
    ['late, 2 contacts and no EB', opp({ features: { isLateStage: true, contactCount: 2, hasEconomicBuyer: false, hasNextStep: true } }), 'CRITICAL'],
  ]);
  table(pipeline.competitiveWindow, [
    ['60 days', acc({ features: { competitorContractEndsInDays: 60 } }), 'clear'],
    ['59 days', acc({ features: { competitorContractEndsInDays: 59 } }), 'CRITICAL:competitive_displacement_window'],
    ['ended', acc({ features: { competitorContractEndsInDays: -1 } }), 'clear'],
  ]);
  table(pipeline.rfpActive, [
    ['unknown', acc(), 'n/a'],
    ['none', acc({ features: { rfpActive: false } }), 'clear'],
    ['active', acc({ features: { rfpActive: true } }), 'CRITICAL:rfp_active'],
  ]);
  const owner = (openPipeline: number, target: number | null) => ({ ownerId: 'u1', name: 'Rep', openPipeline, target, accountCount: 10, tenantMedianAccountCount: 10 });
  table(pipeline.repCoverageGap, [
    ['no target', owner(100, null), 'n/a'],
    ['3.0×', owner(300, 100), 'clear'],
    ['2.99×', owner(299, 100), 'WARNING'],
    ['2.0×', owner(200, 100), 'WARNING'],
    ['1.99×', owner(199, 100), 'CRITICAL'],
  ]);
});

describe('EXPANSION', () => {
  table(expansion.expansionReady, [
    ['69.9', acc({ expansionPropensity: 69.9 }), 'clear'],
    ['70', acc({ expansionPropensity: 70 }), 'INFO:expansion_ready'],
  ]);
  table(expansion.whitespaceOpportunity, [
    ['healthy, 50% whitespace', acc({ health: { score: 70, delta7d: null, delta30d: null }, features: { whitespacePct: 50 } }), 'INFO'],
    ['health 69', acc({ health: { score: 69, delta7d: null, delta30d: null }, features: { whitespacePct: 80 } }), 'clear'],
    ['49% whitespace', acc({ health: { score: 90, delta7d: null, delta30d: null }, features: { whitespacePct: 49 } }), 'clear'],
  ]);
  table(expansion.usageThresholdMet, [
    ['79', acc({ features: { adoptionPct: 79 } }), 'clear'],
    ['80', acc({ features: { adoptionPct: 80 } }), 'INFO'],
  ]);
  table(expansion.crossSellSignal, [
    ['adoption 49', acc({ features: { adoptionPct: 49, whitespacePct: 30 } }), 'clear'],
    ['adoption 50, whitespace', acc({ features: { adoptionPct: 50, whitespacePct: 30 } }), 'INFO'],
    ['with 2 cross-sell signals', acc({ features: { adoptionPct: 50, whitespacePct: 30, crossSellSignals: 2 } }), 'WARNING'],
    ['no whitespace', acc({ features: { adoptionPct: 90, whitespacePct: 0 } }), 'clear'],
  ]);
  table(expansion.grantFundingAvailable, [
    ['open', acc({ features: { grantWindowOpen: true, grantWindowClosesInDays: 40 } }), 'WARNING'],
    ['closed', acc({ features: { grantWindowOpen: false } }), 'clear'],
  ]);
  table(expansion.lowAdoptionRisk, [
    ['29', acc({ features: { adoptionPct: 29 } }), 'WARNING'],
    ['30', acc({ features: { adoptionPct: 30 } }), 'clear'],
  ]);
});

describe('ACCOUNT', () => {
  table(account.stakeholderDeparture, [
    ['champion left', acc({ features: { championLeft180d: true } }), 'CRITICAL'],
    ['champion stayed', acc({ features: { championLeft180d: false } }), 'clear'],
  ]);
  table(account.meetingGap, [
    ['prospect without deals', acc({ features: { daysSince: daysSince(90) } }), 'clear'],
    ['customer, 44 days', acc({ ...live, features: { daysSince: daysSince(44) } }), 'clear'],
    ['customer, 45 days', acc({ ...live, features: { daysSince: daysSince(45) } }), 'WARNING'],
  ]);
  table(account.contactDisengagement, [
    ['29', acc({ ...live, features: { avgContactEngagement: 29 } }), 'WARNING'],
    ['30', acc({ ...live, features: { avgContactEngagement: 30 } }), 'clear'],
  ]);
  table(account.staleContacts, [
    ['no stale contact', acc({ ...live, contactEngagementAges: [10, 119] }), 'clear'],
    ['one of two at 120 days', acc({ ...live, contactEngagementAges: [10, 120] }), 'WARNING:stale_contact_data'],
    ['all stale (one never engaged)', acc({ ...live, contactEngagementAges: [150, Infinity] }), 'CRITICAL:no_active_stakeholder'],
    ['share from the feature', acc({ ...live, features: { staleContactShare: 0.5 } }), 'WARNING:stale_contact_data'],
  ]);
  table(account.staleContacts, [
    ['tenant threshold 60 days from the ages', acc({ ...live, contactEngagementAges: [61, 70] }), 'CRITICAL:no_active_stakeholder'],
    ['tenant threshold without ages', acc({ ...live, features: { staleContactShare: 0.5 } }), 'n/a'],
  ], { ...T, stale_contact_days: 60 });
  table(account.noActiveChampion, [
    ['no champion', acc({ ...live, features: { roles: roles({ economic_buyer: 1 }) } }), 'WARNING'],
    ['a champion', acc({ ...live, features: { roles: roles({ champion: 1 }) } }), 'clear'],
  ]);
  table(account.noActiveExecutiveBuyer, [
    ['neither', acc({ ...live, features: { roles: roles({ champion: 2 }) } }), 'WARNING'],
    ['a sponsor', acc({ ...live, features: { roles: roles({ exec_sponsor: 1 }) } }), 'clear'],
  ]);
  table(account.competitorContractExpiring, [
    ['59 days (pipeline rule territory)', acc({ features: { competitorContractEndsInDays: 59 } }), 'clear'],
    ['60 days', acc({ features: { competitorContractEndsInDays: 60 } }), 'INFO'],
    ['180 days', acc({ features: { competitorContractEndsInDays: 180 } }), 'INFO'],
    ['181 days', acc({ features: { competitorContractEndsInDays: 181 } }), 'clear'],
  ]);
});

describe('COVERAGE', () => {
  table(coverage.threading, [
    ['3 engaged', acc({ ...live, features: { distinctContactsEngaged90d: 3 } }), 'clear'],
    ['2 engaged', acc({ ...live, features: { distinctContactsEngaged90d: 2 } }), 'INFO:multithreading_gap'],
    ['1 engaged', acc({ ...live, features: { distinctContactsEngaged90d: 1 } }), 'WARNING:single_threaded_risk'],
    ['1 engaged, renewal in 90 days', acc({ ...live, features: { distinctContactsEngaged90d: 1, daysToRenewal: 90 } }), 'CRITICAL:single_threaded_risk'],
  ]);
  const book = (accountCount: number) => ({ ownerId: 'u1', name: 'Rep', openPipeline: 0, target: null, accountCount, tenantMedianAccountCount: 20 });
  table(coverage.territoryImbalance, [
    ['1.45×', book(29), 'clear'],
    ['1.5×', book(30), 'WARNING'],
  ]);
});

describe('WORKFLOW', () => {
  const play = (slaDueAt: string) => ({ playId: 'p1', name: 'Renewal rescue', accountId: 'acc-1', opportunityId: null, ownerId: 'u1', slaDueAt: new Date(slaDueAt) });
  table(workflow.playSlaBreach, [
    ['due now', play(NOW.toISOString()), 'clear'],
    ['one minute overdue', play('2026-11-02T08:59:00Z'), 'WARNING:sla_breach_warning'],
    ['overdue but completed since', { ...play('2026-11-01T00:00:00Z'), closedAt: new Date('2026-11-02T08:00:00Z') }, 'clear'],
  ]);
  const waiting = (severity: 'CRITICAL' | 'WARNING' | 'INFO', hours: number, family: 'RENEWAL' | 'WORKFLOW' = 'RENEWAL') => ({
    signalId: 's1',
    type: 'renewal_risk_critical',
    family,
    severity,
    accountId: 'acc-1',
    opportunityId: null,
    ownerId: 'u1',
    activeSince: new Date(NOW.getTime() - hours * 3_600_000),
  });
  table(workflow.ackSlaBreach, [
    ['critical 23 h', waiting('CRITICAL', 23), 'clear'],
    ['critical 24 h', waiting('CRITICAL', 24), 'CRITICAL:sla_breach_warning'],
    ['warning 71 h', waiting('WARNING', 71), 'clear'],
    ['warning 72 h', waiting('WARNING', 72), 'WARNING:sla_breach_warning'],
    ['info never', waiting('INFO', 500), 'n/a'],
    ['an escalation is not escalated', waiting('CRITICAL', 500, 'WORKFLOW'), 'n/a'],
    ['acknowledged since', { ...waiting('CRITICAL', 500), state: 'ACKNOWLEDGED' as const }, 'clear'],
  ]);
  table(workflow.dealOffTrack, [
    ['misses one', opp({ confidence: 70, features: { contactCount: 2, daysSinceLastActivity: 3 } }), 'clear'],
    ['misses two', opp({ confidence: 59, features: { contactCount: 2, daysSinceLastActivity: 3 } }), 'WARNING:deal_off_track'],
  ]);
  table(workflow.dealOnTrack, [
    ['commit, all three met', opp({ confidence: 60, features: { forecastCategory: 'commit', contactCount: 3, daysSinceLastActivity: 14 } }), 'INFO:deal_on_track'],
    ['pipeline deal', opp({ confidence: 90, features: { forecastCategory: 'pipeline', contactCount: 5, daysSinceLastActivity: 1 } }), 'clear'],
    ['commit, activity 15 days ago', opp({ confidence: 90, features: { forecastCategory: 'commit', contactCount: 5, daysSinceLastActivity: 15 } }), 'clear'],
  ]);
  table(workflow.scoreMomentumDrop, [
    ['no history', acc({ health: { score: 50, delta7d: null, delta30d: null } }), 'n/a'],
    ['-9 in 7 days', acc({ health: { score: 50, delta7d: -9, delta30d: null } }), 'clear'],
    ['-10 in 7 days', acc({ health: { score: 50, delta7d: -10, delta30d: -12 } }), 'WARNING'],
    ['-20 in 30 days', acc({ health: { score: 50, delta7d: -2, delta30d: -20 } }), 'WARNING'],
    ['both', acc({ health: { score: 50, delta7d: -10, delta30d: -20 } }), 'CRITICAL'],
  ]);
});

describe('ECONOMICS', () => {
  const econ = (over: Partial<Record<string, number>>) => ({
    territoryId: 'west',
    name: 'West',
    ownerId: null,
    budgetVariancePct: null,
    costToYieldRatio: null,
    netPnl: null,
    ltvToCac: null,
    paybackMonths: null,
    retentionToAcquisitionRatio: null,
    smSpendPct: null,
    ...over,
  });
  table(economics.budgetOverrun, [
    ['10%', econ({ budgetVariancePct: 10 }), 'clear'],
    ['10.1%', econ({ budgetVariancePct: 10.1 }), 'WARNING'],
    ['25.1%', econ({ budgetVariancePct: 25.1 }), 'CRITICAL'],
  ]);
  table(economics.territoryBelowBreakeven, [
    ['0.30', econ({ costToYieldRatio: 0.3 }), 'clear'],
    ['0.31', econ({ costToYieldRatio: 0.31 }), 'WARNING'],
    ['0.51', econ({ costToYieldRatio: 0.51 }), 'CRITICAL'],
  ]);
  table(economics.headcountPlanRisk, [
    ['0', econ({ netPnl: 0 }), 'clear'],
    ['-1', econ({ netPnl: -1 }), 'WARNING'],
    ['-100,001', econ({ netPnl: -100_001 }), 'CRITICAL'],
  ]);
  table(economics.unitEconomicsDegradation, [
    ['3.0', econ({ ltvToCac: 3 }), 'clear'],
    ['2.9', econ({ ltvToCac: 2.9 }), 'WARNING'],
    ['1.9', econ({ ltvToCac: 1.9 }), 'CRITICAL'],
  ]);
  table(economics.retentionVsAcquisition, [
    ['4', econ({ retentionToAcquisitionRatio: 4 }), 'clear'],
    ['4.1', econ({ retentionToAcquisitionRatio: 4.1 }), 'WARNING'],
    ['6.1', econ({ retentionToAcquisitionRatio: 6.1 }), 'CRITICAL'],
  ]);
  table(economics.smEfficiency, [
    ['55', econ({ smSpendPct: 55 }), 'clear'],
    ['56', econ({ smSpendPct: 56 }), 'WARNING'],
    ['71', econ({ smSpendPct: 71 }), 'CRITICAL'],
  ]);
});

function daysSince(meeting: number) {
  return { any: 1, email: 1, meeting, call: 1, note: 1, task: 1, inbound: 1, outbound: 1 };
}
