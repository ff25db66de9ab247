import type { SignalState } from '@pillar/shared';
import {
  insertSignals,
  insertTransitions,
  loadSignals,
  refreshSignals,
  writeSignalStates,
  type SignalExecutor,
  type StoredSignal,
  type TransitionRow,
} from '../db/queries/signal-store';
import { applySignalCommand, SYSTEM_ACTOR } from '../engine/signals/lifecycle';
import type { SignalCyclePlan } from '../engine/signals/plan-cycle';
import type { SignalEvaluation } from '../engine/signals/types';
import { signalCreatedEvent, signalTransitionedEvent, type WebhookEvent } from '../notify/webhooks/events';

/** What applying a plan changed, for plays, notifications, webhooks and the cycle report. */
export interface AppliedSignals {
  created: StoredSignal[];
  /** Signals that became ACTIVE now (created active, or a PENDING one confirmed): they start plays. */
  activated: StoredSignal[];
  refreshed: StoredSignal[];
  /** Open signals whose severity rose in this apply. */
  escalated: StoredSignal[];
  resolved: StoredSignal[];
  held: { cooldown: number; suppressed: number };
  events: WebhookEvent[];
}

function newRow(e: SignalEvaluation, state: 'PENDING' | 'ACTIVE', now: Date) {
  return {
    type: e.type,
    family: e.family,
    severity: e.severity,
    title: e.title,
    ruleId: e.ruleId,
    threshold: { ...e.threshold },
    evidence: { ...e.evidence },
    recommendedAction: e.recommendedAction,
    confidence: e.confidence,
    dedupeKey: e.dedupeKey,
    accountId: e.subject.accountId,
    opportunityId: e.subject.opportunityId,
    ownerId: e.subject.ownerId,
    expiresAt: e.expiresAt,
    state,
    now,
  };
}

const system = (signalId: string, from: SignalState | null, to: SignalState, note: string, evidence: Record<string, unknown> | null, at: Date): TransitionRow => ({
  signalId,
  from,
  to,
  actorKind: 'system',
  actorId: null,
  note,
  evidence,
  at,
});

/**
 * Applies a cycle plan in the caller's transaction: inserts (PENDING, or ACTIVE at once when no confirmation
 * is needed), refreshes re-fired signals, auto-resolves cleared ones through the lifecycle reducer, records
 * every transition with its evidence, and returns the webhook events to queue in the same transaction.
 */
export async function applySignalPlan(tx: SignalExecutor, plan: SignalCyclePlan, args: { now: Date; cooldownHours: number }): Promise<AppliedSignals> {
  const { now } = args;
  const transitions: TransitionRow[] = [];
  const events: WebhookEvent[] = [];

  const created = await insertSignals(
    tx,
    plan.creates.map((c) => newRow(c.evaluation, c.activate ? 'ACTIVE' : 'PENDING', now)),
  );
  for (const s of created) {
    transitions.push(system(s.id, null, 'PENDING', 'raised', { ruleId: s.ruleId, threshold: s.threshold, evidence: s.evidence }, now));
    events.push(signalCreatedEvent(s));
    if (s.state === 'ACTIVE') {
      transitions.push(system(s.id, 'PENDING', 'ACTIVE', 'activated', null, now));
      events.push(signalTransitionedEvent(s, { from: 'PENDING', to: 'ACTIVE', actor: SYSTEM_ACTOR, note: 'activated' }));
    }
  }

  const refreshed = await refreshSignals(
    tx,
    plan.refires.map((r) => ({
      id: r.id,
      type: r.evaluation.type,
      severity: r.evaluation.severity,
      title: r.evaluation.title,
      ruleId: r.evaluation.ruleId,
      threshold: { ...r.evaluation.threshold },
      evidence: { ...r.evaluation.evidence },
      recommendedAction: r.evaluation.recommendedAction,
      confidence: r.evaluation.confidence,
      ownerId: r.evaluation.subject.ownerId,
      expiresAt: r.evaluation.expiresAt,
      activate: r.activate,
    })),
    now,
  );
  const refireById = new Map(plan.refires.map((r) => [r.id, r]));
  const confirmed = refreshed.filter((s) => refireById.get(s.id)?.activate && s.state === 'ACTIVE');
  for (const s of confirmed) {
    transitions.push(system(s.id, 'PENDING', 'ACTIVE', 'confirmed: the condition held in a second cycle', { evidence: s.evidence }, now));
    events.push(signalTransitionedEvent(s, { from: 'PENDING', to: 'ACTIVE', actor: SYSTEM_ACTOR, note: 'confirmed' }));
  }
  const escalated = refreshed.filter((s) => refireById.get(s.id)?.escalated);

  // Auto-resolve through the reducer: the same rules as a person resolving, with the clearing evidence.
  const toResolve = await loadSignals(tx, plan.autoResolves.map((r) => r.id));
  const clearanceById = new Map(plan.autoResolves.map((r) => [r.id, r.clearance]));
  const writes = [];
  const resolvedTransitions = new Map<string, TransitionRow>();
  for (const s of toResolve) {
    const clearance = clearanceById.get(s.id)!;
    const result = applySignalCommand(
      { state: s.state, expiresAt: s.expiresAt, suppressedUntil: s.suppressedUntil, suppressReason: s.suppressReason, cooldownUntil: s.cooldownUntil, resolvedAt: s.resolvedAt },
      { kind: 'resolve', note: 'condition cleared', evidence: { ruleId: clearance.ruleId, ...clearance.evidence }, cooldownHours: args.cooldownHours },
      SYSTEM_ACTOR,
      now,
    );
    if (!result.ok) continue;
    writes.push({ id: s.id, from: s.state, to: result.next.state, resolvedAt: result.next.resolvedAt, cooldownUntil: result.next.cooldownUntil });
    resolvedTransitions.set(s.id, system(s.id, s.state, 'RESOLVED', 'condition cleared', { ruleId: clearance.ruleId, ...clearance.evidence }, now));
  }
  const written = new Set(await writeSignalStates(tx, writes, now));
  const resolved = toResolve.filter((s) => written.has(s.id)).map((s) => ({ ...s, state: 'RESOLVED' as const, resolvedAt: now }));
  for (const s of resolved) {
    const t = resolvedTransitions.get(s.id)!;
    transitions.push(t);
    events.push(signalTransitionedEvent(s, { from: t.from, to: 'RESOLVED', actor: SYSTEM_ACTOR, note: t.note, evidence: t.evidence }));
  }

  await insertTransitions(tx, transitions);
  return {
    created,
    activated: [...created.filter((s) => s.state === 'ACTIVE'), ...confirmed],
    refreshed,
    escalated,
    resolved,
    held: { cooldown: plan.held.filter((h) => h.reason === 'cooldown').length, suppressed: plan.held.filter((h) => h.reason === 'suppressed').length },
    events,
  };
}
