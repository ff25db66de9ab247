import { atLeast, atMost, passThrough } from './ladder';
import { NOT_APPLICABLE, days, round1, scored, type AccountRule } from './types';

/** Intent: buying signals, RFPs, grants, competitive windows. All twelve are published. */

const XSELL_T = [3, 2, 1];
const XSELL_S = [100, 66, 33];
export const INT_001: AccountRule = {
  id: 'INT-001',
  name: 'Cross-sell signal volume',
  category: 'intent',
  weight: 8,
  description: 'Active expansion signals: 3 or more 100, 2 66, 1 33, none 0.',
  requires: ['crossSellSignals'],
  evaluate({ f }) {
    const n = f.crossSellSignals;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, XSELL_T, XSELL_S, 0), 'CROSS_SELL_SIGNALS', { count: n });
  },
};

export const INT_002: AccountRule = {
  id: 'INT-002',
  name: 'Budget availability confirmed',
  category: 'intent',
  weight: 7,
  description: 'Budget confirmed 80, not confirmed 20; +20 when the budget grows 5%+ a year, −15 when it shrinks over 5%.',
  requires: ['budgetConfirmed'],
  evaluate({ f }) {
    const b = f.budgetConfirmed;
    if (b === null) return NOT_APPLICABLE;
    const trend = f.budgetTrendPct;
    const adj = trend === null ? 0 : trend >= 5 ? 20 : trend < -5 ? -15 : 0;
    const evidence = { budgetConfirmed: b, budgetTrendPct: trend };
    return b ? scored(80 + adj, 'BUDGET_CONFIRMED', {}, evidence) : scored(20 + adj, 'BUDGET_NOT_CONFIRMED', {}, evidence);
  },
};

export const INT_003: AccountRule = {
  id: 'INT-003',
  name: 'Grant funding opportunity',
  category: 'intent',
  weight: 7,
  description: 'Open grant window closing within 60 days 100, open 85, none 10 (time-bound windows).',
  requires: ['grantWindowOpen'],
  evaluate({ f }) {
    const open = f.grantWindowOpen;
    if (open === null) return NOT_APPLICABLE;
    if (!open) return scored(10, 'GRANT_NONE', {});
    const d = f.grantWindowClosesInDays;
    if (d !== null && d >= 0 && d <= 60) return scored(100, 'GRANT_WINDOW_CLOSING', { days: days(d) });
    return scored(85, 'GRANT_WINDOW_OPEN', {});
  },
};

export const INT_004: AccountRule = {
  id: 'INT-004',
  name: 'Product whitespace',
  category: 'intent',
  weight: 6,
  description: 'Share of the product catalog the account does not own yet, passed through.',
  requires: ['whitespacePct'],
  evaluate({ f }) {
    const v = f.whitespacePct;
    if (v === null) return NOT_APPLICABLE;
    return scored(passThrough(v), 'WHITESPACE', { whitespacePct: Math.round(v) });
  },
};

const DISPLACE_T = [60, 120, 180, 365];
const DISPLACE_S = [100, 80, 60, 40];
export const INT_005: AccountRule = {
  id: 'INT-005',
  name: 'Competitive displacement window',
  category: 'intent',
  weight: 8,
  description: 'Competitor contract expiring: within 60 days 100, a year 40, later 20; already ended 70.',
  requires: ['competitorContractEndsInDays'],
  evaluate({ f }) {
    const d = f.competitorContractEndsInDays;
    if (d === null) return NOT_APPLICABLE;
    if (d < 0) return scored(70, 'COMPETITOR_CONTRACT_ENDED', { days: days(-d) });
    return scored(atMost(d, DISPLACE_T, DISPLACE_S, 20), 'COMPETITOR_CONTRACT_ENDS', { days: days(d) });
  },
};

