import { z } from 'zod';
import type { StoredPlay } from '../../db/queries/play-store';
import type { StoredSignal } from '../../db/queries/signal-store';
import type { SignalActor } from '../../engine/signals/lifecycle';

/**
 * Outbound webhook events (docs/webhooks.md). Each delivery's body is `{ id, event, timestamp, data }`; `id`
 * is the event's id (the same for every endpoint, so receivers can drop duplicates). The record key orders
 * deliveries: events about one record reach an endpoint in the order they happened.
 */
export const WEBHOOK_EVENTS = ['signal.created', 'signal.transitioned', 'play.created', 'play.completed', 'score.band_changed', 'deal.at_risk'] as const;
export const webhookEventNameSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEventName = z.infer<typeof webhookEventNameSchema>;

export interface WebhookEvent {
  readonly event: WebhookEventName;
  readonly recordKey: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The delivered body, as a receiver parses it. */
export const webhookPayloadSchema = z.object({
  id: z.string().uuid(),
  event: webhookEventNameSchema,
  timestamp: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

function signalData(s: StoredSignal) {
  return {
    signalId: s.id,
    type: s.type,
    family: s.family,
    severity: s.severity,
    state: s.state,
    title: s.title,
    ruleId: s.ruleId,
    threshold: s.threshold,
    evidence: s.evidence,
    recommendedAction: s.recommendedAction,
    confidence: s.confidence,
    dedupeKey: s.dedupeKey,
    accountId: s.accountId,
    opportunityId: s.opportunityId,
    ownerId: s.ownerId,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt?.toISOString() ?? null,
  };
}

export function signalCreatedEvent(signal: StoredSignal): WebhookEvent {
  return { event: 'signal.created', recordKey: `signal:${signal.id}`, data: signalData(signal) };
}

export function signalTransitionedEvent(
  signal: StoredSignal,
  change: { from: string | null; to: string; actor: SignalActor; note: string | null; evidence?: Readonly<Record<string, unknown>> | null },
): WebhookEvent {
  return {
    event: 'signal.transitioned',
    recordKey: `signal:${signal.id}`,
    data: {
      ...signalData(signal),
      state: change.to,
      transition: {
        from: change.from,
        to: change.to,
        actor: change.actor.kind === 'user' ? { kind: 'user', userId: change.actor.userId } : { kind: 'system' },
        note: change.note,
        evidence: change.evidence ?? null,
      },
    },
  };
}

export function playCreatedEvent(play: StoredPlay): WebhookEvent {
  return {
    event: 'play.created',
    recordKey: `play:${play.id}`,
    data: {
      playId: play.id,
      templateKey: play.templateKey,
      name: play.name,
      signalId: play.signalId,
      accountId: play.accountId,
      opportunityId: play.opportunityId,
      ownerId: play.ownerId,
      slaDueAt: play.slaDueAt.toISOString(),
      tasks: play.tasks.map((t) => ({ taskId: t.id, order: t.orderNum, title: t.title, ownerId: t.ownerId, dueAt: t.dueAt.toISOString() })),
    },
  };
}

/** For the play completion API: emitted with the completed play in the same transaction. */
export function playCompletedEvent(play: {
  playId: string;
  templateKey: string;
  name: string;
  signalId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  outcome: string;
  note: string | null;
  completedAt: Date;
  completedBy: string | null;
}): WebhookEvent {
  return { event: 'play.completed', recordKey: `play:${play.playId}`, data: { ...play, completedAt: play.completedAt.toISOString() } };
}

/** For the scoring cycle: a health or renewal-risk band moved. */
export function scoreBandChangedEvent(change: { accountId: string; score: 'health' | 'renewal_risk'; from: string | null; to: string; value: number }): WebhookEvent {
  return { event: 'score.band_changed', recordKey: `account:${change.accountId}`, data: { ...change } };
}

export function dealAtRiskEvent(deal: { opportunityId: string; accountId: string | null; dealRisk: number | null; severity: string; signalId: string; reasons: unknown }): WebhookEvent {
  return { event: 'deal.at_risk', recordKey: `opportunity:${deal.opportunityId}`, data: { ...deal } };
}
