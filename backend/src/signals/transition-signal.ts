import { signalProfileOf, type SignalState } from '@pillar/shared';
import type { TenantTx } from '../db/database';
import { appendAudit } from '../db/queries/audit';
import { activeProfileVersion } from '../db/queries/profile-versions';
import { currentOrgId } from '../db/queries/signal-actions';
import { insertTransitions, lockSignal, writeSignalStates, type StoredSignal } from '../db/queries/signal-store';
import { applySignalCommand, targetOfCommand, type SignalActor, type SignalCommand } from '../engine/signals/lifecycle';
import { resolveSignalProfile, type ResolvedSignalProfile } from '../engine/signals/thresholds';
import { enqueueWebhookEvent } from '../notify/webhooks/enqueue';
import { signalTransitionedEvent } from '../notify/webhooks/events';

export type TransitionRefusal = {
  ok: false;
  code: 'not_found' | 'illegal_transition' | 'invalid_suppression' | 'not_expired';
  message: string;
  /** The state the signal was in (null when there is no such signal) and the state the command aimed at. */
  from: SignalState | null;
  to: SignalState;
};

export type TransitionOutcome = { ok: true; signal: StoredSignal; from: SignalState } | TransitionRefusal;

export interface TransitionArgs {
  signalId: string;
  command: SignalCommand;
  actor: SignalActor;
  now: Date;
  /**
   * Runs on the locked signal before the command is applied: the API's RBAC check (throw to refuse). Nothing
   * has been written when it throws.
   */
  authorize?: (signal: StoredSignal) => void | Promise<void>;
}

/**
 * The one path for moving a single signal, whoever moves it (a person from a card, play completion, the
 * system): locks the row, lets the caller authorize, applies the command through the lifecycle reducer
 * (illegal moves are refused with the states, and nothing is written), writes the new state (a resolve starts
 * the cooldown, a suppression stores its end, both of which the cycle's planner honours), records the
 * transition with its actor and note, queues `signal.transitioned` and appends the audit entry with before and
 * after, all in the caller's transaction. The cycle's bulk moves (create, confirm, auto-resolve, expire) go
 * through the same reducer in apply-signal-plan.ts.
 */
export async function transitionSignal(tx: TenantTx, args: TransitionArgs): Promise<TransitionOutcome> {
  const to = targetOfCommand(args.command);
  const current = await lockSignal(tx, args.signalId);
  if (!current) return { ok: false, code: 'not_found', message: 'No such signal', from: null, to };
  await args.authorize?.(current);
  const result = applySignalCommand(current, args.command, args.actor, args.now);
  if (!result.ok) return { ok: false, code: result.code, message: result.message, from: current.state, to };
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
  await appendAudit(tx, {
    orgId: await currentOrgId(tx),
    actorId: transition.actor.kind === 'user' ? transition.actor.userId : null,
    actorKind: transition.actor.kind,
    action: `signal.${args.command.kind}`,
    entity: 'signal',
    entityId: current.id,
    before: { state: current.state },
    after: {
      state: next.state,
      note: transition.note,
      ...(next.state === 'SUPPRESSED' && next.suppressedUntil ? { suppressedUntil: next.suppressedUntil.toISOString() } : {}),
      ...(next.state === 'RESOLVED' && next.cooldownUntil ? { cooldownUntil: next.cooldownUntil.toISOString() } : {}),
      ...(transition.evidence ? { evidence: transition.evidence } : {}),
    },
    at: args.now,
  });
  return { ok: true, signal, from: current.state };
}

/**
 * The tenant's signal settings from its active scoring profile (defaults when it never saved one): what a
 * person's resolve needs for the cooldown, and what runSignalCycle takes as `signalProfile`.
 */
export async function tenantSignalProfile(tx: TenantTx): Promise<ResolvedSignalProfile> {
  const active = await activeProfileVersion(tx);
  return resolveSignalProfile(signalProfileOf(active?.profile ?? null));
}
