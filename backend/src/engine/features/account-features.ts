import type { BuyingRole } from '@pillar/shared';
import type { Segment } from './inputs';

/**
 * Everything account-level rules read, as plain numbers and flags computed once per account by
 * `buildAccountFeatures`. Conventions (rules rely on them):
 * - `null` = unknown (the tenant does not sync the source, or the value cannot be computed). A rule that
 *   needs it is not applicable. Unknown is never 0.
 * - `Infinity` in a "days since" field = the source is synced and the event never happened (e.g. the
 *   account has no activity at all). It orders correctly in every ladder ("longer ago than any number").
 * - Shares are 0–1, percentages 0–100, money in the tenant currency, durations in (fractional) days.
 */
export interface ActivityWindow {
  readonly total: number;
  readonly email: number;
  readonly meeting: number;
  readonly call: number;
  readonly note: number;
  readonly task: number;
  readonly inbound: number;
  readonly outbound: number;
  readonly internal: number;
  readonly emailInbound: number;
  readonly emailOutbound: number;
}

export interface DaysSinceByType {
  readonly any: number;
  readonly email: number;
  readonly meeting: number;
  readonly call: number;
  readonly note: number;
  readonly task: number;
  readonly inbound: number;
  readonly outbound: number;
}

export interface RoleCoverage {
  /** Contacts holding the role (any status). */
  readonly count: number;
  /** Contacts holding the role who have not left or gone inactive. */
  readonly activeCount: number;
  /** Days since any active contact in the role last engaged; Infinity if never; null if no active contact. */
  readonly daysSinceLastEngagement: number | null;
}

export type RoleCoverageMap = Readonly<Record<BuyingRole, RoleCoverage>>;

export interface AccountFeatures {
  readonly accountId: string;
  readonly ownerId: string | null;
  readonly arr: number | null;
  readonly segment: Segment | null;
  readonly tier: 1 | 2 | 3 | null;
  readonly employees: number | null;
  readonly industry: string | null;

  // Activity (null when the tenant syncs no activities).
  readonly activity7d: ActivityWindow | null;
  readonly activity30d: ActivityWindow | null;
  readonly activity90d: ActivityWindow | null;
  readonly daysSince: DaysSinceByType | null;
  readonly daysSinceLastActivity: number | null;
  readonly daysSinceLastConversation: number | null;
  /** Last 30 days against the monthly average of days 31–90, in percent, clamped to ±100. */
  readonly activityTrendPct: number | null;
  /** max(0, −activityTrendPct): how far engagement has fallen. */
  readonly engagementDecayPct: number | null;
  readonly distinctContactsEngaged90d: number | null;

  // Contacts (null when the tenant syncs no contacts).
  readonly contactsTotal: number | null;
  readonly contactsActive: number | null;
  readonly roles: RoleCoverageMap | null;
  readonly distinctActiveRoles: number | null;
  readonly avgContactEngagement: number | null;
  readonly bestPersonaFit: number | null;
  readonly contactsLeft180d: number | null;
  readonly championLeft180d: boolean | null;
  readonly activeBlockers: number | null;
  /** Share of active contacts with no engagement for ≥ 120 days (null when none has engagement data). */
  readonly staleContactShare: number | null;
  /** Meetings and calls with executive sponsors or economic buyers in 90 days. */
  readonly execTouches90d: number | null;

  // Pipeline (null when the tenant syncs no opportunities; shares null when there is no open deal).
  readonly openDealCount: number | null;
  readonly openPipelineAmount: number | null;
  readonly pipelineCoverageRatio: number | null;
  readonly openDealsWithEbShare: number | null;
  readonly avgContactsPerOpenDeal: number | null;
  readonly forecastConsistentShare: number | null;
  readonly staleOpenDealShare: number | null;
  readonly missingAmountShare: number | null;
  readonly badCloseDateShare: number | null;
  readonly stageSkipShare: number | null;
  readonly unownedShare: number | null;
  readonly governanceViolationShare: number | null;
  readonly competitorDealShare: number | null;
  readonly meanStageVelocityRatio: number | null;
  readonly stageAdvances30d: number | null;
  readonly minDaysSinceStageChange: number | null;
  readonly closedLost180d: number | null;
  readonly lateStageDealCount: number | null;
  readonly lateStageStakeholderShare: number | null;
  readonly lateStageNextStepShare: number | null;
  readonly lateStageEbShare: number | null;
  readonly lateStageCompliantShare: number | null;

