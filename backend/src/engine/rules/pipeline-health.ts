import { atLeast, atMost, below } from './ladder';
import { NOT_APPLICABLE, days, pct, round1, scored, type AccountRule } from './types';

/**
 * Pipeline Health: hygiene, forecast integrity and handoff across the account's open deals. All sixteen
 * are published (hc:/scoring/pipeline-hygiene). Share-based rules are not applicable without open deals.
 */

const EB_T = [1, 0.75, 0.5, 0.25];
const EB_S = [100, 80, 60, 35];
export const PH_001: AccountRule = {
  id: 'PH-001',
  name: 'Economic buyer identified',
  category: 'pipelineHealth',
  weight: 8,
  description: 'Share of open deals with an economic buyer among their contacts: all 100, under a quarter 10.',
  requires: ['openDealsWithEbShare'],
  evaluate({ f }) {
    const s = f.openDealsWithEbShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atLeast(s, EB_T, EB_S, 10), 'EB_COVERAGE', { sharePct: pct(s) });
  },
};

const CONTACTS_T = [4, 3, 2, 1];
const CONTACTS_S = [100, 85, 60, 30];
export const PH_002: AccountRule = {
  id: 'PH-002',
  name: 'Deal contact coverage',
  category: 'pipelineHealth',
  weight: 7,
  description: 'Average contacts per open deal: 4 or more 100, 3 85, 2 60, 1 30, none 5.',
  requires: ['avgContactsPerOpenDeal'],
  evaluate({ f }) {
    const v = f.avgContactsPerOpenDeal;
    if (v === null) return NOT_APPLICABLE;
    return scored(atLeast(v, CONTACTS_T, CONTACTS_S, 5), 'DEAL_CONTACTS_AVG', { count: round1(v) });
  },
};

const FC_T = [1, 0.75, 0.5];
const FC_S = [100, 75, 50];
export const PH_003: AccountRule = {
  id: 'PH-003',
  name: 'Forecast category consistency',
  category: 'pipelineHealth',
  weight: 8,
  description: 'Share of open deals whose forecast category agrees with stage and probability (Commit needs 70%+ or negotiation).',
  requires: ['forecastConsistentShare'],
  evaluate({ f }) {
    const s = f.forecastConsistentShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atLeast(s, FC_T, FC_S, 20), 'FORECAST_CONSISTENCY', { sharePct: pct(s) });
  },
};

const STALE_T = [0, 0.25, 0.5];
const STALE_S = [100, 70, 40];
export const PH_004: AccountRule = {
  id: 'PH-004',
  name: 'Stale deal detection',
  category: 'pipelineHealth',
  weight: 7,
  description: 'Share of open deals 30 or more days in the same stage: none 100, over half 10.',
  requires: ['staleOpenDealShare'],
  evaluate({ f }) {
    const s = f.staleOpenDealShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atMost(s, STALE_T, STALE_S, 10), 'STALE_DEALS', { sharePct: pct(s) });
  },
};

const MEET_T = [7, 14, 21];
const MEET_S = [100, 70, 30];
export const PH_005: AccountRule = {
  id: 'PH-005',
  name: 'Deal meeting recency',
  category: 'pipelineHealth',
  weight: 6,
  description: 'Days since the last meeting on the primary deal: under 7 100, under 14 70, under 21 30, later or never 0.',
  requires: ['primaryDealDaysSinceMeeting'],
  evaluate({ f }) {
    const d = f.primaryDealDaysSinceMeeting;
    if (d === null) return NOT_APPLICABLE;
    if (d === Number.POSITIVE_INFINITY) return scored(0, 'DEAL_MEETING_NONE', {});
    return scored(below(d, MEET_T, MEET_S, 0), 'DEAL_MEETING_LAST', { days: days(d) });
  },
};

const QUALITY_T = [0, 0.1, 0.25, 0.5];
const QUALITY_S = [100, 75, 50, 25];
export const PH_006: AccountRule = {
  id: 'PH-006',
  name: 'Deal amount data quality',
  category: 'pipelineHealth',
  weight: 7,
  description: 'Share of open deals with a zero or missing amount: none 100, over half 0.',
  requires: ['missingAmountShare'],
  evaluate({ f }) {
    const s = f.missingAmountShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atMost(s, QUALITY_T, QUALITY_S, 0), 'MISSING_AMOUNTS', { sharePct: pct(s) });
  },
};

export const PH_007: AccountRule = {
  id: 'PH-007',
  name: 'Close date integrity',
  category: 'pipelineHealth',
  weight: 6,
  description: 'Share of open deals whose close date is missing, past due, or more than 12 months out: none 100, over half 0.',
  requires: ['badCloseDateShare'],
  evaluate({ f }) {
    const s = f.badCloseDateShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atMost(s, QUALITY_T, QUALITY_S, 0), 'BAD_CLOSE_DATES', { sharePct: pct(s) });
  },
};

const SKIP_T = [0, 0.1, 0.25];
const SKIP_S = [100, 75, 50];
export const PH_008: AccountRule = {
  id: 'PH-008',
  name: 'Stage skip compliance',
  category: 'pipelineHealth',
  weight: 5,
  description: 'Share of open deals that skipped a stage in the CRM picklist order: none 100, over a quarter 20.',
  requires: ['stageSkipShare'],
  evaluate({ f }) {
    const s = f.stageSkipShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atMost(s, SKIP_T, SKIP_S, 20), 'STAGE_SKIPS', { sharePct: pct(s) });
  },
};

