import { actionForReason, reason, type ActionCode, type DealReason, type DealReasonCode, type ReasonParams, type VariableDriver } from '@pillar/shared';

/**
 * A deal scorer's variable; its reason is restricted to deal reason codes. It becomes the driver itself
 * once `finishDrivers` has set its contribution (no second object per variable).
 */
export interface DealVar extends VariableDriver {
  readonly reason: DealReason;
  contribution: number;
}

export function dealVar(variable: string, weight: number, value: number, reason: DealReason, evidence: DealVar['evidence']): DealVar {
  return { variable, weight, value, contribution: 0, reason, evidence };
}

export function dealReason<C extends DealReasonCode>(code: C, params: ReasonParams<C>): DealReason {
  return reason(code, params) as DealReason;
}

/** Weighted mean of the variables (renormalised over those present), rounded to hundredths. */
export function weightedScore(vars: readonly DealVar[]): number {
  let sum = 0;
  let w = 0;
  for (const v of vars) {
    sum += v.weight * v.value;
    w += v.weight;
  }
  return w > 0 ? Math.round((sum / w) * 100) / 100 : 0;
}

/**
 * Sets each variable's contribution (weight share × value, in hundredths) so that they add up to
 * `score` exactly (cumulative rounding, as in distributeCents), and returns the variables as drivers.
 */
export function variableDrivers(vars: DealVar[], score: number): VariableDriver[] {
  let w = 0;
  for (const v of vars) w += v.weight;
  let cum = 0;
  let prev = 0;
  for (const v of vars) {
    cum += w > 0 ? ((v.weight * v.value) / w) * 100 : 0;
    const r = Math.round(cum);
    v.contribution = (r - prev) / 100;
    prev = r;
  }
  const last = vars[vars.length - 1];
  if (last !== undefined) last.contribution = Math.round(last.contribution * 100 + (Math.round(score * 100) - prev)) / 100;
  return vars;
}

/**
 * The variable that explains the score most, by a scorer-specific "badness" (points of risk added, or
 * points of confidence lost). Null when nothing is wrong (every badness 0).
 */
export function primaryVar(vars: readonly DealVar[], badness: (v: DealVar, totalWeight: number) => number): DealVar | null {
  let w = 0;
  for (const v of vars) w += v.weight;
  let best: DealVar | null = null;
  let bestBad = 0;
  for (const v of vars) {
    const b = badness(v, w);
    if (b > bestBad) {
      bestBad = b;
      best = v;
    }
  }
  return best;
}

/** The next action: looked up from the primary reason code in the one reason→action table. */
export function nextActionFor(primary: DealVar | null): ActionCode | null {
  return primary === null ? null : actionForReason(primary.reason.code);
}

/** Badness for "higher is worse" scores: the points the variable adds. */
export const addedPoints = (v: DealVar, w: number): number => (w > 0 ? (v.weight * v.value) / w : 0);
/** Badness for "higher is better" scores: the points the variable costs. */
export const lostPoints = (v: DealVar, w: number): number => (w > 0 ? (v.weight * (100 - v.value)) / w : 0);
