import { renderReason, ruleMeta, type CardDriver, type Driver, type ReasonData, type VariableDriver } from '@pillar/shared';
import { variableId, variableName, type VariableScore } from './driver-names';

/**
 * Engine drivers → the CardDrivers the cards read: the reason rendered to its sentence (with its code
 * kept), the rule or variable named, sorted by |contribution| (largest first; ties keep engine order).
 */

const round = (value: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

/**
 * Evidence as stored JSON: numbers to at most 4 decimals (evidence is read by people, and every driver of
 * every account carries some), and a number that is not finite (e.g. "never" as Infinity) as null.
 */
function evidenceOf(evidence: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in evidence) {
    const value = evidence[key];
    out[key] = typeof value !== 'number' ? value : Number.isFinite(value) ? round(value, 4) : null;
  }
  return out;
}

export function byImpact(drivers: CardDriver[]): CardDriver[] {
  return drivers.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

function render(reason: ReasonData): { reason: string; reasonCode: string } {
  return { reason: renderReason(reason), reasonCode: reason.code };
}

/** An account rule's share of health → CardDriver (name from the shared rule catalog). */
export function accountCardDriver(d: Driver): CardDriver {
  return {
    id: d.ruleId,
    name: ruleMeta(d.ruleId)?.name ?? d.ruleId,
    category: d.category,
    contribution: d.contribution,
    score: round(d.score, 2),
    weight: round(d.weight, 6),
    ...render(d.reason),
    evidence: evidenceOf(d.evidence),
  };
}

export function accountCardDrivers(drivers: readonly Driver[]): CardDriver[] {
  return byImpact(drivers.map(accountCardDriver));
}

/** A variable of renewal risk or a deal score → CardDriver. */
export function variableCardDriver(score: VariableScore, d: VariableDriver): CardDriver {
  return {
    id: variableId(score, d.variable),
    name: variableName(score, d.variable),
    category: score,
    contribution: round(d.contribution, 2),
    score: Number.isFinite(d.value) ? round(d.value, 2) : null,
    weight: d.weight,
    ...render(d.reason),
    evidence: evidenceOf(d.evidence),
  };
}

export function variableCardDrivers(score: VariableScore, drivers: readonly VariableDriver[]): CardDriver[] {
  return byImpact(drivers.map((d) => variableCardDriver(score, d)));
}
