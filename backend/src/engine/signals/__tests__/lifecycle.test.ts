import { describe, expect, it } from 'vitest';
import { SIGNAL_STATES, SIGNAL_TRANSITIONS, type SignalState } from '@pillar/shared';
import { applySignalCommand, holdsBack, SYSTEM_ACTOR, targetOfCommand, type SignalCommand, type SignalLifecycle } from '../lifecycle';

const NOW = new Date('2026-11-02T09:00:00Z');
const HOUR = 3_600_000;
const user = { kind: 'user' as const, userId: 'u-1' };

function lifecycle(state: SignalState, over: Partial<SignalLifecycle> = {}): SignalLifecycle {
  return { state, expiresAt: new Date(NOW.getTime() - HOUR), suppressedUntil: null, suppressReason: null, cooldownUntil: null, resolvedAt: null, ...over };
}

/** The command that moves a signal to each state (nothing moves a signal back to PENDING). */
const COMMAND_FOR: Record<Exclude<SignalState, 'PENDING'>, SignalCommand> = {
  ACTIVE: { kind: 'activate' },
  ACKNOWLEDGED: { kind: 'acknowledge', note: 'on it' },
  IN_PROGRESS: { kind: 'start' },
  RESOLVED: { kind: 'resolve', note: 'fixed', cooldownHours: 72 },
  SUPPRESSED: { kind: 'suppress', reason: 'known issue, handled offline', until: new Date(NOW.getTime() + 7 * 24 * HOUR) },
  EXPIRED: { kind: 'expire' },
};

const PAIRS = SIGNAL_STATES.flatMap((from) =>
  (Object.keys(COMMAND_FOR) as (keyof typeof COMMAND_FOR)[]).map((to) => ({ from, to, legal: SIGNAL_TRANSITIONS[from].includes(to) })),
);

describe('signal lifecycle reducer', () => {
  it('covers every state pair of the shared transition table', () => {
    expect(PAIRS).toHaveLength(SIGNAL_STATES.length * 6);
    expect(PAIRS.filter((p) => p.legal)).toHaveLength(Object.values(SIGNAL_TRANSITIONS).reduce((n, targets) => n + targets.length, 0));
  });

  it.each(PAIRS.filter((p) => p.legal))('allows $from → $to and records it', ({ from, to }) => {
    const result = applySignalCommand(lifecycle(from), COMMAND_FOR[to], user, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.next.state).toBe(to);
    expect(result.transition).toMatchObject({ from, to, actor: user });
  });

  it.each(PAIRS.filter((p) => !p.legal))('rejects $from → $to', ({ from, to }) => {
    const result = applySignalCommand(lifecycle(from), COMMAND_FOR[to], user, NOW);
    expect(result).toMatchObject({ ok: false, code: 'illegal_transition' });
  });

  it('never leaves a terminal state', () => {
    for (const state of ['RESOLVED', 'EXPIRED', 'SUPPRESSED'] as const) {
      for (const command of Object.values(COMMAND_FOR)) expect(applySignalCommand(lifecycle(state), command, SYSTEM_ACTOR, NOW).ok).toBe(false);
    }
  });

  it('maps each command to its target state', () => {
    for (const [to, command] of Object.entries(COMMAND_FOR)) expect(targetOfCommand(command)).toBe(to);
  });

  it('starts a cooldown when resolving, with the evidence and note on the transition', () => {
    const result = applySignalCommand(lifecycle('ACTIVE'), { kind: 'resolve', note: 'auto', evidence: { renewalRisk: 20 }, cooldownHours: 48 }, SYSTEM_ACTOR, NOW);
    expect(result.ok && result.next).toMatchObject({ state: 'RESOLVED', resolvedAt: NOW, cooldownUntil: new Date(NOW.getTime() + 48 * HOUR) });
    expect(result.ok && result.transition).toMatchObject({ note: 'auto', evidence: { renewalRisk: 20 }, actor: { kind: 'system' } });
  });

  it('refuses a suppression without a reason or with an end date in the past', () => {
    const noReason = applySignalCommand(lifecycle('ACTIVE'), { kind: 'suppress', reason: '  ', until: new Date(NOW.getTime() + HOUR) }, user, NOW);
    const past = applySignalCommand(lifecycle('ACTIVE'), { kind: 'suppress', reason: 'handled offline', until: NOW }, user, NOW);
    expect(noReason).toMatchObject({ ok: false, code: 'invalid_suppression' });
    expect(past).toMatchObject({ ok: false, code: 'invalid_suppression' });
  });

  it('keeps the suppression reason and end date', () => {
    const until = new Date(NOW.getTime() + 24 * HOUR);
    const result = applySignalCommand(lifecycle('IN_PROGRESS'), { kind: 'suppress', reason: 'customer on holiday', until }, user, NOW);
    expect(result.ok && result.next).toMatchObject({ state: 'SUPPRESSED', suppressedUntil: until, suppressReason: 'customer on holiday' });
  });

  it('expires only once expires_at has passed', () => {
    expect(applySignalCommand(lifecycle('ACTIVE', { expiresAt: new Date(NOW.getTime() + 1) }), { kind: 'expire' }, SYSTEM_ACTOR, NOW)).toMatchObject({ ok: false, code: 'not_expired' });
    expect(applySignalCommand(lifecycle('ACTIVE', { expiresAt: null }), { kind: 'expire' }, SYSTEM_ACTOR, NOW)).toMatchObject({ ok: false, code: 'not_expired' });
    expect(applySignalCommand(lifecycle('ACTIVE', { expiresAt: NOW }), { kind: 'expire' }, SYSTEM_ACTOR, NOW).ok).toBe(true);
  });
});

describe('holdsBack', () => {
  const closed = (over: Partial<Parameters<typeof holdsBack>[0]>) => ({ dedupeKey: 'k', state: 'RESOLVED' as SignalState, severity: 'WARNING' as const, cooldownUntil: null, suppressedUntil: null, ...over });

  it('holds a re-fire during the cooldown after resolve', () => {
    expect(holdsBack(closed({ cooldownUntil: new Date(NOW.getTime() + HOUR) }), 'WARNING', NOW)).toBe('cooldown');
  });
  it('lets an escalation through the cooldown', () => {
    expect(holdsBack(closed({ cooldownUntil: new Date(NOW.getTime() + HOUR) }), 'CRITICAL', NOW)).toBeNull();
  });
  it('releases the key when the cooldown has passed', () => {
    expect(holdsBack(closed({ cooldownUntil: NOW }), 'WARNING', NOW)).toBeNull();
  });
  it('holds any re-fire until the suppression ends, then releases it', () => {
    const suppressed = closed({ state: 'SUPPRESSED', suppressedUntil: new Date(NOW.getTime() + HOUR) });
    expect(holdsBack(suppressed, 'CRITICAL', NOW)).toBe('suppressed');
    expect(holdsBack(suppressed, 'CRITICAL', new Date(NOW.getTime() + HOUR))).toBeNull();
  });
  it('never holds after an expiry', () => {
    expect(holdsBack(closed({ state: 'EXPIRED', cooldownUntil: new Date(NOW.getTime() + HOUR) }), 'INFO', NOW)).toBeNull();
  });
});
