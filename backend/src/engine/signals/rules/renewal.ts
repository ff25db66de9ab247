import { clear, climb, fired, notApplicable, round1 } from '../outcome';
import type { AccountSignalInput, SignalRule } from '../types';

/** RENEWAL family (reference §7 "RENEWAL"): account-level threats to the next renewal. */

export const renewalRisk: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-001',
  key: 'renewal_risk',
  family: 'RENEWAL',
  types: ['renewal_risk_critical', 'renewal_risk_warning', 'renewal_risk_watch'],
  recommendedAction: {
    renewal_risk_critical: 'Start the renewal rescue play today: confirm the decision maker, the date and what would make them stay.',
    renewal_risk_warning: 'Review the renewal risk drivers with the account team and agree a save plan this week.',
    renewal_risk_watch: 'Keep an eye on the renewal: check the risk drivers in the next account review.',
  },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['renewal_critical_score', 'renewal_warning_score', 'renewal_info_score'],
  evaluate(input, t) {
    const risk = input.renewalRisk;
    if (risk === null) return notApplicable('renewalRisk');
    const hit = climb(
      risk,
      [
        { severity: 'CRITICAL', type: 'renewal_risk_critical', key: 'renewal_critical_score', value: t.renewal_critical_score },
        { severity: 'WARNING', type: 'renewal_risk_warning', key: 'renewal_warning_score', value: t.renewal_warning_score },
        { severity: 'INFO', type: 'renewal_risk_watch', key: 'renewal_info_score', value: t.renewal_info_score },
      ],
      'at-or-above',
    );
    const evidence = { renewalRisk: round1(risk), daysToRenewal: input.features.daysToRenewal };
    if (!hit) return clear({ ...evidence, below: t.renewal_info_score });
    return fired({
      type: hit.step.type,
      severity: hit.step.severity,
      title: `Renewal risk ${Math.round(risk)} (${hit.step.severity.toLowerCase()} at ≥ ${hit.step.value})`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence,
      margin: hit.margin,
    });
  },
};

export const engagementDecay: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-002',
  key: 'engagement_decay',
  family: 'RENEWAL',
  types: ['engagement_decay'],
  recommendedAction: { engagement_decay: 'Re-engage the account: book a value review with the champion and check product usage.' },
  confirmCycles: 2,
  ttlDays: 14,
  thresholdKeys: ['engagement_decay_critical_pct', 'engagement_decay_warning_pct'],
  evaluate(input, t) {
    const decay = input.features.engagementDecayPct;
    if (decay === null) return notApplicable('engagementDecayPct');
    const hit = climb(
      decay,
      [
        { severity: 'CRITICAL', type: 'engagement_decay', key: 'engagement_decay_critical_pct', value: t.engagement_decay_critical_pct },
        { severity: 'WARNING', type: 'engagement_decay', key: 'engagement_decay_warning_pct', value: t.engagement_decay_warning_pct },
      ],
      'at-or-above',
    );
    if (!hit) return clear({ engagementDecayPct: round1(decay) });
    return fired({
      type: 'engagement_decay',
      severity: hit.step.severity,
      title: `Engagement down ${Math.round(decay)}% against the prior months`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence: { engagementDecayPct: round1(decay) },
      margin: hit.margin,
    });
  },
};

export const stakeholderTurnover: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-003',
  key: 'stakeholder_turnover',
  family: 'RENEWAL',
  types: ['stakeholder_turnover'],
  recommendedAction: { stakeholder_turnover: 'Map the new stakeholders and introduce yourself before the renewal conversation.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['stakeholder_turnover_critical', 'stakeholder_turnover_warning'],
  evaluate(input, t) {
    const left = input.features.contactsLeft180d;
    if (left === null) return notApplicable('contactsLeft180d');
    if (input.features.daysToRenewal === null) return notApplicable('daysToRenewal');
    const hit = climb(
      left,
      [
        { severity: 'CRITICAL', type: 'stakeholder_turnover', key: 'stakeholder_turnover_critical', value: t.stakeholder_turnover_critical },
        { severity: 'WARNING', type: 'stakeholder_turnover', key: 'stakeholder_turnover_warning', value: t.stakeholder_turnover_warning },
      ],
      'at-or-above',
    );
    if (!hit) return clear({ contactsLeft180d: left });
    return fired({
      type: 'stakeholder_turnover',
      severity: hit.step.severity,
      title: `${left} stakeholder${left === 1 ? '' : 's'} left in the last 180 days`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence: { contactsLeft180d: left, daysToRenewal: input.features.daysToRenewal },
      margin: hit.margin,
    });
  },
};

export const execSponsorGap: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-004',
  key: 'exec_sponsor_gap',
  family: 'RENEWAL',
  types: ['exec_sponsor_gap'],
  recommendedAction: { exec_sponsor_gap: 'Find an executive sponsor: ask the champion for an introduction and plan an exec-to-exec call.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['exec_sponsor_gap_enabled', 'renewal_warning_score'],
  evaluate(input, t) {
    if (!t.exec_sponsor_gap_enabled) return notApplicable('exec_sponsor_gap_enabled');
    const risk = input.renewalRisk;
    const roles = input.features.roles;
    if (risk === null) return notApplicable('renewalRisk');
    if (roles === null) return notApplicable('roles');
    const activeSponsors = roles.exec_sponsor.activeCount;
    const evidence = { renewalRisk: round1(risk), activeExecSponsors: activeSponsors };
    if (risk < t.renewal_warning_score || activeSponsors > 0) return clear(evidence);
    return fired({
      type: 'exec_sponsor_gap',
      severity: 'WARNING',
      title: 'At-risk renewal without an active executive sponsor',
      threshold: { renewal_warning_score: t.renewal_warning_score, exec_sponsor_gap_enabled: true },
      evidence,
      margin: (risk - t.renewal_warning_score) / 50,
    });
  },
};

