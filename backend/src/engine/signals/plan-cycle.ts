import type { SignalSeverity, SignalState } from '@pillar/shared';
import { holdsBack, severityRank, type ClosedSignal } from './lifecycle';
import type { SignalClearance, SignalEvaluation } from './types';

/** An open signal (PENDING, ACTIVE, ACKNOWLEDGED, IN_PROGRESS) as the planner needs it. */
export interface OpenSignal {
  readonly id: string;
  readonly dedupeKey: string;
  readonly state: SignalState;
  readonly type: string;
  readonly severity: SignalSeverity;
  readonly createdAt: Date;
}

export interface SignalCyclePlan {
  /** New signals: inserted PENDING, and moved to ACTIVE at once when `activate` (no confirmation needed). */
  readonly creates: { readonly evaluation: SignalEvaluation; readonly activate: boolean }[];
  /** The condition still holds: evidence, severity and expiry are refreshed on the open signal. */
  readonly refires: {
    readonly id: string;
    readonly evaluation: SignalEvaluation;
    /** A PENDING signal seen again in a later cycle is confirmed. */
    readonly activate: boolean;
    readonly previousSeverity: SignalSeverity;
    readonly escalated: boolean;
  }[];
  /** The rule was evaluated and its condition no longer holds. */
  readonly autoResolves: { readonly id: string; readonly clearance: SignalClearance }[];
  /** Conditions that hold but may not raise a signal yet (cooldown after resolve, suppression period). */
  readonly held: { readonly dedupeKey: string; readonly reason: 'cooldown' | 'suppressed' }[];
}

/**
 * Decides what a cycle does to the stored signals, from what is open, what was recently closed and what the
 * catalog just said. Pure: the store applies the plan in one transaction. Invariant: at most one open signal
 * per dedupe key (a key that fired twice in one batch keeps its most severe evaluation).
 */
export function planSignalCycle(args: {
  open: readonly OpenSignal[];
  closed: readonly ClosedSignal[];
  fired: readonly SignalEvaluation[];
  cleared: readonly SignalClearance[];
  now: Date;
}): SignalCyclePlan {
  const plan: { [K in keyof SignalCyclePlan]: SignalCyclePlan[K][number][] } = { creates: [], refires: [], autoResolves: [], held: [] };
  const openByKey = new Map(args.open.map((s) => [s.dedupeKey, s]));
  const closedByKey = new Map<string, ClosedSignal[]>();
  for (const c of args.closed) closedByKey.set(c.dedupeKey, [...(closedByKey.get(c.dedupeKey) ?? []), c]);

  const firedByKey = new Map<string, SignalEvaluation>();
  for (const e of args.fired) {
    const seen = firedByKey.get(e.dedupeKey);
    if (!seen || severityRank(e.severity) > severityRank(seen.severity)) firedByKey.set(e.dedupeKey, e);
  }

  for (const evaluation of firedByKey.values()) {
    const open = openByKey.get(evaluation.dedupeKey);
    if (open) {
      plan.refires.push({
        id: open.id,
        evaluation,
        activate: open.state === 'PENDING' && open.createdAt.getTime() < args.now.getTime(),
        previousSeverity: open.severity,
        escalated: severityRank(evaluation.severity) > severityRank(open.severity),
      });
      continue;
    }
    const hold = (closedByKey.get(evaluation.dedupeKey) ?? []).map((c) => holdsBack(c, evaluation.severity, args.now)).find((h) => h !== null);
    if (hold) {
      plan.held.push({ dedupeKey: evaluation.dedupeKey, reason: hold });
      continue;
    }
    plan.creates.push({ evaluation, activate: evaluation.confirmCycles === 1 });
  }

  for (const clearance of args.cleared) {
    if (firedByKey.has(clearance.dedupeKey)) continue;
    const open = openByKey.get(clearance.dedupeKey);
    if (open) plan.autoResolves.push({ id: open.id, clearance });
  }
  return plan;
}