  // Primary deal: the open deal with the largest amount (earliest close date on ties).
  readonly primaryDealId: string | null;
  readonly primaryDealAmount: number | null;
  readonly primaryDealPushes: number | null;
  readonly primaryDealDaysSinceMeeting: number | null;
  readonly primaryDealActivities30d: number | null;
  readonly primaryDealStageProgress: number | null;
  readonly primaryDealWinRate: number | null;
  readonly primaryDealHasEconomicBuyer: boolean | null;
  readonly primaryDealHasChampion: boolean | null;
  readonly primaryDealChampionDaysSinceEngaged: number | null;
  readonly primaryDealHasNextStep: boolean | null;
  readonly primaryDealContactCount: number | null;
  readonly primaryDealCompetitorCount: number | null;
  readonly primaryDealDaysToClose: number | null;
  readonly primaryDealIsLateStage: boolean | null;
  readonly primaryDealDiscountPct: number | null;
  readonly primaryDealCycleRatio: number | null;
  readonly primaryDealShareOfPipeline: number | null;

  // Renewal (the nearest open renewal).
  readonly daysToRenewal: number | null;
  readonly renewalArr: number | null;
  readonly contractingStatus: 'not_started' | 'in_progress' | 'signed' | null;
  readonly contractingDaysOpen: number | null;
  /** Days contracting is behind: open contract age, or days late to start inside the 90-day window. */
  readonly contractingLagDays: number | null;
  readonly renewalIntegrityIssues: number | null;

  // Enrichment (product, support, survey, billing, intent, market).
  readonly usageTrendPct: number | null;
  readonly adoptionPct: number | null;
  readonly seatUtilisation: number | null;
  readonly supportEscalationPct: number | null;
  readonly openCriticalTickets: number | null;
  readonly npsScore: number | null;
  readonly npsPreviousScore: number | null;
  readonly latePayments12m: number | null;
  readonly crossSellSignals: number | null;
  readonly whitespacePct: number | null;
  readonly budgetConfirmed: boolean | null;
  readonly budgetTrendPct: number | null;
  readonly techBudgetUsd: number | null;
  readonly techBudgetSharePct: number | null;
  readonly grantDependencyPct: number | null;
  /** Published market-context composite 0–100 (higher = riskier) over the parts that are known. */
  readonly marketContextRisk: number | null;
  readonly grantWindowOpen: boolean | null;
  readonly grantWindowClosesInDays: number | null;
  readonly competitorContractEndsInDays: number | null;
  readonly rfpActive: boolean | null;
  readonly hiringSignals90d: number | null;
  readonly boardMentions90d: number | null;
  readonly strategicThemeMatch: boolean | null;
  readonly strategicThemeAlignment: number | null;
  /** Days since the last demo/trial request; Infinity when tracked and never requested. */
  readonly daysSinceDemoRequest: number | null;
  readonly techSpendPropensity: number | null;
  readonly aiReadiness: number | null;
  readonly startupFriendliness: number | null;
  readonly procurementComplexity: number | null;
  readonly coopPathway: boolean | null;
  readonly fiscalYearAligned: boolean | null;
  readonly studentEnrollment: number | null;
  readonly quotaContributionPct: number | null;
  readonly mqlCount90d: number | null;

  // Own history and tenant context.
  readonly health7dAgo: number | null;
  readonly health30dAgo: number | null;
  readonly tenantDealAmountP25: number | null;
  readonly tenantDealAmountP50: number | null;
  readonly tenantDealAmountP75: number | null;
  readonly tenantArrP50: number | null;
  readonly tenantArrP75: number | null;
}

export type AccountFeatureKey = keyof AccountFeatures;
