import { OPEN_SIGNAL_STATES, type SignalFamily, type SignalSeverity } from '@pillar/shared';
import type { Db } from '../db/database';
import type { StoredPlay } from '../db/queries/play-store';
import { expireDueSignals, loadPlanningState, lockTenantSignals, loadWorkflowInputs, summarizeSignals, type StoredSignal } from '../db/queries/signal-store';
import { withOrg } from '../db/tenant';
import { evaluateSignals } from '../engine/signals/evaluation';
import { SYSTEM_ACTOR } from '../engine/signals/lifecycle';
import { planSignalCycle } from '../engine/signals/plan-cycle';
import { resolveSignalProfile } from '../engine/signals/thresholds';
import type { SignalInputs } from '../engine/signals/types';
import type { Logger } from '../logger';
import { enqueueWebhookEvents } from '../notify/webhooks/enqueue';
import { dealAtRiskEvent, playCreatedEvent, scoreBandChangedEvent, signalTransitionedEvent, type WebhookEvent } from '../notify/webhooks/events';
import type { Clock } from '../runtime';
import { applySignalPlan } from './apply-signal-plan';
import { mirrorPlayTasks, type CrmTaskMirror } from './crm-task-mirror';
import { queueCriticalSignalNotifications } from './queue-notifications';
import { startPlaysForSignals } from './start-plays';

export interface SignalCycleDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** The tenant's CRM task mirror (Salesforce / HubSpot connector), when task mirroring is on. */
  crmTaskMirror?: CrmTaskMirror | null;
}

/** A band that moved in this scoring pass (the cycle knows the previous band). */
export interface BandChange {
  accountId: string;
  score: 'health' | 'renewal_risk';
  from: string | null;
  to: string;
  value: number;
}

export interface SignalCycleOptions {
  /** The tenant's signal settings (threshold overrides, switched-off types): validated here. */
  signalProfile?: unknown;
  bandChanges?: readonly BandChange[];
}

type Counts = Record<SignalFamily, Partial<Record<SignalSeverity, number>>>;

export interface SignalCycleReport {
  orgId: string;
  at: string;
  evaluated: { fired: number; cleared: number; notApplicable: number };
  created: number;
  activated: number;
  refreshed: number;
  escalated: number;
  autoResolved: number;
  expired: number;
  held: { cooldown: number; suppressed: number };
  playsCreated: number;
  notificationsQueued: number;
  webhookDeliveriesQueued: number;
  /** Signals raised in this cycle, by family and severity. */
  raised: Partial<Counts>;
  /** All open signals of the tenant after the cycle, by family and severity. */
  open: Partial<Counts>;
  crmTasks: { mirrored: number; failed: number } | null;
  /** The plays this cycle started (for callers that act on them). */
  plays: StoredPlay[];
}

function count(into: Partial<Counts>, family: SignalFamily, severity: SignalSeverity, n = 1): void {
  const f = (into[family] ??= {});
  f[severity] = (f[severity] ?? 0) + n;
}

/**
 * One tenant's signal step, after scoring: expire what ran out, evaluate the catalog over the scoring results
 * (plus the WORKFLOW SLA inputs from the database), create / refresh / confirm / auto-resolve by dedupe key,
 * start plays for newly active signals, queue Slack messages for critical ones and the outbound webhooks, all
 * in one transaction. Then, outside it, mirror the new play tasks to the CRM. Pass empty account and
 * opportunity lists for a maintenance run (expiry and SLA breaches only: rules not evaluated never resolve).
 */
export async function runSignalCycle(deps: SignalCycleDeps, orgId: string, inputs: SignalInputs, options: SignalCycleOptions = {}): Promise<SignalCycleReport> {
  const profile = resolveSignalProfile(options.signalProfile ?? {});
  const cooldownHours = profile.thresholds.cooldown_hours;
  const report: SignalCycleReport = await withOrg(deps.db, orgId, async (tx): Promise<SignalCycleReport> => {
    await lockTenantSignals(tx);
    const now = deps.clock.now();
    const events: WebhookEvent[] = [];

    const expired = await expireDueSignals(tx, now);
    for (const s of expired) events.push(signalTransitionedEvent(s, { from: s.fromState, to: 'EXPIRED', actor: SYSTEM_ACTOR, note: 'expired', evidence: { expiresAt: s.expiresAt?.toISOString() ?? null } }));

    const workflow = inputs.workflow ?? (await loadWorkflowInputs(tx));
    const evaluation = evaluateSignals({ ...inputs, workflow }, { now, profile });
    const state = await loadPlanningState(tx, { now, cooldownHours });
    const plan = planSignalCycle({ open: state.open, closed: state.closed, fired: evaluation.fired, cleared: evaluation.cleared, now });
    const applied = await applySignalPlan(tx, plan, { now, cooldownHours });
    events.push(...applied.events);

    const plays = await startPlaysForSignals(tx, applied.activated, now);
    events.push(...plays.map(playCreatedEvent));

    const escalatedActive = applied.escalated.filter((s) => s.state === 'ACTIVE' && !applied.activated.some((a) => a.id === s.id));
    const notificationsQueued = await queueCriticalSignalNotifications(tx, [...applied.activated, ...escalatedActive], now);

    for (const s of uniqueById([...applied.activated, ...escalatedActive]).filter((s) => s.type === 'deal_at_risk' && s.opportunityId)) {
      events.push(dealAtRiskEvent({ opportunityId: s.opportunityId!, accountId: s.accountId, dealRisk: numberOrNull(s.evidence.dealRisk), severity: s.severity, signalId: s.id, reasons: s.evidence }));
    }
    for (const change of options.bandChanges ?? []) events.push(scoreBandChangedEvent(change));
    const webhookDeliveriesQueued = await enqueueWebhookEvents(tx, events, { now });

    const raised: Partial<Counts> = {};
    for (const s of applied.created) count(raised, s.family, s.severity);
    const open: Partial<Counts> = {};
    for (const row of await summarizeSignals(tx)) if (OPEN_SIGNAL_STATES.includes(row.state)) count(open, row.family, row.severity, row.count);

    return {
      orgId,
      at: now.toISOString(),
      evaluated: { fired: evaluation.fired.length, cleared: evaluation.cleared.length, notApplicable: evaluation.notApplicable },
      created: applied.created.length,
      activated: applied.activated.length,
      refreshed: applied.refreshed.length,
      escalated: applied.escalated.length,
      autoResolved: applied.resolved.length,
      expired: expired.length,
      held: applied.held,
      playsCreated: plays.length,
      notificationsQueued,
      webhookDeliveriesQueued,
      raised,
      open,
      crmTasks: null,
      plays,
    };
  });
  if (deps.crmTaskMirror && report.plays.length > 0) {
    const mirrored = await mirrorPlayTasks(deps, orgId, report.plays, deps.crmTaskMirror);
    report.crmTasks = { mirrored: mirrored.mirrored, failed: mirrored.failed.length };
  }
  deps.logger?.info({ orgId, created: report.created, resolved: report.autoResolved, expired: report.expired, plays: report.playsCreated }, 'signal cycle done');
  return report;
}

function uniqueById(signals: StoredSignal[]): StoredSignal[] {
  return [...new Map(signals.map((s) => [s.id, s])).values()];
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
