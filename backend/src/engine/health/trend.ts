import type { Trend } from '@pillar/shared';

/** A move of this many points or more (7-day delta, else 30-day) changes the trend direction. */
export const TREND_STEP = 5;

/** Trend of a score against its own earlier points (from score_history, carried in the features). */
export function computeTrend(score: number, sevenDaysAgo: number | null, thirtyDaysAgo: number | null): Trend {
  const delta7d = sevenDaysAgo === null ? null : Math.round((score - sevenDaysAgo) * 100) / 100;
  const delta30d = thirtyDaysAgo === null ? null : Math.round((score - thirtyDaysAgo) * 100) / 100;
  const d = delta7d ?? delta30d;
  const direction = d === null ? null : d >= TREND_STEP ? 'improving' : d <= -TREND_STEP ? 'declining' : 'stable';
  return { delta7d, delta30d, direction };
}
