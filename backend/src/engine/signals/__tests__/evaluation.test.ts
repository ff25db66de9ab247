import { describe, expect, it } from 'vitest';
import { SIGNAL_FAMILIES } from '@pillar/shared';
import { signalCatalogEntries, signalTypes } from '../catalog';
import { evaluateSignals } from '../evaluation';
import { resolveSignalProfile, SignalProfileError } from '../thresholds';
import { accountInput, opportunityInput, roles } from '../testing/inputs';

const NOW = new Date('2026-11-02T09:00:00Z');

const troubled = accountInput({
  arr: 120_000,
  renewalRisk: 88,
  health: { score: 41, delta7d: -11, delta30d: -25 },
  features: { engagementDecayPct: 60, roles: roles({}), daysToRenewal: 40, distinctContactsEngaged90d: 1, supportEscalationPct: 75 },
});
const commitDeal = opportunityInput({ hygiene: 72, confidence: 30, dealRisk: 65, features: { forecastCategory: 'commit', hasEconomicBuyer: false, contactCount: 1, daysSinceLastActivity: 20, closeDatePushes: 3, daysInStage: 45 } });

describe('signal catalog', () => {
  it('spans all 8 families with unique rule ids and unique dedupe keys per subject kind', () => {
    const entries = signalCatalogEntries();
    expect(new Set(entries.map((e) => e.family))).toEqual(new Set(SIGNAL_FAMILIES));
    expect(new Set(entries.map((e) => e.ruleId)).size).toBe(entries.length);
    for (const e of entries) expect(e.ruleId).toMatch(/^SIG-(REN|PIP|EXP|ACC|COV|WFL|STB|ECO)-\d{3}$/);
    expect(signalTypes().size).toBeGreaterThanOrEqual(45);
  });
});

describe('evaluateSignals', () => {
  it('raises typed signals that each name their rule, threshold, evidence, action and confidence', () => {
    const { fired } = evaluateSignals({ accounts: [troubled], opportunities: [commitDeal] }, { now: NOW });
    const types = fired.map((f) => f.type).sort();
    expect(types).toEqual(
      expect.arrayContaining(['renewal_risk_critical', 'engagement_decay', 'exec_sponsor_gap', 'support_burden', 'single_threaded_risk', 'score_momentum_drop', 'pipeline_hygiene_critical', 'forecast_commit_no_buyer', 'forecast_no_activity', 'close_date_pushed', 'stage_stagnation', 'deal_at_risk', 'forecast_risk']),
    );
    const known = signalTypes();
    for (const f of fired) {
      expect(known.get(f.type)).toBe(f.family);
      expect(Object.keys(f.threshold).length).toBeGreaterThan(0);
      expect(f.recommendedAction.length).toBeGreaterThan(10);
      expect(f.confidence).toBeGreaterThanOrEqual(0);
      expect(f.confidence).toBeLessThanOrEqual(100);
      expect(f.dedupeKey.startsWith(`${signalCatalogEntries().find((e) => e.ruleId === f.ruleId)!.key}:`)).toBe(true);
      expect(f.expiresAt.getTime()).toBeGreaterThan(NOW.getTime());
    }
    expect(new Set(fired.map((f) => f.dedupeKey)).size).toBe(fired.length);
  });

  it('is deterministic for the same inputs and clock', () => {
    const a = evaluateSignals({ accounts: [troubled], opportunities: [commitDeal] }, { now: NOW });
    const b = evaluateSignals({ accounts: [troubled], opportunities: [commitDeal] }, { now: NOW });
    expect(a).toEqual(b);
  });

  it('applies tenant threshold overrides', () => {
    const profile = resolveSignalProfile({ thresholds: { renewal_critical_score: 90 } });
    const { fired } = evaluateSignals({ accounts: [troubled], opportunities: [] }, { now: NOW, profile });
    const renewal = fired.find((f) => f.ruleId === 'SIG-REN-001')!;
    expect(renewal).toMatchObject({ type: 'renewal_risk_warning', severity: 'WARNING', threshold: { renewal_warning_score: 50 } });
  });

  it('treats a type the tenant switched off as cleared, so its open signals resolve', () => {
    const profile = resolveSignalProfile({ disabledTypes: ['engagement_decay'] });
    const result = evaluateSignals({ accounts: [troubled], opportunities: [] }, { now: NOW, profile });
    expect(result.fired.some((f) => f.type === 'engagement_decay')).toBe(false);
    expect(result.cleared).toContainEqual(expect.objectContaining({ dedupeKey: 'engagement_decay:account:acc-1', evidence: { disabledByProfile: true } }));
  });

  it('scales confidence with data sufficiency', () => {
    const full = evaluateSignals({ accounts: [accountInput({ renewalRisk: 60, dataSufficiency: 1 })], opportunities: [] }, { now: NOW }).fired[0]!;
    const thin = evaluateSignals({ accounts: [accountInput({ renewalRisk: 60, dataSufficiency: 0.3 })], opportunities: [] }, { now: NOW }).fired[0]!;
    expect(full.confidence).toBeGreaterThan(thin.confidence);
  });
});

describe('resolveSignalProfile', () => {
  it('rejects unknown threshold keys, wrong types and unordered ladders with the offending path', () => {
    expect(() => resolveSignalProfile({ thresholds: { renewal_critcal_score: 90 } })).toThrow(SignalProfileError);
    expect(() => resolveSignalProfile({ thresholds: { stage_stagnation_days: 'thirty' } })).toThrow(/signals\.thresholds\.stage_stagnation_days/);
    expect(() => resolveSignalProfile({ thresholds: { renewal_warning_score: 90 } })).toThrow(/renewal_critical_score \(85\) must be ≥ renewal_warning_score \(90\)/);
    expect(() => resolveSignalProfile({ thresholds: { rep_coverage_ratio_critical: 3.5 } })).toThrow(/rep_coverage_ratio_critical/);
  });

  it('keeps the published defaults when nothing is overridden', () => {
    const { thresholds } = resolveSignalProfile(undefined);
    expect(thresholds).toMatchObject({
      renewal_critical_score: 85,
      renewal_warning_score: 50,
      renewal_info_score: 30,
      pipeline_warning_score: 50,
      pipeline_critical_score: 70,
      push_count_warning: 2,
      push_count_critical: 3,
      stage_stagnation_days: 30,
      rep_coverage_ratio_warning: 3,
      rep_coverage_ratio_critical: 2,
      stale_contact_days: 120,
      expansion_ready_score: 70,
      forecast_commit_min_contacts: 2,
      forecast_activity_gap_days: 14,
    });
  });
});
