import { clear, climb, daysEvidence, fired, notApplicable, relativeMargin, round1 } from '../outcome';
import type { AccountSignalInput, OpportunitySignalInput, OwnerSignalInput, RuleOutcome, SignalRule } from '../types';

/** PIPELINE family (reference §7 "PIPELINE"): deal hygiene, forecast integrity and buying windows. */

/** Signals about a deal stop once it is closed; the closing clears them with that evidence. */
function closedDeal(input: OpportunitySignalInput): RuleOutcome | null {
  return input.features.isClosed ? clear({ closed: true, won: input.features.isWon, stage: input.features.stage }) : null;
}

export const pipelineHygiene: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-001',
  key: 'pipeline_hygiene',
  family: 'PIPELINE',
  types: ['pipeline_hygiene_critical', 'pipeline_hygiene_warning'],
  recommendedAction: {
    pipeline_hygiene_critical: 'Fix the deal record today: next step, economic buyer, contacts and a realistic close date.',
    pipeline_hygiene_warning: 'Tidy the deal record before the next forecast call: fill the gaps the hygiene drivers list.',
  },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['pipeline_critical_score', 'pipeline_warning_score'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    if (input.hygiene === null) return notApplicable('hygiene');
    const hit = climb(
      input.hygiene,
      [
        { severity: 'CRITICAL', type: 'pipeline_hygiene_critical', key: 'pipeline_critical_score', value: t.pipeline_critical_score },
        { severity: 'WARNING', type: 'pipeline_hygiene_warning', key: 'pipeline_warning_score', value: t.pipeline_warning_score },
      ],
      'at-or-above',
    );
    if (!hit) return clear({ hygiene: round1(input.hygiene) });
    return fired({
      type: hit.step.type,
      severity: hit.step.severity,
      title: `Deal hygiene ${Math.round(input.hygiene)} (gaps in the record)`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence: { hygiene: round1(input.hygiene) },
      margin: hit.margin,
    });
  },
};

const FORECASTED = new Set(['commit', 'best_case']);

export const forecastRisk: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-002',
  key: 'forecast_risk',
  family: 'PIPELINE',
  types: ['forecast_risk'],
  recommendedAction: { forecast_risk: 'Re-qualify the deal before the forecast call: confidence does not support its category.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['forecast_confidence_min'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    const category = input.features.forecastCategory;
    if (category === null) return notApplicable('forecastCategory');
    if (input.confidence === null) return notApplicable('confidence');
    const evidence = { forecastCategory: category, confidence: round1(input.confidence) };
    if (!FORECASTED.has(category) || input.confidence >= t.forecast_confidence_min) return clear(evidence);
    return fired({
      type: 'forecast_risk',
      severity: 'WARNING',
      title: `${category === 'commit' ? 'Commit' : 'Best case'} deal with forecast confidence ${Math.round(input.confidence)}`,
      threshold: { forecast_confidence_min: t.forecast_confidence_min },
      evidence,
      margin: relativeMargin(input.confidence, t.forecast_confidence_min),
    });
  },
};

export const commitNoBuyer: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-003',
  key: 'forecast_commit_no_buyer',
  family: 'PIPELINE',
  types: ['forecast_commit_no_buyer'],
  recommendedAction: { forecast_commit_no_buyer: 'Confirm the economic buyer and add more contacts before keeping this deal in Commit.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['forecast_commit_min_contacts'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    const f = input.features;
    if (f.forecastCategory === null) return notApplicable('forecastCategory');
    if (f.hasEconomicBuyer === null || f.contactCount === null) return notApplicable(...(f.hasEconomicBuyer === null ? ['hasEconomicBuyer'] : []), ...(f.contactCount === null ? ['contactCount'] : []));
    const evidence = { forecastCategory: f.forecastCategory, hasEconomicBuyer: f.hasEconomicBuyer, contactCount: f.contactCount };
    if (f.forecastCategory !== 'commit' || f.hasEconomicBuyer || f.contactCount >= t.forecast_commit_min_contacts) return clear(evidence);
    return fired({
      type: 'forecast_commit_no_buyer',
      severity: 'WARNING',
      title: `Commit deal without an economic buyer and ${f.contactCount} contact${f.contactCount === 1 ? '' : 's'}`,
      threshold: { forecast_commit_min_contacts: t.forecast_commit_min_contacts },
      evidence,
      margin: (t.forecast_commit_min_contacts - f.contactCount) / t.forecast_commit_min_contacts,
    });
  },
};

