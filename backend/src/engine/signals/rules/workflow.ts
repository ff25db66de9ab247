import { clear, daysEvidence, fired, notApplicable, relativeMargin, round1 } from '../outcome';
import type { AccountSignalInput, OpportunitySignalInput, SignalRule, WorkflowSignalInput } from '../types';

/** WORKFLOW family (reference §7 "WORKFLOW" and §9 SLAs): breaches, deal track and score momentum. */

export type OpenPlayItem = WorkflowSignalInput['openPlays'][number];
export type UnacknowledgedItem = WorkflowSignalInput['unacknowledged'][number];

const HOUR = 3_600_000;

export const playSlaBreach: SignalRule<OpenPlayItem> = {
  id: 'SIG-WFL-001',
  key: 'play_sla_breach',
  family: 'WORKFLOW',
  types: ['sla_breach_warning'],
  recommendedAction: { sla_breach_warning: 'The play is past its SLA: finish the open tasks or agree a new date with your manager.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: [],
  evaluate(play, _t, now) {
    if (play.closedAt) return clear({ playId: play.playId, play: play.name, closedAt: play.closedAt.toISOString() });
    const overdueHours = (now.getTime() - play.slaDueAt.getTime()) / HOUR;
    const evidence = { playId: play.playId, play: play.name, slaDueAt: play.slaDueAt.toISOString(), overdueHours: round1(Math.max(0, overdueHours)) };
    if (overdueHours <= 0) return clear(evidence);
    return fired({
      type: 'sla_breach_warning',
      severity: 'WARNING',
      title: `Play "${play.name}" is ${Math.ceil(overdueHours)} h past its SLA`,
      threshold: { sla_due_at: play.slaDueAt.toISOString() },
      evidence,
      margin: Math.min(1, overdueHours / 72),
    });
  },
};

export const ackSlaBreach: SignalRule<UnacknowledgedItem> = {
  id: 'SIG-WFL-002',
  key: 'ack_sla_breach',
  family: 'WORKFLOW',
  types: ['sla_breach_warning'],
  recommendedAction: { sla_breach_warning: 'A signal has waited past its acknowledgement SLA: acknowledge it or hand it to someone who can act.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['ack_sla_critical_hours', 'ack_sla_warning_hours'],
  evaluate(item, t, now) {
    // Escalations are not escalated again, and informational signals carry no acknowledgement SLA.
    if (item.family === 'WORKFLOW' || item.severity === 'INFO') return notApplicable('acknowledgement SLA');
    if (item.state !== undefined && item.state !== 'ACTIVE') return clear({ signalId: item.signalId, signalType: item.type, state: item.state });
    const limit = item.severity === 'CRITICAL' ? t.ack_sla_critical_hours : t.ack_sla_warning_hours;
    const waited = (now.getTime() - item.activeSince.getTime()) / HOUR;
    const evidence = { signalId: item.signalId, signalType: item.type, severity: item.severity, waitingHours: round1(Math.max(0, waited)) };
    if (waited < limit) return clear(evidence);
    return fired({
      type: 'sla_breach_warning',
      severity: item.severity === 'CRITICAL' ? 'CRITICAL' : 'WARNING',
      title: `${item.severity === 'CRITICAL' ? 'Critical' : 'Warning'} signal unacknowledged for ${Math.floor(waited)} h`,
      threshold: { [item.severity === 'CRITICAL' ? 'ack_sla_critical_hours' : 'ack_sla_warning_hours']: limit },
      evidence,
      margin: relativeMargin(waited, limit),
    });
  },
};

/** Which of the three on-track criteria (contacts, recent activity, score) a deal meets. */
function dealTrack(input: OpportunitySignalInput, t: { deal_track_healthy_contacts: number; deal_track_activity_days: number; deal_track_min_score: number }) {
  const f = input.features;
  if (f.contactCount === null || f.daysSinceLastActivity === null || input.confidence === null) return null;
  const misses = [
    ...(f.contactCount < t.deal_track_healthy_contacts ? ['contacts'] : []),
    ...(f.daysSinceLastActivity > t.deal_track_activity_days ? ['activity'] : []),
    ...(input.confidence < t.deal_track_min_score ? ['score'] : []),
  ];
  return { misses, evidence: { contactCount: f.contactCount, daysSinceLastActivity: daysEvidence(f.daysSinceLastActivity), confidence: round1(input.confidence), misses } };
}

function missingTrackInputs(input: OpportunitySignalInput): string[] {
  return [
    ...(input.features.contactCount === null ? ['contactCount'] : []),
    ...(input.features.daysSinceLastActivity === null ? ['daysSinceLastActivity'] : []),
    ...(input.confidence === null ? ['confidence'] : []),
  ];
}

export const dealOffTrack: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-WFL-003',
  key: 'deal_off_track',
  family: 'WORKFLOW',
  types: ['deal_off_track'],
  recommendedAction: { deal_off_track: 'The deal misses two of three track criteria (contacts, recent activity, confidence): plan the recovery with your manager.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['deal_track_healthy_contacts', 'deal_track_activity_days', 'deal_track_min_score'],
  evaluate(input, t) {
    if (input.features.isClosed) return clear({ closed: true, won: input.features.isWon });
    const track = dealTrack(input, t);
    if (!track) return notApplicable(...missingTrackInputs(input));
    if (track.misses.length < 2) return clear(track.evidence);
    return fired({
      type: 'deal_off_track',
      severity: 'WARNING',
      title: `Deal off track: ${track.misses.join(', ')}`,
      threshold: { deal_track_healthy_contacts: t.deal_track_healthy_contacts, deal_track_activity_days: t.deal_track_activity_days, deal_track_min_score: t.deal_track_min_score },
      evidence: track.evidence,
      margin: track.misses.length / 3,
    });
  },
};

export const dealOnTrack: SignalRule<OpportunitySignalInput> = {
  id: 'SIG-WFL-004',
  key: 'deal_on_track',
  family: 'WORKFLOW',
  types: ['deal_on_track'],
  recommendedAction: { deal_on_track: 'On track: keep the cadence and confirm the close plan with the buyer.' },
  confirmCycles: 2,
  ttlDays: 14,
  thresholdKeys: ['deal_track_healthy_contacts', 'deal_track_activity_days', 'deal_track_min_score'],
  evaluate(input, t) {
    if (input.features.isClosed) return clear({ closed: true, won: input.features.isWon });
    // A positive signal only where the forecast depends on it: Commit and Best Case deals.
    const category = input.features.forecastCategory;
    if (category === null) return notApplicable('forecastCategory');
    const track = dealTrack(input, t);
    if (!track) return notApplicable(...missingTrackInputs(input));
    if (track.misses.length > 0 || (category !== 'commit' && category !== 'best_case')) return clear({ ...track.evidence, forecastCategory: category });
    return fired({
      type: 'deal_on_track',
      severity: 'INFO',
      title: 'Deal on track: contacts, activity and confidence all healthy',
      threshold: { deal_track_healthy_contacts: t.deal_track_healthy_contacts, deal_track_activity_days: t.deal_track_activity_days, deal_track_min_score: t.deal_track_min_score },
      evidence: { ...track.evidence, forecastCategory: category },
      margin: relativeMargin(input.confidence ?? 0, t.deal_track_min_score),
    });
  },
};

export const scoreMomentumDrop: SignalRule<AccountSignalInput> = {
  id: 'SIG-WFL-005',
  key: 'score_momentum_drop',
  family: 'WORKFLOW',
  types: ['score_momentum_drop'],
  recommendedAction: { score_momentum_drop: 'Health is falling fast: read the drivers that moved and check in with the account.' },
  confirmCycles: 1,
  ttlDays: 14,
  thresholdKeys: ['momentum_drop_7d', 'momentum_drop_30d'],
  evaluate(input, t) {
    if (input.health === null) return notApplicable('health');
    const { delta7d, delta30d } = input.health;
    if (delta7d === null && delta30d === null) return notApplicable('health.delta7d', 'health.delta30d');
    const evidence = { health: round1(input.health.score), delta7d, delta30d };
    const long = delta30d !== null && -delta30d >= t.momentum_drop_30d;
    const short = delta7d !== null && -delta7d >= t.momentum_drop_7d;
    if (!long && !short) return clear(evidence);
    return fired({
      type: 'score_momentum_drop',
      severity: long && short ? 'CRITICAL' : 'WARNING',
      title: long ? `Health down ${round1(-(delta30d ?? 0))} points in 30 days` : `Health down ${round1(-(delta7d ?? 0))} points in 7 days`,
      threshold: { ...(short ? { momentum_drop_7d: t.momentum_drop_7d } : {}), ...(long ? { momentum_drop_30d: t.momentum_drop_30d } : {}) },
      evidence,
      margin: long ? relativeMargin(-(delta30d ?? 0), t.momentum_drop_30d) : relativeMargin(-(delta7d ?? 0), t.momentum_drop_7d),
    });
  },
};

export const WORKFLOW_OPPORTUNITY_RULES = [dealOffTrack, dealOnTrack] as const;
export const WORKFLOW_ACCOUNT_RULES = [scoreMomentumDrop] as const;
