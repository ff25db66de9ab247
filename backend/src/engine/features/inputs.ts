import type { BuyingRole } from '@pillar/shared';

/**
 * Plain rows the feature builders read. The database loader maps mirror rows (snake_case columns) into
 * these camelCase shapes; nothing here knows about SQL. Conventions:
 * - `null` means "the CRM does not give us this"; it never stands for zero.
 * - A whole collection is `null` when the tenant does not sync that object at all (for example a CSV
 *   import without contacts); an empty array means "synced, and this account has none".
 * - Times are `Date`s; the builders convert each once.
 */

export type ActivityType = 'email' | 'meeting' | 'call' | 'note' | 'task';
export type ActivityDirection = 'inbound' | 'outbound' | 'internal';
export type ContactStatus = 'active' | 'inactive' | 'left_org';
export type Segment = 'enterprise' | 'mid_market' | 'smb';
export type ForecastCategoryInput = 'omitted' | 'pipeline' | 'best_case' | 'commit' | 'closed';

export interface AccountInput {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string | null;
  readonly arr: number | null;
  readonly segment: Segment | null;
  readonly tier: 1 | 2 | 3 | null;
  readonly employees: number | null;
  readonly annualRevenue: number | null;
  readonly industry: string | null;
  readonly createdAt: Date | null;
  /** Optional enrichment (product usage, support, NPS, billing, intent, market data). */
  readonly signals?: AccountSignalsInput | null;
}

/**
 * Account-level numbers from connected systems beyond the CRM core objects (product analytics, support
 * desk, NPS survey tool, billing, intent and public-sector market data). Every field is optional.
 */
export interface AccountSignalsInput {
  /** Product usage (e.g. weekly active users summed) this quarter and last quarter. */
  readonly usageCurrentQuarter?: number | null;
  readonly usagePreviousQuarter?: number | null;
  /** Share of licensed features in use, 0–100. */
  readonly adoptionPct?: number | null;
  readonly activeUsers?: number | null;
  readonly licensedSeats?: number | null;
  /** Share of support tickets escalated in the last 90 days, 0–100. */
  readonly supportEscalationPct?: number | null;
  readonly openCriticalTickets?: number | null;
  /** NPS answer on the 0–10 scale; the previous survey's answer when known. */
  readonly npsScore?: number | null;
  readonly npsPreviousScore?: number | null;
  /** Invoices paid late in the last 12 months. */
  readonly latePayments12m?: number | null;
  readonly crossSellSignals?: number | null;
  readonly whitespacePct?: number | null;
  readonly budgetConfirmed?: boolean | null;
  /** Year-over-year budget change in percent (negative = shrinking). */
  readonly budgetTrendPct?: number | null;
  readonly techBudgetUsd?: number | null;
  /** Technology budget as a percentage of the total budget. */
  readonly techBudgetSharePct?: number | null;
  /** Share of budget that depends on grants, 0–100. */
  readonly grantDependencyPct?: number | null;
  readonly grantWindowOpen?: boolean | null;
  readonly grantWindowClosesInDays?: number | null;
  readonly competitorContractEndsAt?: Date | null;
  readonly rfpActive?: boolean | null;
  readonly hiringSignals90d?: number | null;
  readonly boardMentions90d?: number | null;
  readonly strategicThemeMatch?: boolean | null;
  readonly demoRequestedAt?: Date | null;
  /** Whether the intent provider tracks demo requests for this account at all. */
  readonly demoTracking?: boolean | null;
  /** Third-party pass-through scores, 0–100. */
  readonly techSpendPropensity?: number | null;
  readonly aiReadiness?: number | null;
  readonly startupFriendliness?: number | null;
  readonly strategicThemeAlignment?: number | null;
  readonly procurementComplexity?: number | null;
  readonly coopPathway?: boolean | null;
  readonly fiscalYearAligned?: boolean | null;
  readonly studentEnrollment?: number | null;
  readonly quotaContributionPct?: number | null;
}

