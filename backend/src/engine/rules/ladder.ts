/**
 * Ladders: the step functions most rules are made of. Thresholds and scores are parallel arrays kept at
 * module level (no allocation per call).
 */

/** "At least" ladder: the score of the first threshold the value reaches (thresholds descending). */
export function atLeast(value: number, thresholds: readonly number[], scores: readonly number[], otherwise: number): number {
  for (let i = 0; i < thresholds.length; i++) if (value >= thresholds[i]!) return scores[i]!;
  return otherwise;
}

/** "At most" ladder: the score of the first threshold the value does not exceed (thresholds ascending). */
export function atMost(value: number, thresholds: readonly number[], scores: readonly number[], otherwise: number): number {
  for (let i = 0; i < thresholds.length; i++) if (value <= thresholds[i]!) return scores[i]!;
  return otherwise;
}

/** "Below" ladder: like atMost with strict comparison (value < threshold). */
export function below(value: number, thresholds: readonly number[], scores: readonly number[], otherwise: number): number {
  for (let i = 0; i < thresholds.length; i++) if (value < thresholds[i]!) return scores[i]!;
  return otherwise;
}

/** Pass-through of a 0–100 score, clamped. */
export function passThrough(v: number): number {
  return v < 0 ? 0 : v > 100 ? 100 : v;
}
