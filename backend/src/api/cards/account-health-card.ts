import { CATEGORY_KEYS, type AccountHealthCard, type SignalCard } from '@pillar/shared';
import { CATEGORY_LABELS } from '../../../../shared/src/scoring/categories';
import type { StoredAccountScore } from '../../db/stored-scores';
import type { RecordRef } from './record-ref';

/** Below this data sufficiency the card warns that the score rests on too little data. */
export const INSUFFICIENT_DATA_BELOW = 0.5;
/** Drivers shown on the card (the stored list is already sorted by |contribution|). */
export const TOP_DRIVERS = 5;

export function toAccountHealthCard(input: {
  account: RecordRef;
  score: StoredAccountScore | null;
  history: readonly { day: string; healthScore: number }[];
  openSignals: readonly SignalCard[];
}): AccountHealthCard {
  const { account, score } = input;
  if (!score) return { status: 'not_scored', account };
  const renewal = score.detail.renewal;
  return {
    status: 'scored',
    account,
    score: score.healthScore,
    band: score.band,
    trend: {
      delta7d: score.trend7d,
      delta30d: score.trend30d,
      points: input.history.map((p) => ({ day: p.day, score: Math.min(100, Math.max(0, p.healthScore)) })),
    },
    categories: CATEGORY_KEYS.map((key) => {
      const value = score.categoryScores[key];
      return { key, label: CATEGORY_LABELS[key], score: value, weight: score.detail.categoryWeights[key], applicable: value !== null };
    }),
    topDrivers: score.drivers.slice(0, TOP_DRIVERS),
    dataSufficiency: score.dataSufficiency,
    insufficientData: score.dataSufficiency < INSUFFICIENT_DATA_BELOW,
    renewalRisk:
      renewal && score.renewalRisk !== null && score.renewalBand !== null
        ? {
            score: score.renewalRisk,
            band: score.renewalBand,
            renewalDate: renewal.renewalDate,
            daysToRenewal: renewal.daysToRenewal,
            arr: renewal.arr,
            urgencyMultiplier: renewal.urgencyMultiplier,
            variables: renewal.variables,
          }
        : null,
    openSignals: [...input.openSignals],
    profileVersion: score.profileVersion,
    scoredAt: score.scoredAt.toISOString(),
  };
}