export const commitNoActivity: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-004',
  key: 'forecast_no_activity',
  family: 'PIPELINE',
  types: ['forecast_no_activity'],
  recommendedAction: { forecast_no_activity: 'Get a meeting on the calendar or move the deal out of Commit.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['forecast_activity_gap_days'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    const f = input.features;
    if (f.forecastCategory === null) return notApplicable('forecastCategory');
    if (f.daysSinceLastActivity === null) return notApplicable('daysSinceLastActivity');
    const evidence = { forecastCategory: f.forecastCategory, daysSinceLastActivity: daysEvidence(f.daysSinceLastActivity) };
    if (f.forecastCategory !== 'commit' || f.daysSinceLastActivity < t.forecast_activity_gap_days) return clear(evidence);
    return fired({
      type: 'forecast_no_activity',
      severity: 'WARNING',
      title: Number.isFinite(f.daysSinceLastActivity) ? `Commit deal with no activity for ${Math.floor(f.daysSinceLastActivity)} days` : 'Commit deal with no activity recorded',
      threshold: { forecast_activity_gap_days: t.forecast_activity_gap_days },
      evidence,
      margin: relativeMargin(f.daysSinceLastActivity, t.forecast_activity_gap_days),
    });
  },
};

export const closeDatePushed: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-005',
  key: 'close_date_pushed',
  family: 'PIPELINE',
  types: ['close_date_pushed'],
  recommendedAction: { close_date_pushed: 'Ask what changed: confirm the buying process and a close date the buyer has agreed to.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['push_count_critical', 'push_count_warning'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    const pushes = input.features.closeDatePushes;
    if (pushes === null) return notApplicable('closeDatePushes');
    const hit = climb(
      pushes,
      [
        { severity: 'CRITICAL', type: 'close_date_pushed', key: 'push_count_critical', value: t.push_count_critical },
        { severity: 'WARNING', type: 'close_date_pushed', key: 'push_count_warning', value: t.push_count_warning },
      ],
      'at-or-above',
    );
    if (!hit) return clear({ closeDatePushes: pushes });
    return fired({
      type: 'close_date_pushed',
      severity: hit.step.severity,
      title: `Close date pushed ${pushes} times`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence: { closeDatePushes: pushes },
      margin: hit.margin,
    });
  },
};

export const stageStagnation: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-006',
  key: 'stage_stagnation',
  family: 'PIPELINE',
  types: ['stage_stagnation'],
  recommendedAction: { stage_stagnation: 'Agree the exit criteria of this stage with the buyer, or re-stage the deal honestly.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['stage_stagnation_days'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    const days = input.features.daysInStage;
    if (days === null) return notApplicable('daysInStage');
    if (days < t.stage_stagnation_days) return clear({ daysInStage: round1(days), stage: input.features.stage });
    return fired({
      type: 'stage_stagnation',
      severity: 'WARNING',
      title: `${Math.floor(days)} days in ${input.features.stage}`,
      threshold: { stage_stagnation_days: t.stage_stagnation_days },
      evidence: { daysInStage: round1(days), stage: input.features.stage },
      margin: relativeMargin(days, t.stage_stagnation_days),
    });
  },
};

export const dealRiskHigh: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-007',
  key: 'deal_at_risk',
  family: 'PIPELINE',
  types: ['deal_at_risk'],
  recommendedAction: { deal_at_risk: 'Work the top deal-risk reasons with your manager and plan the next two buyer meetings.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['deal_risk_critical', 'deal_risk_warning'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    if (input.dealRisk === null) return notApplicable('dealRisk');
    const hit = climb(
      input.dealRisk,
      [
        { severity: 'CRITICAL', type: 'deal_at_risk', key: 'deal_risk_critical', value: t.deal_risk_critical },
        { severity: 'WARNING', type: 'deal_at_risk', key: 'deal_risk_warning', value: t.deal_risk_warning },
      ],
      'at-or-above',
    );
    const evidence = { dealRisk: round1(input.dealRisk), amount: input.features.amount };
    if (!hit) return clear(evidence);
    return fired({
      type: 'deal_at_risk',
      severity: hit.step.severity,
      title: `Deal risk ${Math.round(input.dealRisk)}`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence,
      margin: hit.margin,
    });
  },
};

