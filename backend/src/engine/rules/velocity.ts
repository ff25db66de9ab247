import { atLeast, atMost } from './ladder';
import { NOT_APPLICABLE, days, round1, scored, type AccountRule } from './types';

/**
 * Velocity: deal speed, stage progression, meeting cadence, responsiveness, score momentum and
 * contracting activity. VEL-001..002 are published; VEL-003..011 are Pillar's own.
 */

const VELO_T = [1, 1.5, 2];
const VELO_S = [100, 70, 40];
export const VEL_001: AccountRule = {
  id: 'VEL-001',
  name: 'Deal stage velocity',
  category: 'velocity',
  weight: 8,
  description: 'Open deals’ days in stage against this tenant’s median for the stage (mean ratio): at or under the median 100, over 2× 10.',
  requires: ['meanStageVelocityRatio'],
  evaluate({ f }) {
    const r = f.meanStageVelocityRatio;
    if (r === null) return NOT_APPLICABLE;
    return scored(atMost(r, VELO_T, VELO_S, 10), 'STAGE_VELOCITY', { velocityRatio: round1(r) });
  },
};

const PUSH_T = [0, 1, 2];
const PUSH_S = [100, 70, 40];
export const VEL_002: AccountRule = {
  id: 'VEL-002',
  name: 'Close date slippage',
  category: 'velocity',
  weight: 7,
  description: 'Close-date pushes on the primary deal: none 100, 1 70, 2 40, 3 or more 10.',
  requires: ['primaryDealPushes'],
  evaluate({ f }) {
    const n = f.primaryDealPushes;
    if (n === null) return NOT_APPLICABLE;
    return scored(atMost(n, PUSH_T, PUSH_S, 10), 'CLOSE_DATE_PUSHES', { count: n });
  },
};

const CADENCE_T = [6, 3, 1];
const CADENCE_S = [100, 75, 45];
export const VEL_003: AccountRule = {
  id: 'VEL-003',
  name: 'Meeting cadence (90d)',
  category: 'velocity',
  weight: 6,
  description: 'Meetings in the last 90 days: 6 or more (about every two weeks) 100, none 10.',
  requires: ['activity90d'],
  evaluate({ f }) {
    const w = f.activity90d;
    if (w === null) return NOT_APPLICABLE;
    return scored(atLeast(w.meeting, CADENCE_T, CADENCE_S, 10), 'MEETINGS_90D', { count: w.meeting });
  },
};

const INBOUND_T = [7, 14, 30, 60];
const INBOUND_S = [100, 80, 55, 30];
export const VEL_004: AccountRule = {
  id: 'VEL-004',
  name: 'Customer responsiveness',
  category: 'velocity',
  weight: 6,
  description: 'Days since the customer last initiated contact (inbound): within a week 100, none ever 0.',
  requires: ['daysSince'],
  evaluate({ f }) {
    const ds = f.daysSince;
    if (ds === null) return NOT_APPLICABLE;
    const d = ds.inbound;
    if (d === Number.POSITIVE_INFINITY) return scored(0, 'INBOUND_NONE', {});
    return scored(atMost(d, INBOUND_T, INBOUND_S, 10), 'INBOUND_LAST', { days: days(d) });
  },
};

export const VEL_005: AccountRule = {
  id: 'VEL-005',
  name: 'Score momentum',
  category: 'velocity',
  weight: 5,
  description: 'Health change from 30 to 7 days ago: +10 or more 100, within ±3 55, −10 or worse 10.',
  requires: ['health7dAgo', 'health30dAgo'],
  evaluate({ f }) {
    const a = f.health7dAgo;
    const b = f.health30dAgo;
    if (a === null || b === null) return NOT_APPLICABLE;
    const delta = a - b;
    const score = delta >= 10 ? 100 : delta >= 3 ? 75 : delta > -3 ? 55 : delta > -10 ? 30 : 10;
    return scored(score, 'SCORE_MOMENTUM', { pointsDelta: round1(delta) });
  },
};

const CONTRACT_T = [14, 30, 60, 90];
const CONTRACT_S = [100, 80, 55, 30];
export const VEL_006: AccountRule = {
  id: 'VEL-006',
  name: 'Contracting activity',
  category: 'velocity',
  weight: 6,
  description: 'Renewal contract turnaround: signed 100; out for signature up to 14 days 100, over 90 days 10. Not applicable before contracting starts.',
  requires: ['contractingStatus'],
  evaluate({ f }) {
    const s = f.contractingStatus;
    if (s === null || s === 'not_started') return NOT_APPLICABLE;
    if (s === 'signed') return scored(100, 'CONTRACT_SIGNED', {});
    const d = f.contractingDaysOpen ?? 0;
    return scored(atMost(d, CONTRACT_T, CONTRACT_S, 10), 'CONTRACT_OPEN', { days: days(d) });
  },
};

