import { actionForReason, reason, type ActionCode, type DealReason, type DealReasonCode, type ReasonParams, type VariableDriver } from '@pillar/shared';
import { distributeCents } from '../health/rounding';

/** A deal scorer's variable before rounding; its reason is restricted to deal reason codes. */
export interface DealVar {
  readonly variable: string;
  readonly weight: number;
  readonly value: number;
  readonly reason: DealReason;
  readonly evidence: Readonly<Record<string, number | string | boolean | null>>;
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

/** Drivers whose contributions (weight share × value, in hundredths) add up to `score` exactly. */
export function variableDrivers(vars: readonly DealVar[], score: number): VariableDriver[] {
  let w = 0;
  for (const v of vars) w += v.weight;
  const raw = vars.map((v) => (w > 0 ? (v.weight * v.value) / w : 0));
  const cents = distributeCents(raw, Math.round(score * 100));
  return vars.map((v, i) => ({ variable: v.variable, weight: v.weight, value: v.value, contribution: cents[i]! / 100, reason: v.reason, evidence: v.evidence }));
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