const OWNER_T = [0, 0.1];
const OWNER_S = [100, 60];
export const PH_009: AccountRule = {
  id: 'PH-009',
  name: 'Deal owner assignment',
  category: 'pipelineHealth',
  weight: 6,
  description: 'Share of open deals without an owner: none 100, up to 10% 60, more 10.',
  requires: ['unownedShare'],
  evaluate({ f }) {
    const s = f.unownedShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atMost(s, OWNER_T, OWNER_S, 10), 'UNOWNED_DEALS', { sharePct: pct(s) });
  },
};

const COVER_T = [3, 2.5, 2, 1.5, 1];
const COVER_S = [100, 85, 70, 55, 30];
export const PH_010: AccountRule = {
  id: 'PH-010',
  name: 'Pipeline coverage ratio',
  category: 'pipelineHealth',
  weight: 7,
  description: 'Open pipeline against ARR (target 2–3×): 3× 100, 2.5× 85, 2× 70, 1.5× 55, 1× 30, less 10.',
  requires: ['pipelineCoverageRatio'],
  evaluate({ f }) {
    const r = f.pipelineCoverageRatio;
    if (r === null) return NOT_APPLICABLE;
    return scored(atLeast(r, COVER_T, COVER_S, 10), 'PIPELINE_COVERAGE', { coverageRatio: round1(r) });
  },
};

const GOV_S = [100, 75, 50, 25];
export const PH_011: AccountRule = {
  id: 'PH-011',
  name: 'Governance compliance',
  category: 'pipelineHealth',
  weight: 6,
  description: 'Share of open deals breaking a governance rule (Commit without economic buyer, no next step, Commit without a meeting in 14 days).',
  requires: ['governanceViolationShare'],
  evaluate({ f }) {
    const s = f.governanceViolationShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atMost(s, QUALITY_T, GOV_S, 5), 'GOVERNANCE', { sharePct: pct(s) });
  },
};

const RENEW_T = [0, 1];
const RENEW_S = [100, 40];
export const PH_012: AccountRule = {
  id: 'PH-012',
  name: 'Renewal data integrity',
  category: 'pipelineHealth',
  weight: 5,
  description: 'Duplicate active renewals and renewals without a date: none 100, one 40, more 10.',
  requires: ['renewalIntegrityIssues'],
  evaluate({ f }) {
    const n = f.renewalIntegrityIssues;
    if (n === null) return NOT_APPLICABLE;
    return scored(atMost(n, RENEW_T, RENEW_S, 10), 'RENEWAL_INTEGRITY', { count: n });
  },
};

const HANDOFF_T = [1, 0.5];
const HANDOFF_S = [100, 50];
export const PH_013: AccountRule = {
  id: 'PH-013',
  name: 'Handoff stakeholder map',
  category: 'pipelineHealth',
  weight: 7,
  description: 'Late-stage deals (Proposal, Negotiation, recent Closed Won) need 3 or more contacts: all 100, half 50, fewer 10.',
  requires: ['lateStageStakeholderShare'],
  evaluate({ f }) {
    const s = f.lateStageStakeholderShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atLeast(s, HANDOFF_T, HANDOFF_S, 10), 'HANDOFF_STAKEHOLDERS', { sharePct: pct(s) });
  },
};

export const PH_014: AccountRule = {
  id: 'PH-014',
  name: 'Handoff success criteria',
  category: 'pipelineHealth',
  weight: 7,
  description: 'Late-stage deals need next steps: all 100, half 50, fewer 10.',
  requires: ['lateStageNextStepShare'],
  evaluate({ f }) {
    const s = f.lateStageNextStepShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atLeast(s, HANDOFF_T, HANDOFF_S, 10), 'HANDOFF_NEXT_STEPS', { sharePct: pct(s) });
  },
};

export const PH_015: AccountRule = {
  id: 'PH-015',
  name: 'Handoff economic buyer',
  category: 'pipelineHealth',
  weight: 6,
  description: 'Late-stage deals need an economic buyer: all 100, half 50, fewer 10.',
  requires: ['lateStageEbShare'],
  evaluate({ f }) {
    const s = f.lateStageEbShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atLeast(s, HANDOFF_T, HANDOFF_S, 10), 'HANDOFF_EB', { sharePct: pct(s) });
  },
};

const COMPOSITE_T = [1, 0.75, 0.5];
const COMPOSITE_S = [100, 70, 45];
export const PH_016: AccountRule = {
  id: 'PH-016',
  name: 'Handoff composite compliance',
  category: 'pipelineHealth',
  weight: 8,
  description: 'Late-stage deals meeting all of PH-013..015 at once: all 100, three quarters 70, half 45, fewer 10.',
  requires: ['lateStageCompliantShare'],
  evaluate({ f }) {
    const s = f.lateStageCompliantShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atLeast(s, COMPOSITE_T, COMPOSITE_S, 10), 'HANDOFF_COMPOSITE', { sharePct: pct(s) });
  },
};

export const PIPELINE_HEALTH_RULES: readonly AccountRule[] = [
  PH_001, PH_002, PH_003, PH_004, PH_005, PH_006, PH_007, PH_008, PH_009, PH_010, PH_011, PH_012, PH_013, PH_014, PH_015, PH_016,
];
