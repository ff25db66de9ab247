import { clear, climb, fired, notApplicable, round1 } from '../outcome';
import type { SignalThresholdKey } from '../thresholds';
import type { EconomicsSignalInput, SignalRule } from '../types';

/** ECONOMICS family (reference §7 "ECONOMICS" and §3 ECON-001..007): territory and unit economics. */

type Metric = Exclude<keyof EconomicsSignalInput, 'territoryId' | 'name' | 'ownerId'>;

/** A two-step ladder over one economics metric; `worse` says which direction is bad. */
function economicsRule(spec: {
  id: string;
  key: string;
  sourceRule: string | null;
  metric: Metric;
  worse: 'higher' | 'lower';
  critical: SignalThresholdKey;
  warning: SignalThresholdKey;
  title: (value: number) => string;
  action: string;
}): SignalRule<EconomicsSignalInput> {
  return {
    id: spec.id,
    key: spec.key,
    family: 'ECONOMICS',
    types: [spec.key],
    recommendedAction: { [spec.key]: spec.action },
    confirmCycles: 1,
    ttlDays: 7,
    thresholdKeys: [spec.critical, spec.warning],
    evaluate(input, t) {
      const value = input[spec.metric];
      if (value === null) return notApplicable(spec.metric);
      const hit = climb(
        value,
        [
          { severity: 'CRITICAL', type: spec.key, key: spec.critical, value: t[spec.critical] as number },
          { severity: 'WARNING', type: spec.key, key: spec.warning, value: t[spec.warning] as number },
        ],
        spec.worse === 'higher' ? 'above' : 'below',
      );
      const evidence = { [spec.metric]: round1(value), ...(spec.sourceRule ? { sourceRule: spec.sourceRule } : {}) };
      if (!hit) return clear(evidence);
      return fired({ type: spec.key, severity: hit.step.severity, title: spec.title(value), threshold: { [hit.step.key]: hit.step.value }, evidence, margin: hit.margin });
    },
  };
}

export const budgetOverrun = economicsRule({
  id: 'SIG-ECO-001',
  key: 'budget_overrun',
  sourceRule: 'ECON-001',
  metric: 'budgetVariancePct',
  worse: 'higher',
  critical: 'budget_overrun_critical_pct',
  warning: 'budget_overrun_warning_pct',
  title: (v) => `Budget overrun ${round1(v)}%`,
  action: 'Review spend against plan with finance and cut or re-phase the overrun.',
});

export const territoryBelowBreakeven = economicsRule({
  id: 'SIG-ECO-002',
  key: 'territory_below_breakeven',
  sourceRule: 'ECON-002',
  metric: 'costToYieldRatio',
  worse: 'higher',
  critical: 'breakeven_critical_ratio',
  warning: 'breakeven_warning_ratio',
  title: (v) => `Territory cost-to-yield ${round1(v)}`,
  action: 'The territory costs more than it yields: rebalance coverage or focus on the highest-yield accounts.',
});

export const headcountPlanRisk = economicsRule({
  id: 'SIG-ECO-003',
  key: 'headcount_plan_risk',
  sourceRule: 'ECON-003',
  metric: 'netPnl',
  worse: 'lower',
  critical: 'headcount_pnl_critical',
  warning: 'headcount_pnl_warning',
  title: (v) => `Headcount plan net P&L ${Math.round(v).toLocaleString('en-US')}`,
  action: 'The headcount plan loses money: revisit hiring timing or quota assumptions.',
});

export const unitEconomicsDegradation = economicsRule({
  id: 'SIG-ECO-004',
  key: 'unit_economics_degradation',
  sourceRule: 'ECON-005',
  metric: 'ltvToCac',
  worse: 'lower',
  critical: 'ltv_cac_critical',
  warning: 'ltv_cac_warning',
  title: (v) => `LTV:CAC ${round1(v)}`,
  action: 'Unit economics are slipping: check acquisition cost by channel and retention of recent cohorts.',
});

export const paybackStretch = economicsRule({
  id: 'SIG-ECO-005',
  key: 'payback_period_stretch',
  sourceRule: 'ECON-005',
  metric: 'paybackMonths',
  worse: 'higher',
  critical: 'payback_critical_months',
  warning: 'payback_warning_months',
  title: (v) => `CAC payback ${round1(v)} months`,
  action: 'Payback is too long: raise price realisation or lower acquisition cost.',
});

export const retentionVsAcquisition = economicsRule({
  id: 'SIG-ECO-006',
  key: 'retention_vs_acquisition',
  sourceRule: 'ECON-006',
  metric: 'retentionToAcquisitionRatio',
  worse: 'higher',
  critical: 'retention_acquisition_critical',
  warning: 'retention_acquisition_warning',
  title: (v) => `Retention costs ${round1(v)}× acquisition`,
  action: 'Retention spend is out of line with acquisition: review the cost to serve of the book.',
});

export const smEfficiency = economicsRule({
  id: 'SIG-ECO-007',
  key: 'sm_efficiency_warning',
  sourceRule: 'ECON-007',
  metric: 'smSpendPct',
  worse: 'higher',
  critical: 'sm_spend_critical_pct',
  warning: 'sm_spend_warning_pct',
  title: (v) => `Sales and marketing spend ${round1(v)}% of revenue`,
  action: 'S&M spend is high for the revenue it brings: review programme ROI.',
});

export const ECONOMICS_RULES = [budgetOverrun, territoryBelowBreakeven, headcountPlanRisk, unitEconomicsDegradation, paybackStretch, retentionVsAcquisition, smEfficiency] as const;