const MQL_T = [5, 3, 2, 1];
const MQL_S = [100, 80, 60, 40];
export const INT_006: AccountRule = {
  id: 'INT-006',
  name: 'MQL volume indicator',
  category: 'intent',
  weight: 6,
  description: 'Marketing-qualified leads in 90 days: 5 or more 100, none 10.',
  requires: ['mqlCount90d'],
  evaluate({ f }) {
    const n = f.mqlCount90d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, MQL_T, MQL_S, 10), 'MQLS_90D', { count: n });
  },
};

export const INT_007: AccountRule = {
  id: 'INT-007',
  name: 'RFP activity detected',
  category: 'intent',
  weight: 9,
  description: 'An active RFP is the strongest intent: 100; none 20.',
  requires: ['rfpActive'],
  evaluate({ f }) {
    const v = f.rfpActive;
    if (v === null) return NOT_APPLICABLE;
    return v ? scored(100, 'RFP_ACTIVE', {}) : scored(20, 'RFP_NONE', {});
  },
};

const BGROW_T = [10, 5, 0, -5];
const BGROW_S = [100, 80, 60, 35];
export const INT_008: AccountRule = {
  id: 'INT-008',
  name: 'Budget growth trend',
  category: 'intent',
  weight: 6,
  description: 'Year-over-year budget change: +10% or more 100, flat 60, falling over 5% 10.',
  requires: ['budgetTrendPct'],
  evaluate({ f }) {
    const t = f.budgetTrendPct;
    if (t === null) return NOT_APPLICABLE;
    return scored(atLeast(t, BGROW_T, BGROW_S, 10), 'BUDGET_TREND', { trendDeltaPct: round1(t) });
  },
};

export const INT_009: AccountRule = {
  id: 'INT-009',
  name: 'Strategic theme match',
  category: 'intent',
  weight: 6,
  description: 'The account’s current priorities match the product: 100, else 10.',
  requires: ['strategicThemeMatch'],
  evaluate({ f }) {
    const v = f.strategicThemeMatch;
    if (v === null) return NOT_APPLICABLE;
    return v ? scored(100, 'THEME_MATCH', {}) : scored(10, 'THEME_NO_MATCH', {});
  },
};

const HIRE_T = [3, 2, 1];
const HIRE_S = [100, 75, 50];
export const INT_010: AccountRule = {
  id: 'INT-010',
  name: 'Hiring intent signal',
  category: 'intent',
  weight: 5,
  description: 'Relevant job postings in 90 days: 3 or more 100, none 15.',
  requires: ['hiringSignals90d'],
  evaluate({ f }) {
    const n = f.hiringSignals90d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, HIRE_T, HIRE_S, 15), 'HIRING_SIGNALS', { count: n });
  },
};

const BOARD_T = [2, 1];
const BOARD_S = [100, 70];
export const INT_011: AccountRule = {
  id: 'INT-011',
  name: 'Board discussion relevance',
  category: 'intent',
  weight: 5,
  description: 'Product-area mentions in board minutes in 90 days: 2 or more 100, 1 70, none 20.',
  requires: ['boardMentions90d'],
  evaluate({ f }) {
    const n = f.boardMentions90d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, BOARD_T, BOARD_S, 20), 'BOARD_MENTIONS', { count: n });
  },
};

const DEMO_T = [30, 90];
const DEMO_S = [100, 70];
export const INT_012: AccountRule = {
  id: 'INT-012',
  name: 'Demo or trial requested',
  category: 'intent',
  weight: 8,
  description: 'Direct buying intent: a demo or trial requested within 30 days 100, 90 days 70, earlier 40, never 15.',
  requires: ['daysSinceDemoRequest'],
  evaluate({ f }) {
    const d = f.daysSinceDemoRequest;
    if (d === null) return NOT_APPLICABLE;
    if (d === Number.POSITIVE_INFINITY) return scored(15, 'DEMO_NOT_REQUESTED', {});
    return scored(atMost(d, DEMO_T, DEMO_S, 40), 'DEMO_REQUESTED', { days: days(d) });
  },
};

export const INTENT_RULES: readonly AccountRule[] = [INT_001, INT_002, INT_003, INT_004, INT_005, INT_006, INT_007, INT_008, INT_009, INT_010, INT_011, INT_012];
