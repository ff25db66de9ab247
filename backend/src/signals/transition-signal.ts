import { insertTransitions, lockSignal, writeSignalStates, type SignalExecutor, type StoredSignal } from '../db/queries/signal-store';
import { applySignalCommand, type SignalActor, type SignalCommand } from '../engine/signals/lifecycle';
import { enqueueWebhookEvent } from '../notify/webhooks/enqueue';
import { signalTransitionedEvent } from '../notify/webhooks/events';

export type TransitionOutcome =
  | { ok: true; signal: StoredSignal }
  | { ok: false; code: 'not_found' | 'illegal_transition' | 'invalid_suppression' | 'not_expired'; message: string };

/**
 * Moves one signal through the lifecycle reducer in the caller's transaction: locks it, applies the command
 * (illegal moves are refused with the reason), writes the new state, records the transition with its actor
 * and note, and queues `signal.transitioned`. Used by the system (play completion, STARBRIDGE, tests) and
 * available to the API for person-driven moves.
 */
export async function transitionSignal(
  tx: SignalExecutor,
  args: { signalId: string; command: SignalCommand; actor: SignalActor; now: Date },
): Promise<TransitionOutcome> {
  const current = await lockSignal(tx, args.signalId);
  if (!current) return { ok: false, code: 'not_found', message: 'No such signal' };
  const result = applySignalCommand(current, args.command, args.actor, args.now);
  if (!result.ok) return result;
  const { next, transition } = result;
  await writeSignalStates(
    tx,
    [{ id: current.id, from: current.state, to: next.state, resolvedAt: next.resolvedAt, cooldownUntil: next.cooldownUntil, suppressedUntil: next.suppressedUntil, suppressReason: next.suppressReason }],
    args.now,
  );
  await insertTransitions(tx, [
    {
      signalId: current.id,
      from: transition.from,
      to: transition.to,
      actorKind: transition.actor.kind,
      actorId: transition.actor.kind === 'user' ? transition.actor.userId : null,
      note: transition.note,
      evidence: transition.evidence ? { ...transition.evidence } : null,
      at: args.now,
    },
  ]);
  const signal: StoredSignal = { ...current, ...next, updatedAt: args.now };
  await enqueueWebhookEvent(tx, signalTransitionedEvent(signal, { from: transition.from, to: transition.to, actor: transition.actor, note: transition.note, evidence: transition.evidence }), { now: args.now });
  return { ok: true, signal };
}