export interface ContactInput {
  readonly id: string;
  readonly accountId: string;
  readonly title: string | null;
  readonly buyingRole: BuyingRole | null;
  readonly status: ContactStatus | null;
  /** When the contact left the organisation (status left_org), if known. */
  readonly leftAt: Date | null;
  /** Engagement score 0–100 from the CRM or marketing tool, when it provides one. */
  readonly engagementScore: number | null;
  /** Last engagement the CRM reports directly (e.g. HubSpot last engagement date). */
  readonly lastEngagedAt: Date | null;
}

export interface OpportunityContactInput {
  readonly contactId: string;
  /** The role on this deal (contact role); falls back to the contact's buying role. */
  readonly role: BuyingRole | null;
}

export interface OpportunityInput {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly ownerId: string | null;
  readonly stage: string;
  /** The stage's position in the CRM picklist (0-based), when the connector knows it. */
  readonly stageOrder: number | null;
  readonly isClosed: boolean;
  readonly isWon: boolean;
  readonly amount: number | null;
  readonly probability: number | null;
  readonly forecastCategory: ForecastCategoryInput | null;
  readonly closeDate: Date | null;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
  readonly nextStep: string | null;
  /** Close-date pushes as counted by the CRM or the sync; close-date history refines it. */
  readonly pushCount: number | null;
  /** Competitors named on the deal; null when the CRM has no such field. */
  readonly competitors: readonly string[] | null;
  readonly discountPct: number | null;
  /** Contact roles on the deal; null when the CRM gives none. */
  readonly contacts: readonly OpportunityContactInput[] | null;
}

export interface StageHistoryInput {
  readonly opportunityId: string;
  readonly stage: string;
  readonly stageOrder: number | null;
  readonly enteredAt: Date;
}

export interface CloseDateChangeInput {
  readonly opportunityId: string;
  readonly changedAt: Date;
  readonly previousCloseDate: Date | null;
  readonly newCloseDate: Date;
}

export interface ActivityInput {
  readonly id: string;
  readonly accountId: string;
  readonly opportunityId: string | null;
  readonly contactId: string | null;
  readonly type: ActivityType;
  readonly direction: ActivityDirection | null;
  readonly occurredAt: Date;
  /** Subject line only (bodies are never read); scanned for competitor names. */
  readonly subject: string | null;
}

export interface RenewalInput {
  readonly id: string;
  readonly accountId: string;
  readonly renewalDate: Date | null;
  readonly arr: number | null;
  readonly status: 'open' | 'renewed' | 'churned';
  readonly contractSentAt: Date | null;
  readonly signedAt: Date | null;
}

export interface LeadInput {
  readonly id: string;
  readonly accountId: string | null;
  readonly mqlAt: Date | null;
}

export interface HealthPointInput {
  readonly at: Date;
  readonly score: number;
}

/** Everything the account builder reads for one account. */
export interface AccountFeatureInput {
  readonly account: AccountInput;
  readonly contacts: readonly ContactInput[] | null;
  readonly opportunities: readonly OpportunityInput[] | null;
  /** Stage history of this account's opportunities (any order). */
  readonly stageHistory: readonly StageHistoryInput[] | null;
  readonly closeDateChanges: readonly CloseDateChangeInput[] | null;
  /** This account's activities, any order. */
  readonly activities: readonly ActivityInput[] | null;
  readonly renewals: readonly RenewalInput[] | null;
  readonly leads: readonly LeadInput[] | null;
  /** Earlier health points (score_history) for momentum and trend. */
  readonly priorHealth: readonly HealthPointInput[] | null;
  /** Competitor names the tenant tracks; activity subjects are scanned for them. */
  readonly competitorNames?: readonly string[];
}

/** Everything the opportunity builder reads for one deal. */
export interface OpportunityFeatureInput {
  readonly opportunity: OpportunityInput;
  readonly account: AccountInput | null;
  /** Contacts of the deal's account (roles on the deal come from `opportunity.contacts`). */
  readonly contacts: readonly ContactInput[] | null;
  readonly stageHistory: readonly StageHistoryInput[] | null;
  readonly closeDateChanges: readonly CloseDateChangeInput[] | null;
  /** Activities logged on this deal (opportunityId = the deal), any order. */
  readonly activities: readonly ActivityInput[] | null;
  readonly competitorNames?: readonly string[];
}
