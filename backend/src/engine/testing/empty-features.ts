import { BUYING_ROLES, type BuyingRole } from '@pillar/shared';
import type { AccountFeatures, ActivityWindow, RoleCoverage, RoleCoverageMap } from '../features/account-features';
import type { RuleContext } from '../rules/types';

/** Features with every value unknown: the starting point of rule table tests. */
export function emptyFeatures(overrides: Partial<AccountFeatures> = {}): AccountFeatures {
  const base: Record<string, unknown> = {};
  for (const key of FEATURE_KEYS) base[key] = null;
  return { ...(base as unknown as AccountFeatures), accountId: 'acc-1', ...overrides };
}

export const FEATURE_KEYS: readonly (keyof AccountFeatures)[] = [
  'accountId', 'ownerId', 'arr', 'segment', 'tier', 'employees', 'industry', 'activity7d', 'activity30d', 'activity90d', 'daysSince',
  'daysSinceLastActivity', 'daysSinceLastConversation', 'activityTrendPct', 'engagementDecayPct', 'distinctContactsEngaged90d',
  'contactsTotal', 'contactsActive', 'roles', 'distinctActiveRoles', 'avgContactEngagement', 'bestPersonaFit', 'contactsLeft180d',
  'championLeft180d', 'activeBlockers', 'staleContactShare', 'execTouches90d', 'openDealCount', 'openPipelineAmount',
  'pipelineCoverageRatio', 'openDealsWithEbShare', 'avgContactsPerOpenDeal', 'forecastConsistentShare', 'staleOpenDealShare',
  'missingAmountShare', 'badCloseDateShare', 'stageSkipShare', 'unownedShare', 'governanceViolationShare', 'competitorDealShare',
  'meanStageVelocityRatio', 'stageAdvances30d', 'minDaysSinceStageChange', 'closedLost180d', 'lateStageDealCount',
  'lateStageStakeholderShare', 'lateStageNextStepShare', 'lateStageEbShare', 'lateStageCompliantShare', 'primaryDealId',
  'primaryDealAmount', 'primaryDealPushes', 'primaryDealDaysSinceMeeting', 'primaryDealActivities30d', 'primaryDealStageProgress',
  'primaryDealWinRate', 'primaryDealHasEconomicBuyer', 'primaryDealHasChampion', 'primaryDealChampionDaysSinceEngaged',
  'primaryDealHasNextStep', 'primaryDealContactCount', 'primaryDealCompetitorCount', 'primaryDealDaysToClose', 'primaryDealIsLateStage',
  'primaryDealDiscountPct', 'primaryDealCycleRatio', 'primaryDealShareOfPipeline', 'daysToRenewal', 'renewalArr', 'contractingStatus',
  'contractingDaysOpen', 'contractingLagDays', 'renewalIntegrityIssues', 'usageTrendPct', 'adoptionPct', 'seatUtilisation',
  'supportEscalationPct', 'openCriticalTickets', 'npsScore', 'npsPreviousScore', 'latePayments12m', 'crossSellSignals', 'whitespacePct',
  'budgetConfirmed', 'budgetTrendPct', 'techBudgetUsd', 'techBudgetSharePct', 'grantDependencyPct', 'marketContextRisk', 'grantWindowOpen',
  'grantWindowClosesInDays', 'competitorContractEndsInDays', 'rfpActive', 'hiringSignals90d', 'boardMentions90d', 'strategicThemeMatch',
  'strategicThemeAlignment', 'daysSinceDemoRequest', 'techSpendPropensity', 'aiReadiness', 'startupFriendliness', 'procurementComplexity',
  'coopPathway', 'fiscalYearAligned', 'studentEnrollment', 'quotaContributionPct', 'mqlCount90d', 'health7dAgo', 'health30dAgo',
  'tenantDealAmountP25', 'tenantDealAmountP50', 'tenantDealAmountP75', 'tenantArrP50', 'tenantArrP75',
];

export function activityWindow(counts: Partial<ActivityWindow> = {}): ActivityWindow {
  return { total: 0, email: 0, meeting: 0, call: 0, note: 0, task: 0, inbound: 0, outbound: 0, internal: 0, emailInbound: 0, emailOutbound: 0, ...counts };
}

export function roleMap(overrides: Partial<Record<BuyingRole, Partial<RoleCoverage>>> = {}): RoleCoverageMap {
  const out = {} as Record<BuyingRole, RoleCoverage>;
  for (const r of BUYING_ROLES) out[r] = { count: 0, activeCount: 0, daysSinceLastEngagement: null, ...overrides[r] };
  return out;
}

export const TEST_NOW = new Date('2026-11-01T12:00:00Z');

export function ctxOf(overrides: Partial<AccountFeatures> = {}, renewalRisk: number | null = null): RuleContext {
  return { f: emptyFeatures(overrides), renewalRisk, now: TEST_NOW };
}
