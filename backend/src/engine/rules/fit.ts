import { atLeast, passThrough } from './ladder';
import { NOT_APPLICABLE, scored, type AccountRule } from './types';

/** Fit: ICP, segment, budget, procurement. All twelve are published (hc:/scoring/icp-fit). */

const ARR_T = [500_000, 200_000, 100_000, 50_000, 25_000, 10_000];
const ARR_S = [100, 85, 70, 55, 40, 25];
export const FIT_001: AccountRule = {
  id: 'FIT-001',
  name: 'ARR tier fit',
  category: 'fit',
  weight: 8,
  description: 'ARR against ICP tiers: $500K+ 100, $200K 85, scaled down to 10 under $10K.',
  requires: ['arr'],
  evaluate({ f }) {
    const arr = f.arr;
    if (arr === null) return NOT_APPLICABLE;
    return scored(atLeast(arr, ARR_T, ARR_S, 10), 'ARR_TIER', { arrUsd: Math.round(arr) });
  },
};

const SEGMENT_SCORE = { enterprise: 100, mid_market: 70, smb: 35 } as const;
const SEGMENT_LABEL = { enterprise: 'Enterprise', mid_market: 'Mid-Market', smb: 'SMB' } as const;
export const FIT_002: AccountRule = {
  id: 'FIT-002',
  name: 'Segment alignment',
  category: 'fit',
  weight: 6,
  description: 'Enterprise 100, Mid-Market 70, SMB 35.',
  requires: ['segment'],
  evaluate({ f }) {
    const s = f.segment;
    if (s === null) return NOT_APPLICABLE;
    return scored(SEGMENT_SCORE[s], 'SEGMENT', { segment: SEGMENT_LABEL[s] });
  },
};

const ENROLL_T = [50_000, 20_000, 10_000, 5_000, 1_000];
const ENROLL_S = [100, 85, 65, 45, 25];
export const FIT_003: AccountRule = {
  id: 'FIT-003',
  name: 'District size fit',
  category: 'fit',
  weight: 7,
  description: 'Student enrollment (public-sector K-12 accounts): 50K+ 100, 1K–5K 25, under 1K 10.',
  requires: ['studentEnrollment'],
  evaluate({ f }) {
    const n = f.studentEnrollment;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, ENROLL_T, ENROLL_S, 10), 'STUDENT_ENROLLMENT', { students: Math.round(n) });
  },
};

export const FIT_004: AccountRule = {
  id: 'FIT-004',
  name: 'Technology spend propensity',
  category: 'fit',
  weight: 6,
  description: 'Market-data technology spend propensity 0–100, passed through.',
  requires: ['techSpendPropensity'],
  evaluate({ f }) {
    const v = f.techSpendPropensity;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'TECH_SPEND', { score: Math.round(v) });
  },
};

export const FIT_005: AccountRule = {
  id: 'FIT-005',
  name: 'AI adoption readiness',
  category: 'fit',
  weight: 5,
  description: 'Market-data AI adoption readiness 0–100, passed through.',
  requires: ['aiReadiness'],
  evaluate({ f }) {
    const v = f.aiReadiness;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'AI_READINESS', { score: Math.round(v) });
  },
};

const BUDGET_T = [5_000_000, 2_000_000, 1_000_000, 500_000, 100_000];
const BUDGET_S = [100, 80, 60, 40, 20];
export const FIT_006: AccountRule = {
  id: 'FIT-006',
  name: 'Budget capacity',
  category: 'fit',
  weight: 7,
  description: 'Technology budget: $5M+ 100, $2M 80, $1M 60, $500K 40, $100K 20, less 10.',
  requires: ['techBudgetUsd'],
  evaluate({ f }) {
    const v = f.techBudgetUsd;
    if (v === null) return NOT_APPLICABLE;
    return scored(atLeast(v, BUDGET_T, BUDGET_S, 10), 'TECH_BUDGET', { budgetUsd: Math.round(v) });
  },
};

export const FIT_007: AccountRule = {
  id: 'FIT-007',
  name: 'Strategic theme alignment',
  category: 'fit',
  weight: 6,
  description: 'How well the account’s stated themes align with the product, 0–100.',
  requires: ['strategicThemeAlignment'],
  evaluate({ f }) {
    const v = f.strategicThemeAlignment;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'THEME_ALIGNMENT', { score: Math.round(v) });
  },
};

export const FIT_008: AccountRule = {
  id: 'FIT-008',
  name: 'Procurement complexity fit',
  category: 'fit',
  weight: 5,
  description: 'Lower procurement complexity fits better: 100 − complexity.',
  requires: ['procurementComplexity'],
  evaluate({ f }) {
    const v = f.procurementComplexity;
    if (v === null) return NOT_APPLICABLE;
    return scored(100 - passThrough(v), 'PROCUREMENT_COMPLEXITY', { complexity: Math.round(v) });
  },
};

export const FIT_009: AccountRule = {
  id: 'FIT-009',
  name: 'Cooperative purchasing pathway',
  category: 'fit',
  weight: 4,
  description: 'A cooperative purchasing contract (NASPO, PEPPM…) exists: 100, else 30.',
  requires: ['coopPathway'],
  evaluate({ f }) {
    const v = f.coopPathway;
    if (v === null) return NOT_APPLICABLE;
    return v ? scored(100, 'COOP_PATHWAY_YES', {}) : scored(30, 'COOP_PATHWAY_NO', {});
  },
};

const TIER_SCORE = { 1: 100, 2: 60, 3: 30 } as const;
export const FIT_010: AccountRule = {
  id: 'FIT-010',
  name: 'Account tier alignment',
  category: 'fit',
  weight: 5,
  description: 'Tier 1 100, Tier 2 60, Tier 3 30.',
  requires: ['tier'],
  evaluate({ f }) {
    const t = f.tier;
    if (t === null) return NOT_APPLICABLE;
    return scored(TIER_SCORE[t], 'ACCOUNT_TIER', { tier: t });
  },
};

export const FIT_011: AccountRule = {
  id: 'FIT-011',
  name: 'Startup friendliness',
  category: 'fit',
  weight: 4,
  description: 'Market-data startup friendliness 0–100, passed through.',
  requires: ['startupFriendliness'],
  evaluate({ f }) {
    const v = f.startupFriendliness;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'STARTUP_FRIENDLINESS', { score: Math.round(v) });
  },
};

export const FIT_012: AccountRule = {
  id: 'FIT-012',
  name: 'Primary contact persona fit',
  category: 'fit',
  weight: 5,
  description: 'Best active contact by buying role and title (superintendent/chief 95, deputy/VP 85…).',
  requires: ['bestPersonaFit'],
  evaluate({ f }) {
    const v = f.bestPersonaFit;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'PERSONA_FIT', { score: Math.round(v) });
  },
};

export const FIT_RULES: readonly AccountRule[] = [FIT_001, FIT_002, FIT_003, FIT_004, FIT_005, FIT_006, FIT_007, FIT_008, FIT_009, FIT_010, FIT_011, FIT_012];
