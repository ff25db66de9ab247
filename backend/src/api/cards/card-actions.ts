import { availableActions, canTransition, targetOfAction, type PlayCard, type SignalCard, type SignalTransitionRequest } from '@pillar/shared';
import type { Actor } from '../../auth/actor';
import type { TenantTx } from '../../db/database';
import { appendAudit } from '../../db/queries/audit';
import { findPlay, findSignal, loadRecordTeam, type PlayRow } from '../../db/queries/cards';
import { lockPlayTasks, markPlayCompleted, setTaskDone } from '../../db/queries/play-actions';
import { applySignalStateChange } from '../../db/queries/signal-actions';
import { HttpError, notFound } from '../errors';
import { authorizeRecord, inTenant, type RequestScope } from '../tenant-work';
import { playCards } from './card-reads';
import { toSignalCard } from './signal-card';

const conflict = (message: string, details: unknown) => new HttpError(409, 'CONFLICT', message, details);

function auditBase(scope: RequestScope, actor: Actor) {
  return { orgId: actor.orgId, actorId: actor.userId, actorKind: 'user' as const, at: scope.now };
}

/**
 * A person moves a signal through its lifecycle (acknowledge, start, resolve, suppress). The signal row is
 * locked, the move must be legal (shared/src/signals/lifecycle.ts) or it is a 409 naming both states, and the
 * change, its signal_transitions row and its audit entry commit together.
 */
export function transitionSignal(scope: RequestScope, signalId: string, request: SignalTransitionRequest): Promise<SignalCard> {
  if (request.action === 'suppress' && new Date(request.until).getTime() <= scope.now.getTime()) {
    throw new HttpError(400, 'BAD_REQUEST', 'body.until: must be in the future', [{ path: 'body.until', message: 'must be in the future' }]);
  }
  return inTenant(scope, async (tx, actor) => {
    const signal = await findSignal(tx, signalId, { lock: true });
    if (!signal) throw notFound(`No signal ${signalId}`);
    const team = await loadRecordTeam(tx, { accountId: signal.accountId, opportunityId: signal.opportunityId, extraOwnerIds: [signal.ownerId] });
    authorizeRecord(actor, 'act', team, { entity: 'signal', entityId: signal.id });
    const to = targetOfAction(request.action);
    if (!canTransition(signal.state, to)) {
      throw conflict(`Cannot ${request.action} a ${signal.state} signal: ${signal.state} → ${to} is not a legal transition`, {
        from: signal.state,
        to,
        allowedActions: availableActions(signal.state),
      });
    }
    const suppress = request.action === 'suppress' ? { until: new Date(request.until), reason: request.reason } : null;
    const note = request.action === 'suppress' ? request.reason : (request.note ?? null);
    await applySignalStateChange(tx, { orgId: actor.orgId, signalId: signal.id, from: signal.state, to, actorId: actor.userId, note, suppress, at: scope.now });
    await appendAudit(tx, {
      ...auditBase(scope, actor),
      action: `signal.${request.action}`,
      entity: 'signal',
      entityId: signal.id,
      before: { state: signal.state },
      after: { state: to, note, ...(suppress ? { suppressedUntil: suppress.until.toISOString() } : {}) },
    });
    const updated = await findSignal(tx, signal.id, { lock: false });
    return toSignalCard(updated!);
  });
}

async function actionablePlay(tx: TenantTx, actor: Actor, playId: string): Promise<PlayRow> {
  const play = await findPlay(tx, playId, { lock: true });
  if (!play) throw notFound(`No play ${playId}`);
  const team = await loadRecordTeam(tx, { accountId: play.accountId, opportunityId: play.opportunityId, extraOwnerIds: [play.ownerId] });
  authorizeRecord(actor, 'act', team, { entity: 'play', entityId: play.id });
  if (play.state !== 'ACTIVE' && play.state !== 'PAUSED') {
    throw conflict(`The play is ${play.state}; it can no longer change`, { state: play.state });
  }
  return play;
}

async function reloadPlayCard(tx: TenantTx, scope: RequestScope, playId: string): Promise<PlayCard> {
  const play = await findPlay(tx, playId, { lock: false });
  const [card] = await playCards(tx, [play!], scope.now);
  return card!;
}

/** Marks a task of a play done (or not done again). Setting the state it already has changes nothing. */
export function toggleTask(scope: RequestScope, playId: string, taskId: string, done: boolean): Promise<PlayCard> {
  return inTenant(scope, async (tx, actor) => {
    const play = await actionablePlay(tx, actor, playId);
    const task = (await lockPlayTasks(tx, play.id)).find((t) => t.id === taskId);
    if (!task) throw notFound(`No task ${taskId} in play ${playId}`);
    if ((task.doneAt !== null) !== done) {
      const after = await setTaskDone(tx, { playId: play.id, taskId: task.id }, { done, at: scope.now, by: actor.userId });
      await appendAudit(tx, {
        ...auditBase(scope, actor),
        action: done ? 'play_task.complete' : 'play_task.reopen',
        entity: 'play_task',
        entityId: task.id,
        before: { playId: play.id, done: task.doneAt !== null, doneAt: task.doneAt?.toISOString() ?? null, doneBy: task.doneBy },
        after: { playId: play.id, done, doneAt: after.doneAt?.toISOString() ?? null, doneBy: after.doneBy },
      });
    }
    return reloadPlayCard(tx, scope, play.id);
  });
}

/** Completes a play with its outcome; every task must be done first (else 409 naming the open ones). */
export function completePlay(scope: RequestScope, playId: string, request: { outcome: string; note?: string | undefined }): Promise<PlayCard> {
  return inTenant(scope, async (tx, actor) => {
    const play = await actionablePlay(tx, actor, playId);
    const open = (await lockPlayTasks(tx, play.id)).filter((t) => t.doneAt === null);
    if (open.length) {
      throw conflict(`${open.length} task(s) of this play are still open: ${open.map((t) => `"${t.title}"`).join(', ')}`, {
        openTasks: open.map((t) => ({ id: t.id, title: t.title })),
      });
    }
    const note = request.note ?? null;
    await markPlayCompleted(tx, play.id, { outcome: request.outcome, note, at: scope.now });
    await appendAudit(tx, {
      ...auditBase(scope, actor),
      action: 'play.complete',
      entity: 'play',
      entityId: play.id,
      before: { state: play.state, outcome: play.outcome },
      after: { state: 'COMPLETED', outcome: request.outcome, note },
    });
    return reloadPlayCard(tx, scope, play.id);
  });
}
