import { describe, expect, it } from 'vitest';
import { evaluateSignals } from '../evaluation';
import { planSignalCycle, type OpenSignal } from '../plan-cycle';
import type { SignalEvaluation } from '../types';
import { accountInput } from '../testing/inputs';

const NOW = new Date('2026-11-02T09:00:00Z');
const EARLIER = new Date('2026-11-02T03:00:00Z');

function firedFor(risk: number): SignalEvaluation {
  const result = evaluateSignals({ accounts: [accountInput({ renewalRisk: risk })], opportunities: [] }, { now: NOW });
  return result.fired.find((f) => f.ruleId === 'SIG-REN-001')!;
}

function open(over: Partial<OpenSignal> = {}): OpenSignal {
  return { id: 's-1', dedupeKey: 'renewal_risk:account:acc-1', state: 'ACTIVE', type: 'renewal_risk_warning', severity: 'WARNING', createdAt: EARLIER, ...over };
}

describe('planSignalCycle', () => {
  it('creates a new signal and activates it at once when no confirmation is needed', () => {
    const plan = planSignalCycle({ open: [], closed: [], fired: [firedFor(60)], cleared: [], now: NOW });
    expect(plan.creates).toHaveLength(1);
    expect(plan.creates[0]).toMatchObject({ activate: true, evaluation: { type: 'renewal_risk_warning', dedupeKey: 'renewal_risk:account:acc-1' } });
  });

  it('updates the open signal instead of creating a second one, and flags an escalation', () => {
    const plan = planSignalCycle({ open: [open()], closed: [], fired: [firedFor(90)], cleared: [], now: NOW });
    expect(plan.creates).toHaveLength(0);
    expect(plan.refires).toEqual([expect.objectContaining({ id: 's-1', escalated: true, previousSeverity: 'WARNING', activate: false })]);
  });

  it('confirms a PENDING signal seen again in a later cycle, not in the cycle that created it', () => {
    const later = planSignalCycle({ open: [open({ state: 'PENDING', createdAt: EARLIER })], closed: [], fired: [firedFor(60)], cleared: [], now: NOW });
    const same = planSignalCycle({ open: [open({ state: 'PENDING', createdAt: NOW })], closed: [], fired: [firedFor(60)], cleared: [], now: NOW });
    expect(later.refires[0]!.activate).toBe(true);
    expect(same.refires[0]!.activate).toBe(false);
  });

  it('auto-resolves an open signal whose rule cleared, carrying the clearing evidence', () => {
    const cleared = evaluateSignals({ accounts: [accountInput({ renewalRisk: 12 })], opportunities: [] }, { now: NOW }).cleared;
    const plan = planSignalCycle({ open: [open()], closed: [], fired: [], cleared, now: NOW });
    expect(plan.autoResolves).toEqual([{ id: 's-1', clearance: expect.objectContaining({ ruleId: 'SIG-REN-001', evidence: expect.objectContaining({ renewalRisk: 12 }) }) }]);
  });

  it('does not resolve a signal whose rule could not be evaluated (missing inputs are not a cleared condition)', () => {
    const result = evaluateSignals({ accounts: [accountInput({ renewalRisk: null })], opportunities: [] }, { now: NOW });
    const plan = planSignalCycle({ open: [open()], closed: [], fired: result.fired, cleared: result.cleared, now: NOW });
    expect(plan.autoResolves).toHaveLength(0);
  });

  it('holds a re-fire during the cooldown and while suppressed', () => {
    const inCooldown = planSignalCycle({
      open: [],
      closed: [{ dedupeKey: 'renewal_risk:account:acc-1', state: 'RESOLVED', severity: 'WARNING', cooldownUntil: new Date(NOW.getTime() + 1000), suppressedUntil: null }],
      fired: [firedFor(60)],
      cleared: [],
      now: NOW,
    });
    const suppressed = planSignalCycle({
      open: [],
      closed: [{ dedupeKey: 'renewal_risk:account:acc-1', state: 'SUPPRESSED', severity: 'INFO', cooldownUntil: null, suppressedUntil: new Date(NOW.getTime() + 1000) }],
      fired: [firedFor(95)],
      cleared: [],
      now: NOW,
    });
    expect(inCooldown).toMatchObject({ creates: [], held: [{ reason: 'cooldown' }] });
    expect(suppressed).toMatchObject({ creates: [], held: [{ reason: 'suppressed' }] });
  });

  it('keeps the most severe evaluation when a key fires twice in one batch', () => {
    const plan = planSignalCycle({ open: [], closed: [], fired: [firedFor(55), firedFor(88)], cleared: [], now: NOW });
    expect(plan.creates).toHaveLength(1);
    expect(plan.creates[0]!.evaluation.severity).toBe('CRITICAL');
  });
});
