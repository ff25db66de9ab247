import type { SignalFamily, SignalSeverity, SignalState } from '@pillar/shared';
import type { AccountFeatures } from '../features/account-features';
import type { OpportunityFeatures } from '../features/opportunity-features';
import type { SignalThresholds } from './thresholds';

/**
 * What a signal is about. Account and opportunity signals link to the CRM record; owner and territory signals
 * (coverage, economics) to a person or a slice of the business; play and signal subjects are Pillar's own
 * records (SLA breaches).
 */
export type SubjectKind = 'account' | 'opportunity' | 'owner' | 'territory' | 'play' | 'signal';

export interface SignalSubject {
  readonly kind: SubjectKind;
  readonly id: string;
  readonly accountId: string | null;
  readonly opportunityId: string | null;
  /** Who the signal goes to (record owner); null when nobody owns the record. */
  readonly ownerId: string | null;
}

/**
 * One raised signal: the type and severity, the rule and the thresholds that raised it (no ghost signals),
 * the evidence (the numbers the rule read), what to do about it and how sure Pillar is (0–100).
 */
export interface SignalEvaluation {
  readonly type: string;
  readonly family: SignalFamily;
  readonly severity: SignalSeverity;
  readonly ruleId: string;
  readonly threshold: Readonly<Record<string, number | boolean | string>>;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly recommendedAction: string;
  readonly confidence: number;
  /** `<rule key>:<subject kind>:<subject id>`: one open signal per key; severity changes update it. */
  readonly dedupeKey: string;
  readonly subject: SignalSubject;
  readonly title: string;
  readonly expiresAt: Date;
  /** Cycles in a row the condition must hold before the signal turns ACTIVE (1 = at once). */
  readonly confirmCycles: 1 | 2;
  readonly cooldownHours: number;
}

