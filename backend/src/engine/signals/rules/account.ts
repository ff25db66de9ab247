import { DEFAULT_SIGNAL_THRESHOLDS } from '../thresholds';
import { clear, daysEvidence, fired, notApplicable, relativeMargin, round1 } from '../outcome';
import type { AccountSignalInput, RuleOutcome, SignalRule } from '../types';

/** ACCOUNT family (reference §7 "ACCOUNT"): people, attention and market facts about one account. */

/** A customer or an account with a live deal or renewal: the relationship rules only make sense there. */
export function hasLiveRelationship(input: AccountSignalInput): boolean {
  return (input.arr ?? 0) > 0 || (input.features.openDealCount ?? 0) > 0 || input.features.daysToRenewal !== null;
}

function notLive(input: AccountSignalInput): RuleOutcome | null {
  return hasLiveRelationship(input) ? null : clear({ liveRelationship: false });
}

export const stakeholderDeparture: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-001',
  key: 'stakeholder_departure',
  family: 'ACCOUNT',
  types: ['stakeholder_departure'],
  recommendedAction: { stakeholder_departure: 'Your champion left: find the successor, and follow the champion to their new company.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const left = input.features.championLeft180d;
    if (left === null) return notApplicable('championLeft180d');
    if (!left) return clear({ championLeft180d: false });
    return fired({
      type: 'stakeholder_departure',
      severity: 'CRITICAL',
      title: 'Champion left the organisation',
      threshold: { champion_departure_window_days: 180 },
      evidence: { championLeft180d: true, contactsLeft180d: input.features.contactsLeft180d },
      margin: 1,
    });
  },
};

export const boardDiscussion: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-002',
  key: 'board_discussion_relevant',
  family: 'ACCOUNT',
  types: ['board_discussion_relevant'],
  recommendedAction: { board_discussion_relevant: 'The board discussed your area: read the minutes and bring the topic to your next meeting.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const n = input.features.boardMentions90d;
    if (n === null) return notApplicable('boardMentions90d');
    if (n < 1) return clear({ boardMentions90d: n });
    return fired({ type: 'board_discussion_relevant', severity: 'INFO', title: `${n} board mention${n === 1 ? '' : 's'} in 90 days`, threshold: { board_mentions_min: 1 }, evidence: { boardMentions90d: n }, margin: Math.min(1, n / 3) });
  },
};

export const hiringIntent: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-003',
  key: 'hiring_intent',
  family: 'ACCOUNT',
  types: ['hiring_intent'],
  recommendedAction: { hiring_intent: 'They are hiring for roles your product serves: reach out to the hiring manager.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const n = input.features.hiringSignals90d;
    if (n === null) return notApplicable('hiringSignals90d');
    if (n < 1) return clear({ hiringSignals90d: n });
    return fired({ type: 'hiring_intent', severity: 'INFO', title: `${n} relevant hiring signal${n === 1 ? '' : 's'} in 90 days`, threshold: { hiring_signals_min: 1 }, evidence: { hiringSignals90d: n }, margin: Math.min(1, n / 3) });
  },
};

export const meetingGap: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-004',
  key: 'meeting_gap',
  family: 'ACCOUNT',
  types: ['meeting_gap'],
  recommendedAction: { meeting_gap: 'No meeting for weeks: book a check-in with the main contact.' },
  confirmCycles: 2,
  ttlDays: 14,
  thresholdKeys: ['meeting_gap_days'],
  evaluate(input, t) {
    const skip = notLive(input);
    if (skip) return skip;
    const days = input.features.daysSince?.meeting;
    if (days === undefined || days === null) return notApplicable('daysSince.meeting');
    if (days < t.meeting_gap_days) return clear({ daysSinceMeeting: daysEvidence(days) });
    return fired({
      type: 'meeting_gap',
      severity: 'WARNING',
      title: Number.isFinite(days) ? `No meeting for ${Math.floor(days)} days` : 'No meeting recorded',
      threshold: { meeting_gap_days: t.meeting_gap_days },
      evidence: { daysSinceMeeting: daysEvidence(days) },
      margin: relativeMargin(days, t.meeting_gap_days),
    });
  },
};

export const contactDisengagement: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-005',
  key: 'contact_disengagement',
  family: 'ACCOUNT',
  types: ['contact_disengagement'],
  recommendedAction: { contact_disengagement: 'Contacts are disengaging: send something useful to each active contact this week.' },
  confirmCycles: 2,
  ttlDays: 14,
  thresholdKeys: ['contact_disengagement_score'],
  evaluate(input, t) {
    const skip = notLive(input);
    if (skip) return skip;
    const avg = input.features.avgContactEngagement;
    if (avg === null) return notApplicable('avgContactEngagement');
    if (avg >= t.contact_disengagement_score) return clear({ avgContactEngagement: round1(avg) });
    return fired({
      type: 'contact_disengagement',
      severity: 'WARNING',
      title: `Contacts average engagement ${Math.round(avg)} of 100`,
      threshold: { contact_disengagement_score: t.contact_disengagement_score },
      evidence: { avgContactEngagement: round1(avg) },
      margin: relativeMargin(avg, t.contact_disengagement_score),
    });
  },
};

