import { hygieneBandOf, type DealInsightCard, type SignalCard } from '@pillar/shared';
import type { OpportunityRecordRow } from '../../db/queries/cards';
import type { StoredOpportunityScore } from '../../db/stored-scores';
import type { RecordRef } from './record-ref';

export function toDealInsightCard(input: {
  deal: RecordRef;
  opportunity: OpportunityRecordRow;
  score: StoredOpportunityScore | null;
  openSignals: readonly SignalCard[];
}): DealInsightCard {
  const { deal, opportunity, score } = input;
  if (!score) return { status: 'not_scored', deal };
  return {
    status: 'scored',
    deal: { ...deal, stage: opportunity.stage, amount: opportunity.amount, closeDate: opportunity.closeDate, isClosed: opportunity.isClosed },
    winProbability: { value: score.winProbability, source: score.winProbabilitySource, note: score.detail.winNote, drivers: score.detail.winDrivers },
    dealRisk: { score: score.dealRisk, band: score.dealRiskBand, reasons: score.drivers },
    hygiene: { score: score.hygiene, band: hygieneBandOf(score.hygiene), gaps: score.detail.hygieneGaps },
    confidence: { score: score.confidence, drivers: score.detail.confidenceDrivers },
    forecastCategory: score.forecastCategory,
    nextBestAction: score.nextAction,
    cohort: score.detail.cohort,
    openSignals: [...input.openSignals],
    profileVersion: score.profileVersion,
    scoredAt: score.scoredAt.toISOString(),
  };
}
