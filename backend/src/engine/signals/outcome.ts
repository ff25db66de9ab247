import type { SignalSeverity } from '@pillar/shared';
import type { RuleOutcome, SignalSubject } from './types';

type Threshold = Readonly<Record<string, number | boolean | string>>;
type Evidence = Readonly<Record<string, unknown>>;

export function fired(args: {
  type: string;
  severity: SignalSeverity;
  title: string;
  threshold: Threshold;
  evidence: Evidence;
  margin?: number;
}): RuleOutcome {
  return { status: 'fired', margin: clamp01(args.margin ?? 0), ...args };
}

export function clear(evidence: Evidence): RuleOutcome {
  return { status: 'clear', evidence };
}

export function notApplicable(...missing: string[]): RuleOutcome {
  return { status: 'not_applicable', missing };
}

/** One step of a severity ladder: the first step whose test passes wins, so list the most severe first. */
export interface LadderStep {
  readonly severity: SignalSeverity;
  readonly type: string;
  /** The threshold key and value this step compares against. */
  readonly key: string;
  readonly value: number;
}

/**
 * Walks a ladder for "higher is worse" (`at-or-above`, `above`) or "lower is worse" (`at-or-below`, `below`)
 * comparisons and returns the matching step with how far past it the value is (0–1, relative).
 */
export function climb(
  value: number,
  steps: readonly LadderStep[],
  comparison: 'at-or-above' | 'above' | 'at-or-below' | 'below',
): { step: LadderStep; margin: number } | null {
  for (const step of steps) {
    const passes =
      comparison === 'at-or-above' ? value >= step.value : comparison === 'above' ? value > step.value : comparison === 'at-or-below' ? value <= step.value : value < step.value;
    if (passes) return { step, margin: relativeMargin(value, step.value) };
  }
  return null;
}

export function relativeMargin(value: number, threshold: number): number {
  if (!Number.isFinite(value)) return 1;
  return clamp01(Math.abs(value - threshold) / Math.max(Math.abs(threshold), 1));
}

export function clamp01(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.min(1, Math.max(0, x));
}

/** Days as evidence: Infinity ("never") becomes null in JSON, so it is spelled out. */
export function daysEvidence(days: number): number | 'never' {
  return Number.isFinite(days) ? Math.round(days * 10) / 10 : 'never';
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** `<rule key>:<subject kind>:<subject id>`. Severity is not part of it: an escalation updates the signal. */
export function dedupeKeyOf(ruleKey: string, subject: Pick<SignalSubject, 'kind' | 'id'>): string {
  return `${ruleKey}:${subject.kind}:${subject.id}`;
}

/**
 * Confidence 0–100: mostly how complete the inputs were (data sufficiency; 0.7 when unknown), partly how
 * far past its threshold the value is (a value at the threshold is less certain than one far beyond it).
 */
export function confidenceOf(dataSufficiency: number | null, margin: number): number {
  const sufficiency = clamp01(dataSufficiency ?? 0.7);
  return Math.round(100 * (0.65 * sufficiency + 0.35 * (0.5 + 0.5 * clamp01(margin))));
}