export const contractingStall: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-005',
  key: 'contracting_stall',
  family: 'RENEWAL',
  types: ['contracting_stall'],
  recommendedAction: { contracting_stall: 'Unblock contracting: confirm the paperwork path, the signer and procurement steps.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['contracting_stall_lag_days'],
  evaluate(input, t) {
    const lag = input.features.contractingLagDays;
    if (lag === null) return notApplicable('contractingLagDays');
    if (lag < t.contracting_stall_lag_days) return clear({ contractingLagDays: round1(lag) });
    return fired({
      type: 'contracting_stall',
      severity: 'WARNING',
      title: `Renewal contracting ${Math.round(lag)} days behind`,
      threshold: { contracting_stall_lag_days: t.contracting_stall_lag_days },
      evidence: { contractingLagDays: round1(lag), daysToRenewal: input.features.daysToRenewal },
      margin: (lag - t.contracting_stall_lag_days) / t.contracting_stall_lag_days,
    });
  },
};

export const npsDecline: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-006',
  key: 'nps_decline',
  family: 'RENEWAL',
  types: ['nps_decline'],
  recommendedAction: { nps_decline: 'Call the respondent: close the loop on the low score and log what would fix it.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['nps_decline_threshold', 'nps_decline_points'],
  evaluate(input, t) {
    const nps = input.features.npsScore;
    if (nps === null) return notApplicable('npsScore');
    const previous = input.features.npsPreviousScore;
    const drop = previous === null ? null : previous - nps;
    const low = nps <= t.nps_decline_threshold;
    const fell = drop !== null && drop >= t.nps_decline_points;
    const evidence = { npsScore: nps, npsPreviousScore: previous, drop };
    if (!low && !fell) return clear(evidence);
    return fired({
      type: 'nps_decline',
      severity: 'WARNING',
      title: fell ? `NPS fell from ${previous} to ${nps}` : `NPS answer ${nps} of 10`,
      threshold: { nps_decline_threshold: t.nps_decline_threshold, nps_decline_points: t.nps_decline_points },
      evidence,
      margin: low ? (t.nps_decline_threshold - nps) / 5 : ((drop ?? 0) - t.nps_decline_points) / 5,
    });
  },
};

export const supportBurden: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-007',
  key: 'support_burden',
  family: 'RENEWAL',
  types: ['support_burden'],
  recommendedAction: { support_burden: 'Review open escalations with support and agree a fix plan the customer can see.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['support_burden_critical', 'support_burden_warning'],
  evaluate(input, t) {
    const pct = input.features.supportEscalationPct;
    if (pct === null) return notApplicable('supportEscalationPct');
    const hit = climb(
      pct,
      [
        { severity: 'CRITICAL', type: 'support_burden', key: 'support_burden_critical', value: t.support_burden_critical },
        { severity: 'WARNING', type: 'support_burden', key: 'support_burden_warning', value: t.support_burden_warning },
      ],
      'at-or-above',
    );
    if (!hit) return clear({ supportEscalationPct: round1(pct) });
    return fired({
      type: 'support_burden',
      severity: hit.step.severity,
      title: `${Math.round(pct)}% of support tickets escalated`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence: { supportEscalationPct: round1(pct) },
      margin: hit.margin,
    });
  },
};

export const budgetShift: SignalRule<AccountSignalInput> = {
  id: 'SIG-REN-008',
  key: 'budget_shift_detected',
  family: 'RENEWAL',
  types: ['budget_shift_detected'],
  recommendedAction: { budget_shift_detected: 'Budget is shrinking: confirm the renewal is funded and prepare a value case for the budget owner.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['budget_shift_critical_pct', 'budget_shift_warning_pct'],
  evaluate(input, t) {
    const trend = input.features.budgetTrendPct;
    if (trend === null) return notApplicable('budgetTrendPct');
    const decline = -trend;
    const hit = climb(
      decline,
      [
        { severity: 'CRITICAL', type: 'budget_shift_detected', key: 'budget_shift_critical_pct', value: t.budget_shift_critical_pct },
        { severity: 'WARNING', type: 'budget_shift_detected', key: 'budget_shift_warning_pct', value: t.budget_shift_warning_pct },
      ],
      'above',
    );
    if (!hit) return clear({ budgetTrendPct: round1(trend) });
    return fired({
      type: 'budget_shift_detected',
      severity: hit.step.severity,
      title: `Budget down ${round1(decline)}% year over year`,
      threshold: { [hit.step.key]: hit.step.value },
      evidence: { budgetTrendPct: round1(trend) },
      margin: hit.margin,
    });
  },
};

export const RENEWAL_RULES = [renewalRisk, engagementDecay, stakeholderTurnover, execSponsorGap, contractingStall, npsDecline, supportBurden, budgetShift] as const;