const CYCLE_T = [0.75, 1, 1.5, 2];
const CYCLE_S = [100, 80, 50, 25];
export const VEL_007: AccountRule = {
  id: 'VEL-007',
  name: 'Sales cycle pace',
  category: 'velocity',
  weight: 6,
  description: 'Primary deal age against this tenant’s median won-deal cycle: under 0.75× 100, over 2× 10.',
  requires: ['primaryDealCycleRatio'],
  evaluate({ f }) {
    const r = f.primaryDealCycleRatio;
    if (r === null) return NOT_APPLICABLE;
    return scored(atMost(r, CYCLE_T, CYCLE_S, 10), 'CYCLE_PACE', { cycleRatio: round1(r) });
  },
};

const ADV_T = [2, 1];
const ADV_S = [100, 75];
export const VEL_008: AccountRule = {
  id: 'VEL-008',
  name: 'Stage progression (30d)',
  category: 'velocity',
  weight: 5,
  description: 'Forward stage moves across open deals in 30 days: 2 or more 100, 1 75, none 30.',
  requires: ['stageAdvances30d'],
  evaluate({ f }) {
    const n = f.stageAdvances30d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, ADV_T, ADV_S, 30), 'STAGE_ADVANCES', { count: n });
  },
};

const CHANGE_T = [14, 30, 60, 90];
const CHANGE_S = [100, 75, 45, 20];
export const VEL_009: AccountRule = {
  id: 'VEL-009',
  name: 'Time since last stage change',
  category: 'velocity',
  weight: 5,
  description: 'Days since any open deal last changed stage: within two weeks 100, over 90 days 5.',
  requires: ['minDaysSinceStageChange'],
  evaluate({ f }) {
    const d = f.minDaysSinceStageChange;
    if (d === null) return NOT_APPLICABLE;
    return scored(atMost(d, CHANGE_T, CHANGE_S, 5), 'STAGE_CHANGE_LAST', { days: days(d) });
  },
};

const ACCEL_T = [1.25, 0.9, 0.5];
const ACCEL_S = [100, 75, 45];
export const VEL_010: AccountRule = {
  id: 'VEL-010',
  name: 'Activity acceleration',
  category: 'velocity',
  weight: 5,
  description: 'Activity pace of the last 7 days against the 30-day pace: 1.25× or faster 100, under half 15.',
  requires: ['activity7d', 'activity30d'],
  evaluate({ f }) {
    const w7 = f.activity7d;
    const w30 = f.activity30d;
    if (w7 === null || w30 === null || w30.total === 0) return NOT_APPLICABLE;
    const ratio = (w7.total * 30) / 7 / w30.total;
    return scored(atLeast(ratio, ACCEL_T, ACCEL_S, 15), 'ACTIVITY_ACCELERATION', { paceRatio: round1(ratio) });
  },
};

const NOT_STARTED_T = [30, 60, 90, 120];
const NOT_STARTED_S = [5, 25, 50, 75];
export const VEL_011: AccountRule = {
  id: 'VEL-011',
  name: 'Renewal motion timeliness',
  category: 'velocity',
  weight: 6,
  description: 'Whether the renewal motion started in time: signed 100, far out 90, contracting under way 85; not started with 30 days left 5; past due unsigned 0.',
  requires: ['daysToRenewal', 'contractingStatus'],
  evaluate({ f }) {
    const d = f.daysToRenewal;
    const s = f.contractingStatus;
    if (d === null || s === null) return NOT_APPLICABLE;
    if (s === 'signed') return scored(100, 'RENEWAL_SIGNED', {});
    if (d < 0) return scored(0, 'RENEWAL_OVERDUE', { days: days(-d) });
    if (d > 120) return scored(90, 'RENEWAL_FAR', { days: days(d) });
    if (s === 'in_progress') return scored(85, 'RENEWAL_IN_MOTION', { days: days(d) });
    return scored(atMost(d, NOT_STARTED_T, NOT_STARTED_S, 90), 'RENEWAL_NOT_STARTED', { days: days(d) });
  },
};

export const VELOCITY_RULES: readonly AccountRule[] = [VEL_001, VEL_002, VEL_003, VEL_004, VEL_005, VEL_006, VEL_007, VEL_008, VEL_009, VEL_010, VEL_011];
