import type { AccountHealth, DealScores } from '@pillar/shared';
import type { AccountFeatures } from '../features/account-features';
import type { OpportunityFeatures } from '../features/opportunity-features';
import type { AccountSignalInput, OpportunitySignalInput } from './types';

/**
 * Builds the signal inputs from what a scoring pass produced: the account's health result and features, a
 * deal's scores and features. The cycle calls these per record after scoring and hands the lists to
 * `runSignalCycle`.
 */
export function accountSignalInput(args: {
  name: string;
  features: AccountFeatures;
  health: AccountHealth | null;
  expansionPropensity?: number | null;
  contactEngagementAges?: readonly number[] | null;
}): AccountSignalInput {
  const { features, health } = args;
  return {
    accountId: features.accountId,
    name: args.name,
    ownerId: features.ownerId,
    arr: features.arr,
    health: health && health.score !== null ? { score: health.score, delta7d: health.trend.delta7d, delta30d: health.trend.delta30d } : null,
    renewalRisk: health?.renewalRisk?.score ?? null,
    expansionPropensity: args.expansionPropensity ?? null,
    dataSufficiency: health?.dataSufficiency ?? null,
    contactEngagementAges: args.contactEngagementAges ?? null,
    features,
  };
}

export function opportunitySignalInput(args: { name: string; features: OpportunityFeatures; scores: DealScores | null }): OpportunitySignalInput {
  const { features, scores } = args;
  const sufficiency = scores ? Math.min(scores.risk.dataSufficiency, scores.hygiene.dataSufficiency, scores.confidence.dataSufficiency) : null;
  return {
    opportunityId: features.opportunityId,
    accountId: features.accountId,
    name: args.name,
    ownerId: features.ownerId,
    dealRisk: scores?.risk.score ?? null,
    hygiene: scores?.hygiene.score ?? null,
    confidence: scores?.confidence.score ?? null,
    dataSufficiency: sufficiency,
    features,
  };
}
