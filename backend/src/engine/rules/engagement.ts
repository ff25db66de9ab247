import { atLeast, atMost, passThrough } from './ladder';
import { NOT_APPLICABLE, days, pct, round1, scored, type AccountRule } from './types';

/** Engagement: product usage, activity volume and recency, adoption. ENG-001..006 published. */

const USAGE_T = [10, 0, -10, -20, -35];
const USAGE_S = [100, 85, 60, 35, 15];
export const ENG_001: AccountRule = {
  id: 'ENG-001',
  name: 'Usage trend decline',
  category: 'engagement',
  weight: 8,
  description: 'Quarter-over-quarter product usage trend: growth scores high, a fall of more than 35% scores 0.',
  requires: ['usageTrendPct'],
  evaluate({ f }) {
    const t = f.usageTrendPct;
    if (t === null) return NOT_APPLICABLE;
    return scored(atLeast(t, USAGE_T, USAGE_S, 0), 'USAGE_TREND', { usageDeltaPct: round1(t) });
  },
};

const RECENCY_T = [7, 14, 30, 60, 90];
const RECENCY_S = [100, 85, 65, 40, 20];
export const ENG_002: AccountRule = {
  id: 'ENG-002',
  name: 'Activity recency',
  category: 'engagement',
  weight: 7,
  description: 'Days since the last logged activity of any type: within a week 100, over 90 days 5, none ever 0.',
  requires: ['daysSinceLastActivity'],
  evaluate({ f }) {
    const d = f.daysSinceLastActivity;
    if (d === null) return NOT_APPLICABLE;
    if (d === Number.POSITIVE_INFINITY) return scored(0, 'ACTIVITY_NONE_RECORDED', {});
    return scored(atMost(d, RECENCY_T, RECENCY_S, 5), 'ACTIVITY_LAST_DAYS_AGO', { days: days(d) });
  },
};

const VOLUME_T = [20, 10, 5, 2, 1];
const VOLUME_S = [100, 80, 60, 40, 20];
export const ENG_003: AccountRule = {
  id: 'ENG-003',
  name: 'Activity volume (30d)',
  category: 'engagement',
  weight: 6,
  description: 'Activities logged in the last 30 days: 20 or more 100, none 0.',
  requires: ['activity30d'],
  evaluate({ f }) {
    const w = f.activity30d;
    if (w === null) return NOT_APPLICABLE;
    return scored(atLeast(w.total, VOLUME_T, VOLUME_S, 0), 'ACTIVITY_VOLUME_30D', { count: w.total });
  },
};

const MIX_T = [0.6, 0.4, 0.25, 0.1];
const MIX_S = [100, 75, 50, 25];
export const ENG_004: AccountRule = {
  id: 'ENG-004',
  name: 'Email and meeting engagement',
  category: 'engagement',
  weight: 5,
  description: 'Meetings and emails as a share of all activities in 90 days (not applicable with no activity).',
  requires: ['activity90d'],
  evaluate({ f }) {
    const w = f.activity90d;
    if (w === null || w.total === 0) return NOT_APPLICABLE;
    const share = (w.email + w.meeting) / w.total;
    return scored(atLeast(share, MIX_T, MIX_S, 10), 'EMAIL_MEETING_SHARE', { sharePct: pct(share) });
  },
};

export const ENG_005: AccountRule = {
  id: 'ENG-005',
  name: 'Average contact engagement',
  category: 'engagement',
  weight: 6,
  description: 'Mean engagement score of active contacts (CRM score, else derived from each contact’s recency).',
  requires: ['avgContactEngagement'],
  evaluate({ f }) {
    const v = f.avgContactEngagement;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'CONTACT_ENGAGEMENT_AVG', { score: Math.round(v) });
  },
};

export const ENG_006: AccountRule = {
  id: 'ENG-006',
  name: 'Product adoption depth',
  category: 'engagement',
  weight: 7,
  description: 'Mean adoption percentage of licensed capability, passed through.',
  requires: ['adoptionPct'],
  evaluate({ f }) {
    const v = f.adoptionPct;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'ADOPTION_DEPTH', { adoptionPct: Math.round(v) });
  },
};

