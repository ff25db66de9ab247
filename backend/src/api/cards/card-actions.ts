import type { z } from 'zod';
import { availableActions, type PlayCard, type playCompleteRequestSchema, type SignalCard, type SignalTransitionRequest } from '@pillar/shared';
import type { Actor } from '../../auth/actor';
import type { TenantTx } from '../../db/database';
import { appendAudit } from '../../db/queries/audit';
import { findPlay, findSignal, loadRecordTeam, type PlayRow } from '../../db/queries/cards';
import { lockPlayTasks, markPlayCompleted, setRenewalDisposition, setTaskDone, type TaskState } from '../../db/queries/play-actions';
import { checkPlayCompletion, type CompletionCheck } from '../../engine/plays/completion';
import type { SignalCommand } from '../../engine/signals/lifecycle';
import { enqueueWebhookEvent } from '../../notify/webhooks/enqueue';
import { playCompletedEvent } from '../../notify/webhooks/events';
import * as signals from '../../signals/transition-signal';
import { HttpError, notFound } from '../errors';
import { authorizeRecord, inTenant, type RequestScope } from '../tenant-work';
import { playCards } from './card-reads';
import { toSignalCard } from './signal-card';

const conflict = (message: string, details: unknown) => new HttpError(409, 'CONFLICT', message, details);

function auditBase(scope: RequestScope, actor: Actor) {
  return { orgId: actor.orgId, actorId: actor.userId, actorKind: 'user' as const, at: scope.now };
}

/** A card's signal action as a lifecycle command; a resolve starts the tenant's cooldown. */
async function commandOf(tx: TenantTx, request: SignalTransitionRequest): Promise<SignalCommand> {
  switch (request.action) {
    case 'acknowledge':
    case 'start':
      return { kind: request.action, ...(request.note !== undefined ? { note: request.note } : {}) };
    case 'resolve': {
      const { thresholds } = await signals.tenantSignalProfile(tx);
      return { kind: 'resolve', ...(request.note !== undefined ? { note: request.note } : {}), cooldownHours: thresholds.cooldown_hours };
    }
    case 'suppress':
      return { kind: 'suppress', reason: request.reason, until: new Date(request.until) };
  }
}

/**
 * A person moves a signal through its lifecycle (acknowledge, start, resolve, suppress) through the one
 * transition path (signals/transition-signal.ts): the row is locked, the person must be on the record's team,
 * the move must be legal or it is a 409 naming both states and the actions still open, and the change, its
 * signal_transitions row, its `signal.transitioned` webhook and its audit entry commit together.
 */
export function transitionSignal(scope: RequestScope, signalId: string, request: SignalTransitionRequest): Promise<SignalCard> {
  if (request.action === 'suppress' && new Date(request.until).getTime() <= scope.now.getTime()) {
    throw new HttpError(400, 'BAD_REQUEST', 'body.until: must be in the future', [{ path: 'body.until', message: 'must be in the future' }]);
  }
  return inTenant(scope, async (tx, actor) => {
    const outcome = await signals.transitionSignal(tx, {
      signalId,
      command: await commandOf(tx, request),
      actor: { kind: 'user', userId: actor.userId },
      now: scope.now,
      authorize: async (signal) => {
        const team = await loadRecordTeam(tx, { accountId: signal.accountId, opportunityId: signal.opportunityId, extraOwnerIds: [signal.ownerId] });
        authorizeRecord(actor, 'act', team, { entity: 'signal', entityId: signal.id });
      },
    });
    if (!outcome.ok) throw refusal(outcome, request, signalId);
    const updated = await findSignal(tx, signalId, { lock: false });
    return toSignalCard(updated!);
  });
}

function refusal(outcome: signals.TransitionRefusal, request: SignalTransitionRequest, signalId: string): HttpError {
  const { from, to } = outcome;
  if (outcome.code === 'not_found' || from === null) return notFound(`No signal ${signalId}`);
  if (outcome.code === 'invalid_suppression') return new HttpError(400, 'BAD_REQUEST', outcome.message);
  return conflict(`Cannot ${request.action} a ${from} signal: ${from} → ${to} is not a legal transition`, { from, to, allowedActions: availableActions(from) });
}

/** The play, locked, if the actor may act on its record (404 / 403 otherwise). */
async function authorizedPlay(tx: TenantTx, actor: Actor, playId: string): Promise<PlayRow> {
  const play = await findPlay(tx, playId, { lock: true });
  if (!play) throw notFound(`No play ${playId}`);
  const team = await loadRecordTeam(tx, { accountId: play.accountId, opportunityId: play.opportunityId, extraOwnerIds: [play.ownerId] });
  authorizeRecord(actor, 'act', team, { entity: 'play', entityId: play.id });
  return play;
}

