import type { ForecastCategoryInput } from './inputs';
import type { StagePhase } from './stages';

/** How strongly competitors show up on a deal. */
export type CompetitiveLevel = 'none' | 'low' | 'medium' | 'high';

/**
 * Deal-level features (same conventions as AccountFeatures: null = unknown, Infinity = never happened).
 * Built by `buildOpportunityFeatures`, together with the deal's event timeline for risk replay.
 */
export interface OpportunityFeatures {
  readonly opportunityId: string;
  readonly accountId: string;
  readonly ownerId: string | null;
  readonly amount: number | null;
  readonly stage: string;
  readonly phase: StagePhase;
  readonly isClosed: boolean;
  readonly isWon: boolean;
  /** Whether the deal is in Proposal, Negotiation or Closed Won. */
  readonly isLateStage: boolean;
  /** Position of the stage in the forward order, 0–1 (closed won = 1). */
  readonly stageProgress: number;
  readonly probability: number | null;
  readonly forecastCategory: ForecastCategoryInput | null;
  readonly ageDays: number;
  readonly daysInStage: number | null;
  readonly stageMedianDays: number | null;
  readonly stageVelocityRatio: number | null;
  readonly stageWinRate: number | null;
  readonly closeDatePushes: number | null;
  readonly daysToClose: number | null;
  readonly hasNextStep: boolean;
  readonly contactCount: number | null;
  readonly hasEconomicBuyer: boolean | null;
  readonly hasChampion: boolean | null;
  readonly hasExecSponsor: boolean | null;
  /** Days since the deal's champion last wrote or met (inbound/meeting); Infinity = never. */
  readonly championDaysSinceInbound: number | null;
  readonly daysSinceLastActivity: number | null;
  readonly daysSinceLastMeeting: number | null;
  readonly meetings30d: number | null;
  readonly activities30d: number | null;
  /** Whether an exec sponsor or economic buyer took part in a meeting/call in the last 30 days. */
  readonly execEngaged30d: boolean | null;
  readonly competitorCount: number | null;
  readonly competitorMentions: number | null;
  readonly competitiveLevel: CompetitiveLevel | null;
  readonly discountPct: number | null;
  /** Amount at or above the tenant's own p75 deal size (null without a distribution or amount). */
  readonly isHighValue: boolean | null;
  readonly highValueThreshold: number | null;
  readonly historicalWinRate: number | null;
  readonly medianWonCycleDays: number | null;
  readonly p90ClosedCycleDays: number | null;
  readonly procurementComplexity: number | null;
  readonly coopPathway: boolean | null;
  readonly fiscalYearAligned: boolean | null;
}

export type OpportunityFeatureKey = keyof OpportunityFeatures;