export const competitorEngaged: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-006',
  key: 'competitor_engaged',
  family: 'ACCOUNT',
  types: ['competitor_engaged'],
  recommendedAction: { competitor_engaged: 'A competitor is in the deal: arm the champion with the comparison and proof points.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const share = input.features.competitorDealShare;
    if (share === null) return notApplicable('competitorDealShare');
    if (share <= 0) return clear({ competitorDealShare: share });
    return fired({
      type: 'competitor_engaged',
      severity: 'INFO',
      title: `A competitor is named on ${Math.round(share * 100)}% of open deals`,
      threshold: { competitor_deal_share_above: 0 },
      evidence: { competitorDealShare: Math.round(share * 100) / 100 },
      margin: share,
    });
  },
};

export const competitorContractExpiring: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-007',
  key: 'competitor_contract_expiring',
  family: 'ACCOUNT',
  types: ['competitor_contract_expiring'],
  recommendedAction: { competitor_contract_expiring: 'Their competitor contract ends within months: start the relationship now.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['competitive_window_days', 'competitor_contract_horizon_days'],
  evaluate(input, t) {
    const days = input.features.competitorContractEndsInDays;
    if (days === null) return notApplicable('competitorContractEndsInDays');
    // Inside the displacement window the PIPELINE rule (critical) speaks; this one covers the months before.
    if (days < t.competitive_window_days || days > t.competitor_contract_horizon_days) return clear({ competitorContractEndsInDays: round1(days) });
    return fired({
      type: 'competitor_contract_expiring',
      severity: 'INFO',
      title: `Competitor contract ends in ${Math.ceil(days)} days`,
      threshold: { competitive_window_days: t.competitive_window_days, competitor_contract_horizon_days: t.competitor_contract_horizon_days },
      evidence: { competitorContractEndsInDays: round1(days) },
      margin: (t.competitor_contract_horizon_days - days) / t.competitor_contract_horizon_days,
    });
  },
};

export const staleContacts: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-008',
  key: 'stale_contacts',
  family: 'ACCOUNT',
  types: ['no_active_stakeholder', 'stale_contact_data'],
  recommendedAction: {
    no_active_stakeholder: 'Nobody at this account has engaged for months: re-establish contact and refresh the contact list.',
    stale_contact_data: 'Some contacts have not engaged for months: verify they are still there and update the record.',
  },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['stale_contact_days'],
  evaluate(input, t) {
    const skip = notLive(input);
    if (skip) return skip;
    let share: number;
    let staleCount: number | null = null;
    let total: number | null = null;
    const ages = input.contactEngagementAges;
    if (ages) {
      if (ages.length === 0) return notApplicable('contactEngagementAges');
      staleCount = ages.filter((d) => d >= t.stale_contact_days).length;
      total = ages.length;
      share = staleCount / total;
    } else {
      // The feature is computed at the published 120 days; another threshold needs the per-contact ages.
      if (t.stale_contact_days !== DEFAULT_SIGNAL_THRESHOLDS.stale_contact_days) return notApplicable('contactEngagementAges');
      if (input.features.staleContactShare === null) return notApplicable('staleContactShare');
      share = input.features.staleContactShare;
    }
    const evidence = { staleContactShare: Math.round(share * 100) / 100, staleContacts: staleCount, activeContacts: total };
    if (share <= 0) return clear(evidence);
    const all = share >= 1;
    return fired({
      type: all ? 'no_active_stakeholder' : 'stale_contact_data',
      severity: all ? 'CRITICAL' : 'WARNING',
      title: all ? `No contact engaged in ${t.stale_contact_days} days` : `${Math.round(share * 100)}% of contacts without engagement for ${t.stale_contact_days}+ days`,
      threshold: { stale_contact_days: t.stale_contact_days },
      evidence,
      margin: share,
    });
  },
};

export const noActiveChampion: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-009',
  key: 'no_active_champion',
  family: 'ACCOUNT',
  types: ['no_active_champion'],
  recommendedAction: { no_active_champion: 'Identify and develop a champion: who wins if this project succeeds?' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const skip = notLive(input);
    if (skip) return skip;
    const roles = input.features.roles;
    if (roles === null) return notApplicable('roles');
    const active = roles.champion.activeCount;
    if (active > 0) return clear({ activeChampions: active });
    return fired({ type: 'no_active_champion', severity: 'WARNING', title: 'No active champion', threshold: { min_active_champions: 1 }, evidence: { activeChampions: 0, champions: roles.champion.count }, margin: 1 });
  },
};

export const noActiveExecutiveBuyer: SignalRule<AccountSignalInput> = {
  id: 'SIG-ACC-010',
  key: 'no_active_executive_buyer',
  family: 'ACCOUNT',
  types: ['no_active_executive_buyer'],
  recommendedAction: { no_active_executive_buyer: 'No economic buyer or executive sponsor is engaged: ask the champion who signs and meet them.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const skip = notLive(input);
    if (skip) return skip;
    const roles = input.features.roles;
    if (roles === null) return notApplicable('roles');
    const buyers = roles.economic_buyer.activeCount;
    const sponsors = roles.exec_sponsor.activeCount;
    if (buyers + sponsors > 0) return clear({ activeEconomicBuyers: buyers, activeExecSponsors: sponsors });
    return fired({
      type: 'no_active_executive_buyer',
      severity: 'WARNING',
      title: 'No active economic buyer or executive sponsor',
      threshold: { min_active_executive_buyers: 1 },
      evidence: { activeEconomicBuyers: 0, activeExecSponsors: 0 },
      margin: 1,
    });
  },
};

export const ACCOUNT_RULES = [
  stakeholderDeparture,
  boardDiscussion,
  hiringIntent,
  meetingGap,
  contactDisengagement,
  competitorEngaged,
  competitorContractExpiring,
  staleContacts,
  noActiveChampion,
  noActiveExecutiveBuyer,
] as const;