const closedPlay = (play: PlayRow) => conflict(`The play is ${play.state}; it can no longer change`, { state: play.state });

async function reloadPlayCard(tx: TenantTx, scope: RequestScope, playId: string): Promise<PlayCard> {
  const play = await findPlay(tx, playId, { lock: false });
  const [card] = await playCards(tx, [play!], scope.now);
  return card!;
}

/** Marks a task of a play done (or not done again). Setting the state it already has changes nothing. */
export function toggleTask(scope: RequestScope, playId: string, taskId: string, done: boolean): Promise<PlayCard> {
  return inTenant(scope, async (tx, actor) => {
    const play = await authorizedPlay(tx, actor, playId);
    if (play.state !== 'ACTIVE' && play.state !== 'PAUSED') throw closedPlay(play);
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

type CompleteRequest = z.output<typeof playCompleteRequestSchema>;

function completionRefused(check: Extract<CompletionCheck, { ok: false }>, play: PlayRow, open: TaskState[]): HttpError {
  switch (check.code) {
    case 'not_active':
      return closedPlay(play);
    case 'tasks_open':
      return conflict(`${open.length} task(s) of this play are still open: ${open.map((t) => `"${t.title}"`).join(', ')}`, {
        openTasks: open.map((t) => ({ id: t.id, title: t.title })),
      });
    case 'outcome_required':
      return new HttpError(400, 'BAD_REQUEST', `body.outcome: ${check.message}`, [{ path: 'body.outcome', message: check.message }]);
  }
}

/**
 * Completes a play with its outcome (reference §9), in one transaction: every task must be done
 * (checkPlayCompletion; else 409 naming the open ones); the play is closed with outcome and note; the signal
 * that started it is resolved through the one transition path (the person as actor, the outcome as note; a
 * signal already closed stays as it is); a renewal play sets the disposition of the account's open renewal
 * (Renewed/Expanded → RENEWED, Churned/Lost → CHURNED); `play.completed` is queued; each change is audited.
 */
export function completePlay(scope: RequestScope, playId: string, request: CompleteRequest): Promise<PlayCard> {
  return inTenant(scope, async (tx, actor) => {
    const play = await authorizedPlay(tx, actor, playId);
    const open = (await lockPlayTasks(tx, play.id)).filter((t) => t.doneAt === null);
    const check = checkPlayCompletion({ state: play.state, templateKey: play.templateKey, openTasks: open.length, outcome: request.outcome });
    if (!check.ok) throw completionRefused(check, play, open);
    const note = request.note ?? null;
    await markPlayCompleted(tx, play.id, { outcome: request.outcome, note, at: scope.now });

    let resolvedSignalId: string | null = null;
    if (check.effects.resolveSignal && play.signal) {
      const { thresholds } = await signals.tenantSignalProfile(tx);
      const resolved = await signals.transitionSignal(tx, {
        signalId: play.signal.id,
        command: { kind: 'resolve', note: note ? `${request.outcome}: ${note}` : request.outcome, evidence: { playId: play.id, outcome: request.outcome }, cooldownHours: thresholds.cooldown_hours },
        actor: { kind: 'user', userId: actor.userId },
        now: scope.now,
      });
      if (resolved.ok) resolvedSignalId = resolved.signal.id;
    }

    const disposition = check.effects.renewalDisposition;
    const renewal =
      disposition && play.accountId
        ? await setRenewalDisposition(tx, { accountId: play.accountId, opportunityId: play.opportunityId, disposition, today: scope.now.toISOString().slice(0, 10), at: scope.now })
        : null;
    if (renewal) {
      await appendAudit(tx, {
        ...auditBase(scope, actor),
        action: 'renewal.disposition',
        entity: 'renewal',
        entityId: renewal.renewalId,
        before: { disposition: renewal.before },
        after: { disposition: renewal.after, playId: play.id, outcome: request.outcome },
      });
    }

    await enqueueWebhookEvent(
      tx,
      playCompletedEvent({
        playId: play.id,
        templateKey: play.templateKey,
        name: play.name,
        signalId: play.signal?.id ?? null,
        accountId: play.accountId,
        opportunityId: play.opportunityId,
        outcome: request.outcome,
        note,
        completedAt: scope.now,
        completedBy: actor.userId,
      }),
      { now: scope.now },
    );
    await appendAudit(tx, {
      ...auditBase(scope, actor),
      action: 'play.complete',
      entity: 'play',
      entityId: play.id,
      before: { state: play.state, outcome: play.outcome },
      after: { state: 'COMPLETED', outcome: request.outcome, note, resolvedSignalId, renewal: renewal ? { id: renewal.renewalId, disposition: renewal.after } : null },
    });
    return reloadPlayCard(tx, scope, play.id);
  });
}