/** A rule that was evaluated and whose condition does not hold: an open signal with this key auto-resolves. */
export interface SignalClearance {
  readonly dedupeKey: string;
  readonly ruleId: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs. The scoring cycle fills these from the engine's results and features; the signal engine reads
// nothing else. Feature fields keep the feature conventions: null = unknown, Infinity = never happened.
// ---------------------------------------------------------------------------------------------------------

/** The account features the signal catalog reads. */
export type AccountSignalFeatures = Pick<
  AccountFeatures,
  | 'engagementDecayPct'
  | 'contactsLeft180d'
  | 'championLeft180d'
  | 'roles'
  | 'contractingLagDays'
  | 'npsScore'
  | 'npsPreviousScore'
  | 'supportEscalationPct'
  | 'budgetTrendPct'
  | 'competitorContractEndsInDays'
  | 'rfpActive'
  | 'whitespacePct'
  | 'adoptionPct'
  | 'crossSellSignals'
  | 'grantWindowOpen'
  | 'grantWindowClosesInDays'
  | 'strategicThemeMatch'
  | 'boardMentions90d'
  | 'hiringSignals90d'
  | 'daysSince'
  | 'avgContactEngagement'
  | 'competitorDealShare'
  | 'staleContactShare'
  | 'distinctContactsEngaged90d'
  | 'openDealCount'
  | 'daysToRenewal'
>;

export interface AccountSignalInput {
  readonly accountId: string;
  readonly name: string;
  readonly ownerId: string | null;
  readonly arr: number | null;
  /** Health 0–100 and its movement (null deltas: no history yet). */
  readonly health: { readonly score: number; readonly delta7d: number | null; readonly delta30d: number | null } | null;
  /** Renewal risk 0–100 (higher = riskier) of the nearest open renewal; null without a renewal. */
  readonly renewalRisk: number | null;
  readonly expansionPropensity: number | null;
  /** Share of the scoring inputs that were present (0–1); scales confidence. */
  readonly dataSufficiency: number | null;
  /**
   * Days since each active contact last engaged (Infinity = never), when the cycle has them; lets a tenant's
   * stale-contact threshold apply exactly. Without it the catalog uses `features.staleContactShare` (120 days).
   */
  readonly contactEngagementAges?: readonly number[] | null;
  readonly features: AccountSignalFeatures;
}

/** The deal features the signal catalog reads. */
export type OpportunitySignalFeatures = Pick<
  OpportunityFeatures,
  | 'isClosed'
  | 'isWon'
  | 'isLateStage'
  | 'stage'
  | 'forecastCategory'
  | 'closeDatePushes'
  | 'daysInStage'
  | 'hasNextStep'
  | 'contactCount'
  | 'hasEconomicBuyer'
  | 'daysSinceLastActivity'
  | 'amount'
>;

export interface OpportunitySignalInput {
  readonly opportunityId: string;
  readonly accountId: string;
  readonly name: string;
  readonly ownerId: string | null;
  /** Deal risk, hygiene (higher = dirtier) and forecast confidence, 0–100; null when not scored. */
  readonly dealRisk: number | null;
  readonly hygiene: number | null;
  readonly confidence: number | null;
  readonly dataSufficiency: number | null;
  readonly features: OpportunitySignalFeatures;
}

/** A rep's book: open pipeline against the target it must cover, and how much of the tenant's book they hold. */
export interface OwnerSignalInput {
  readonly ownerId: string;
  readonly name: string;
  readonly openPipeline: number;
  /** Quota or remaining target of the period; null when the tenant has none. */
  readonly target: number | null;
  readonly accountCount: number;
  /** Median account count per active owner in the tenant. */
  readonly tenantMedianAccountCount: number | null;
}

/** Economics of a territory or the whole tenant (published ECONOMICS signal inputs); all optional. */
export interface EconomicsSignalInput {
  readonly territoryId: string;
  readonly name: string;
  readonly ownerId: string | null;
  readonly budgetVariancePct: number | null;
  readonly costToYieldRatio: number | null;
  readonly netPnl: number | null;
  readonly ltvToCac: number | null;
  readonly paybackMonths: number | null;
  readonly retentionToAcquisitionRatio: number | null;
  readonly smSpendPct: number | null;
}

/** Open plays and unacknowledged signals, for SLA breaches (loaded by the orchestrator from the store). */
export interface WorkflowSignalInput {
  readonly openPlays: readonly {
    readonly playId: string;
    readonly name: string;
    readonly accountId: string | null;
    readonly opportunityId: string | null;
    readonly ownerId: string | null;
    readonly slaDueAt: Date;
    /** Set when the play has since been completed or abandoned: its SLA breach signal clears. */
    readonly closedAt?: Date | null;
  }[];
  readonly unacknowledged: readonly {
    readonly signalId: string;
    readonly type: string;
    readonly family: SignalFamily;
    readonly severity: SignalSeverity;
    readonly accountId: string | null;
    readonly opportunityId: string | null;
    readonly ownerId: string | null;
    readonly activeSince: Date;
    /** The signal's state now; once it is no longer ACTIVE (acknowledged, resolved…) its escalation clears. */
    readonly state?: SignalState;
  }[];
}

export interface SignalInputs {
  readonly accounts: readonly AccountSignalInput[];
  readonly opportunities: readonly OpportunitySignalInput[];
  readonly owners?: readonly OwnerSignalInput[];
  readonly economics?: readonly EconomicsSignalInput[];
  readonly workflow?: WorkflowSignalInput;
}

/** What a rule says about one subject. */
export type RuleOutcome =
  | {
      readonly status: 'fired';
      readonly type: string;
      readonly severity: SignalSeverity;
      readonly title: string;
      readonly threshold: Readonly<Record<string, number | boolean | string>>;
      readonly evidence: Readonly<Record<string, unknown>>;
      /** How far past the threshold, 0–1 (0 = at the threshold); feeds confidence. */
      readonly margin: number;
    }
  | { readonly status: 'clear'; readonly evidence: Readonly<Record<string, unknown>> }
  | { readonly status: 'not_applicable'; readonly missing: readonly string[] };

export interface SignalRule<I> {
  /** Stable signal rule id (append-only), e.g. SIG-REN-001. */
  readonly id: string;
  /** Dedupe group: a rule's types share one open signal per subject, so an escalation updates it. */
  readonly key: string;
  readonly family: SignalFamily;
  readonly types: readonly string[];
  readonly recommendedAction: Readonly<Record<string, string>>;
  readonly confirmCycles: 1 | 2;
  /** Days an open signal lives without being seen again before it EXPIREs. */
  readonly ttlDays: number;
  /** The threshold keys this rule reads (documentation and override validation). */
  readonly thresholdKeys: readonly (keyof SignalThresholds)[];
  evaluate(input: I, thresholds: SignalThresholds, now: Date): RuleOutcome;
}
