import { canTransition, type SignalSeverity, type SignalState } from '@pillar/shared';

/**
 * The signal state machine as a pure reducer over shared SIGNAL_TRANSITIONS: a command either yields the
 * next lifecycle fields plus the transition to record, or is rejected with a reason. The store applies the
 * result; the API and the cycle both go through here, so the rules hold whoever acts.
 */

export interface SignalLifecycle {
  readonly state: SignalState;
  readonly expiresAt: Date | null;
  readonly suppressedUntil: Date | null;
  readonly suppressReason: string | null;
  readonly cooldownUntil: Date | null;
  readonly resolvedAt: Date | null;
}

export type SignalActor = { readonly kind: 'system' } | { readonly kind: 'user'; readonly userId: string };
export const SYSTEM_ACTOR: SignalActor = { kind: 'system' };

export type SignalCommand =
  | { readonly kind: 'activate' }
  | { readonly kind: 'acknowledge'; readonly note?: string }
  | { readonly kind: 'start'; readonly note?: string }
  | { readonly kind: 'resolve'; readonly note?: string; readonly evidence?: Readonly<Record<string, unknown>>; readonly cooldownHours: number }
  | { readonly kind: 'suppress'; readonly reason: string; readonly until: Date }
  | { readonly kind: 'expire' };

export interface TransitionRecord {
  readonly from: SignalState;
  readonly to: SignalState;
  readonly actor: SignalActor;
  readonly note: string | null;
  readonly evidence: Readonly<Record<string, unknown>> | null;
}

export type CommandResult =
  | { readonly ok: true; readonly next: SignalLifecycle; readonly transition: TransitionRecord }
  | { readonly ok: false; readonly code: 'illegal_transition' | 'invalid_suppression' | 'not_expired'; readonly message: string };

const TARGET: Record<SignalCommand['kind'], SignalState> = {
  activate: 'ACTIVE',
  acknowledge: 'ACKNOWLEDGED',
  start: 'IN_PROGRESS',
  resolve: 'RESOLVED',
  suppress: 'SUPPRESSED',
  expire: 'EXPIRED',
};

const HOUR = 3_600_000;

export function targetOfCommand(command: SignalCommand): SignalState {
  return TARGET[command.kind];
}

export function applySignalCommand(current: SignalLifecycle, command: SignalCommand, actor: SignalActor, now: Date): CommandResult {
  const to = TARGET[command.kind];
  if (!canTransition(current.state, to)) {
    return { ok: false, code: 'illegal_transition', message: `A ${current.state} signal cannot move to ${to}` };
  }
  const base = { from: current.state, to, actor };
  switch (command.kind) {
    case 'activate':
      return { ok: true, next: { ...current, state: to }, transition: { ...base, note: null, evidence: null } };
    case 'acknowledge':
    case 'start':
      return { ok: true, next: { ...current, state: to }, transition: { ...base, note: command.note ?? null, evidence: null } };
    case 'resolve':
      return {
        ok: true,
        next: { ...current, state: to, resolvedAt: now, cooldownUntil: new Date(now.getTime() + Math.max(0, command.cooldownHours) * HOUR) },
        transition: { ...base, note: command.note ?? null, evidence: command.evidence ?? null },
      };
    case 'suppress': {
      const reason = command.reason.trim();
      if (reason.length < 3) return { ok: false, code: 'invalid_suppression', message: 'Say why the signal is suppressed (at least 3 characters)' };
      if (!(command.until.getTime() > now.getTime())) return { ok: false, code: 'invalid_suppression', message: 'Suppression must end in the future' };
      return {
        ok: true,
        next: { ...current, state: to, suppressedUntil: command.until, suppressReason: reason },
        transition: { ...base, note: reason, evidence: { suppressedUntil: command.until.toISOString() } },
      };
    }
    case 'expire':
      if (current.expiresAt === null || current.expiresAt.getTime() > now.getTime()) {
        return { ok: false, code: 'not_expired', message: 'The signal has not reached its expiry time' };
      }
      return { ok: true, next: { ...current, state: to }, transition: { ...base, note: null, evidence: { expiresAt: current.expiresAt.toISOString() } } };
  }
}

const SEVERITY_RANK: Record<SignalSeverity, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

export function severityRank(severity: SignalSeverity): number {
  return SEVERITY_RANK[severity];
}

/** A closed signal that may still hold back its key: within its cooldown or its suppression period. */
export interface ClosedSignal {
  readonly dedupeKey: string;
  readonly state: SignalState;
  readonly severity: SignalSeverity;
  readonly cooldownUntil: Date | null;
  readonly suppressedUntil: Date | null;
}

/**
 * Whether a closed signal keeps the same condition from raising a new one now. A suppression holds until its
 * end date; a cooldown after resolve holds unless the condition comes back more severe than it was.
 */
export function holdsBack(closed: ClosedSignal, severity: SignalSeverity, now: Date): 'suppressed' | 'cooldown' | null {
  const t = now.getTime();
  if (closed.state === 'SUPPRESSED' && closed.suppressedUntil !== null && closed.suppressedUntil.getTime() > t) return 'suppressed';
  if (closed.state === 'RESOLVED' && closed.cooldownUntil !== null && closed.cooldownUntil.getTime() > t && severityRank(severity) <= severityRank(closed.severity)) return 'cooldown';
  return null;
}