export const handoffIncomplete: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-PIP-008',
  key: 'handoff_incomplete',
  family: 'PIPELINE',
  types: ['handoff_incomplete'],
  recommendedAction: { handoff_incomplete: 'Complete the handoff: stakeholder map (3+ contacts), agreed next steps and the economic buyer.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['deal_track_healthy_contacts'],
  evaluate(input, t) {
    const closed = closedDeal(input);
    if (closed) return closed;
    const f = input.features;
    if (!f.isLateStage) return clear({ lateStage: false, stage: f.stage });
    if (f.contactCount === null || f.hasEconomicBuyer === null) return notApplicable(...(f.contactCount === null ? ['contactCount'] : []), ...(f.hasEconomicBuyer === null ? ['hasEconomicBuyer'] : []));
    const gaps = [
      ...(f.contactCount < t.deal_track_healthy_contacts ? ['stakeholder_map'] : []),
      ...(!f.hasNextStep ? ['next_step'] : []),
      ...(!f.hasEconomicBuyer ? ['economic_buyer'] : []),
    ];
    const evidence = { stage: f.stage, contactCount: f.contactCount, hasNextStep: f.hasNextStep, hasEconomicBuyer: f.hasEconomicBuyer, gaps };
    if (gaps.length === 0) return clear(evidence);
    return fired({
      type: 'handoff_incomplete',
      severity: gaps.length >= 2 ? 'CRITICAL' : 'WARNING',
      title: `Late-stage deal missing ${gaps.map((g) => g.replace('_', ' ')).join(', ')}`,
      threshold: { deal_track_healthy_contacts: t.deal_track_healthy_contacts, critical_gaps: 2 },
      evidence,
      margin: gaps.length / 3,
    });
  },
};

export const competitiveWindow: SignalRule<AccountSignalInput> = {
  id: 'SIG-PIP-009',
  key: 'competitive_displacement_window',
  family: 'PIPELINE',
  types: ['competitive_displacement_window'],
  recommendedAction: { competitive_displacement_window: 'The competitor contract ends soon: get a displacement proposal in front of the buyer now.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['competitive_window_days'],
  evaluate(input, t) {
    const days = input.features.competitorContractEndsInDays;
    if (days === null) return notApplicable('competitorContractEndsInDays');
    if (days < 0 || days >= t.competitive_window_days) return clear({ competitorContractEndsInDays: round1(days) });
    return fired({
      type: 'competitive_displacement_window',
      severity: 'CRITICAL',
      title: `Competitor contract ends in ${Math.ceil(days)} days`,
      threshold: { competitive_window_days: t.competitive_window_days },
      evidence: { competitorContractEndsInDays: round1(days) },
      margin: (t.competitive_window_days - days) / t.competitive_window_days,
    });
  },
};

export const rfpActive: SignalRule<AccountSignalInput> = {
  id: 'SIG-PIP-010',
  key: 'rfp_active',
  family: 'PIPELINE',
  types: ['rfp_active'],
  recommendedAction: { rfp_active: 'An RFP is open: qualify it, get the documents and decide bid / no-bid this week.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const rfp = input.features.rfpActive;
    if (rfp === null) return notApplicable('rfpActive');
    if (!rfp) return clear({ rfpActive: false });
    return fired({ type: 'rfp_active', severity: 'CRITICAL', title: 'Active RFP at this account', threshold: { rfp_active: true }, evidence: { rfpActive: true }, margin: 1 });
  },
};

export const repCoverageGap: SignalRule<OwnerSignalInput> = {
  id: 'SIG-PIP-011',
  key: 'rep_coverage_gap',
  family: 'PIPELINE',
  types: ['rep_coverage_gap'],
  recommendedAction: { rep_coverage_gap: 'Pipeline does not cover the target: plan prospecting and expansion plays for the next two weeks.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['rep_coverage_ratio_critical', 'rep_coverage_ratio_warning'],
  evaluate(input, t) {
    if (input.target === null) return notApplicable('target');
    if (input.target <= 0) return clear({ target: input.target });
    const ratio = input.openPipeline / input.target;
    const hit = climb(
      ratio,
      [
        { severity: 'CRITICAL', type: 'rep_coverage_gap', key: 'rep_coverage_ratio_critical', value: t.rep_coverage_ratio_critical },
        { severity: 'WARNING', type: 'rep_coverage_gap', key: 'rep_coverage_ratio_warning', value: t.rep_coverage_ratio_warning },
      ],
      'below',
    );
    const evidence = { coverageRatio: Math.round(ratio * 100) / 100, openPipeline: input.openPipeline, target: input.target };
    if (!hit) return clear(evidence);
    return fired({
      type: 'rep_coverage_gap',
      severity: hit.step.severity,
      title: `Pipeline covers ${evidence.coverageRatio}× of target`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence,
      margin: hit.margin,
    });
  },
};

export const PIPELINE_OPPORTUNITY_RULES = [pipelineHygiene, forecastRisk, commitNoBuyer, commitNoActivity, closeDatePushed, stageStagnation, dealRiskHigh, handoffIncomplete] as const;
export const PIPELINE_ACCOUNT_RULES = [competitiveWindow, rfpActive] as const;
export const PIPELINE_OWNER_RULES = [repCoverageGap] as const;