const MEET30_T = [4, 2, 1];
const MEET30_S = [100, 75, 50];
export const ENG_007: AccountRule = {
  id: 'ENG-007',
  name: 'Meeting frequency (30d)',
  category: 'engagement',
  weight: 6,
  description: 'Meetings in the last 30 days: 4 or more 100, 2 75, 1 50, none 10.',
  requires: ['activity30d'],
  evaluate({ f }) {
    const w = f.activity30d;
    if (w === null) return NOT_APPLICABLE;
    return scored(atLeast(w.meeting, MEET30_T, MEET30_S, 10), 'MEETINGS_30D', { count: w.meeting });
  },
};

const TWOWAY_T = [0.4, 0.25, 0.1];
const TWOWAY_S = [100, 75, 45];
export const ENG_008: AccountRule = {
  id: 'ENG-008',
  name: 'Two-way engagement',
  category: 'engagement',
  weight: 5,
  description: 'Customer-initiated share of inbound plus outbound activity in 90 days (a one-way conversation scores low).',
  requires: ['activity90d'],
  evaluate({ f }) {
    const w = f.activity90d;
    if (w === null) return NOT_APPLICABLE;
    const directed = w.inbound + w.outbound;
    if (directed === 0) return NOT_APPLICABLE;
    const share = w.inbound / directed;
    return scored(atLeast(share, TWOWAY_T, TWOWAY_S, 15), 'TWO_WAY_SHARE', { inboundPct: pct(share) });
  },
};

const TREND_T = [25, 0, -25, -50];
const TREND_S = [100, 80, 55, 30];
export const ENG_009: AccountRule = {
  id: 'ENG-009',
  name: 'Engagement trend',
  category: 'engagement',
  weight: 7,
  description: 'Activity in the last 30 days against the monthly average of the 60 days before.',
  requires: ['activityTrendPct'],
  evaluate({ f }) {
    const t = f.activityTrendPct;
    if (t === null) return NOT_APPLICABLE;
    return scored(atLeast(t, TREND_T, TREND_S, 10), 'ACTIVITY_TREND', { trendDeltaPct: Math.round(t) });
  },
};

const BREADTH_T = [5, 3, 2, 1];
const BREADTH_S = [100, 75, 50, 25];
export const ENG_010: AccountRule = {
  id: 'ENG-010',
  name: 'Contact breadth (90d)',
  category: 'engagement',
  weight: 5,
  description: 'Distinct contacts who engaged (email, meeting, call) in the last 90 days.',
  requires: ['distinctContactsEngaged90d'],
  evaluate({ f }) {
    const n = f.distinctContactsEngaged90d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, BREADTH_T, BREADTH_S, 0), 'CONTACTS_ENGAGED_90D', { count: n });
  },
};

const SEATS_T = [0.8, 0.6, 0.4, 0.2];
const SEATS_S = [100, 75, 50, 25];
export const ENG_011: AccountRule = {
  id: 'ENG-011',
  name: 'Seat utilisation',
  category: 'engagement',
  weight: 6,
  description: 'Active users as a share of licensed seats: 80% or more 100, under 20% 10.',
  requires: ['seatUtilisation'],
  evaluate({ f }) {
    const u = f.seatUtilisation;
    if (u === null) return NOT_APPLICABLE;
    return scored(atLeast(u, SEATS_T, SEATS_S, 10), 'SEAT_UTILISATION', { utilisationPct: pct(u) });
  },
};

const CONV_T = [14, 30, 60, 90];
const CONV_S = [100, 70, 40, 20];
export const ENG_012: AccountRule = {
  id: 'ENG-012',
  name: 'Live conversation recency',
  category: 'engagement',
  weight: 4,
  description: 'Days since the last meeting or call: within two weeks 100, none ever 0.',
  requires: ['daysSinceLastConversation'],
  evaluate({ f }) {
    const d = f.daysSinceLastConversation;
    if (d === null) return NOT_APPLICABLE;
    if (d === Number.POSITIVE_INFINITY) return scored(0, 'CONVERSATION_NONE', {});
    return scored(atMost(d, CONV_T, CONV_S, 5), 'CONVERSATION_LAST', { days: days(d) });
  },
};

export const ENGAGEMENT_RULES: readonly AccountRule[] = [ENG_001, ENG_002, ENG_003, ENG_004, ENG_005, ENG_006, ENG_007, ENG_008, ENG_009, ENG_010, ENG_011, ENG_012];
