import { CATEGORIES, type AccountHealth, type Category } from '@pillar/shared';
import type { RenewalInput } from '../engine';
import type { StoredAccountScore } from '../db/stored-scores';
import { accountCardDrivers, variableCardDrivers } from './card-drivers';
import { utcDay } from './dates';

/**
 * Engine AccountHealth → the stored account_scores shape (db/stored-scores.ts). Null when the engine could
 * not score the account (no rule applied): such an account is not written, and its card shows "not scored".
 */

/** The renewal the engine scores: the open renewal with the earliest date (as the feature builder picks it). */
export function nearestOpenRenewal(renewals: readonly RenewalInput[] | null): RenewalInput | null {
  if (renewals === null) return null;
  let nearest: RenewalInput | null = null;
  for (const r of renewals) {
    if (r.status !== 'open' || r.renewalDate === null) continue;
    if (nearest === null || r.renewalDate.getTime() < nearest.renewalDate!.getTime()) nearest = r;
  }
  return nearest;
}

export function toStoredAccountScore(health: AccountHealth, context: { renewals: readonly RenewalInput[] | null; scoredAt: Date }): StoredAccountScore | null {
  if (health.score === null || health.band === null) return null;
  const categoryScores = {} as Record<Category, number | null>;
  const categoryWeights = {} as Record<Category, number>;
  for (const c of health.categories) {
    categoryScores[c.category] = c.score;
    categoryWeights[c.category] = c.configuredWeight;
  }
  for (const c of CATEGORIES) {
    categoryScores[c] ??= null;
    categoryWeights[c] ??= 0;
  }
  const r = health.renewalRisk;
  const renewal = r === null ? null : nearestOpenRenewal(context.renewals);
  return {
    healthScore: health.score,
    band: health.band,
    categoryScores,
    renewalRisk: r === null ? null : r.score,
    renewalBand: r === null ? null : r.band,
    priorityScore: health.priority,
    trend7d: health.trend.delta7d,
    trend30d: health.trend.delta30d,
    drivers: accountCardDrivers(health.drivers),
    detail: {
      categoryWeights,
      renewal:
        r === null
          ? null
          : {
              renewalDate: renewal?.renewalDate ? utcDay(renewal.renewalDate) : null,
              daysToRenewal: r.daysToRenewal === null ? null : Math.round(r.daysToRenewal),
              arr: renewal?.arr ?? null,
              urgencyMultiplier: r.urgencyMultiplier,
              variables: variableCardDrivers('renewal', r.drivers),
            },
    },
    dataSufficiency: health.dataSufficiency,
    profileVersion: health.profileVersion,
    scoredAt: context.scoredAt,
  };
}
