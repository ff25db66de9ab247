import { atLeast, atMost } from './ladder';
import { NOT_APPLICABLE, days, pct, round1, scored, type AccountRule } from './types';

/**
 * Risk: churn, budget decline, competition. Scores are health-oriented (100 = no risk). RSK-001..009 are
 * published; RSK-010 ("Immine…", imminent renewal) and RSK-011..012 are Pillar's completion.
 */

export const RSK_001: AccountRule = {
  id: 'RSK-001',
  name: 'Computed renewal risk',
  category: 'risk',
  weight: 9,
  description: 'Pass-through of the renewal risk score: 100 − risk. Not applicable without an open renewal.',
  requires: ['renewalRisk'],
  evaluate({ renewalRisk }) {
    if (renewalRisk === null) return NOT_APPLICABLE;
    return scored(100 - renewalRisk, 'RENEWAL_RISK', { risk: Math.round(renewalRisk) });
  },
};

const DECLINE_T = [0, -5, -10];
const DECLINE_S = [100, 70, 40];
export const RSK_002: AccountRule = {
  id: 'RSK-002',
  name: 'Budget decline risk',
  category: 'risk',
  weight: 7,
  description: 'Year-over-year budget change: growing 100, down to −5% 70, to −10% 40, falling faster 10.',
  requires: ['budgetTrendPct'],
  evaluate({ f }) {
    const t = f.budgetTrendPct;
    if (t === null) return NOT_APPLICABLE;
    return scored(atLeast(t, DECLINE_T, DECLINE_S, 10), 'BUDGET_TREND', { trendDeltaPct: round1(t) });
  },
};

const LATE_T = [0, 1, 2];
const LATE_S = [100, 70, 40];
export const RSK_003: AccountRule = {
  id: 'RSK-003',
  name: 'Payment delinquency risk',
  category: 'risk',
  weight: 6,
  description: 'Late payments in 12 months: none 100, 1 70, 2 40, 3 or more 0.',
  requires: ['latePayments12m'],
  evaluate({ f }) {
    const n = f.latePayments12m;
    if (n === null) return NOT_APPLICABLE;
    return scored(atMost(n, LATE_T, LATE_S, 0), 'LATE_PAYMENTS', { count: n });
  },
};

export const RSK_004: AccountRule = {
  id: 'RSK-004',
  name: 'Support escalation risk',
  category: 'risk',
  weight: 7,
  description: 'Escalated share of tickets: under 20% 100, under 40% 75, under 60% 45, under 80% 30, more 0; −15 per open critical ticket.',
  requires: ['supportEscalationPct'],
  evaluate({ f }) {
    const e = f.supportEscalationPct;
    if (e === null) return NOT_APPLICABLE;
    const base = e < 20 ? 100 : e < 40 ? 75 : e < 60 ? 45 : e < 80 ? 30 : 0;
    const crit = f.openCriticalTickets;
    if (crit === null || crit === 0) return scored(base, 'SUPPORT_ESCALATION', { escalationPct: Math.round(e) });
    return scored(base - 15 * crit, 'SUPPORT_ESCALATION_CRITICAL', { escalationPct: Math.round(e), count: crit });
  },
};

const COMP_T = [0, 0.25, 0.5];
const COMP_S = [100, 70, 45];
export const RSK_005: AccountRule = {
  id: 'RSK-005',
  name: 'Competitive threat level',
  category: 'risk',
  weight: 7,
  description: 'Share of open deals with a named or mentioned competitor: none 100, a quarter 70, half 45, more 20.',
  requires: ['competitorDealShare'],
  evaluate({ f }) {
    const s = f.competitorDealShare;
    if (s === null) return NOT_APPLICABLE;
    return scored(atMost(s, COMP_T, COMP_S, 20), 'COMPETITOR_DEALS', { sharePct: pct(s) });
  },
};

export const RSK_006: AccountRule = {
  id: 'RSK-006',
  name: 'Market context risk',
  category: 'risk',
  weight: 6,
  description: '100 − the published market-context composite (budget trend, technology budget share, grant dependency).',
  requires: ['marketContextRisk'],
  evaluate({ f }) {
    const risk = f.marketContextRisk;
    if (risk === null) return NOT_APPLICABLE;
    return scored(100 - risk, 'MARKET_CONTEXT', { risk: Math.round(risk) }, {
      budgetTrendPct: f.budgetTrendPct,
      techBudgetSharePct: f.techBudgetSharePct,
      grantDependencyPct: f.grantDependencyPct,
    });
  },
};

const SILENT_S = [100, 75, 40, 0];
export const RSK_007: AccountRule = {
  id: 'RSK-007',
  name: 'Silent churn pattern',
  category: 'risk',
  weight: 9,
  description: 'Signs of silent churn: no activity for 30+ days, neutral-or-worse or unknown NPS, falling usage. None 100, one 75, two 40, all three 0.',
  requires: ['daysSinceLastActivity', 'usageTrendPct'],
  evaluate({ f }) {
    const d = f.daysSinceLastActivity;
    const u = f.usageTrendPct;
    if (d === null || u === null) return NOT_APPLICABLE;
    const nps = f.npsScore;
    const silent = d >= 30;
    const npsNeutral = nps === null || nps <= 8;
    const declining = u < 0;
    const n = (silent ? 1 : 0) + (npsNeutral ? 1 : 0) + (declining ? 1 : 0);
    return scored(SILENT_S[n]!, 'SILENT_CHURN', { count: n }, { silent, npsNeutralOrUnknown: npsNeutral, usageDeclining: declining });
  },
};

export const RSK_008: AccountRule = {
  id: 'RSK-008',
  name: 'Revenue concentration risk',
  category: 'risk',
  weight: 8,
  description: 'High ARR times high renewal risk, against this tenant’s ARR distribution: top-quartile ARR at risk ≥ 50 scores 10, above-median 40; top quartile at risk ≥ 30 60; else 100.',
  requires: ['arr', 'renewalRisk', 'tenantArrP50', 'tenantArrP75'],
  evaluate({ f, renewalRisk }) {
    const arr = f.arr;
    const p50 = f.tenantArrP50;
    const p75 = f.tenantArrP75;
    if (arr === null || renewalRisk === null || p50 === null || p75 === null) return NOT_APPLICABLE;
    let score = 100;
    if (renewalRisk >= 50) score = arr >= p75 ? 10 : arr >= p50 ? 40 : 100;
    else if (renewalRisk >= 30 && arr >= p75) score = 60;
    return scored(score, 'REVENUE_EXPOSURE', { arrUsd: Math.round(arr), risk: Math.round(renewalRisk) }, {
      arr,
      renewalRisk: Math.round(renewalRisk),
      tenantArrP50: p50,
      tenantArrP75: p75,
    });
  },
};

export const RSK_009: AccountRule = {
  id: 'RSK-009',
  name: 'Engagement decay rate',
  category: 'risk',
  weight: 7,
  description: 'How fast engagement is falling against its baseline: under 10% 100, 10% (moderate) 60, 20% (serious) 30, 35% or more 0.',
  requires: ['engagementDecayPct'],
  evaluate({ f }) {
    const d = f.engagementDecayPct;
    if (d === null) return NOT_APPLICABLE;
    const score = d < 10 ? 100 : d < 20 ? 60 : d < 35 ? 30 : 0;
    return scored(score, 'ENGAGEMENT_DECAY', { decayPct: Math.round(d) });
  },
};

export const RSK_010: AccountRule = {
  id: 'RSK-010',
  name: 'Imminent renewal exposure',
  category: 'risk',
  weight: 8,
  description: 'A renewal close at hand while at risk: within 30 days (or overdue) at risk ≥ 50 scores 0, ≥ 30 30; within 90 days ≥ 50 25, ≥ 30 55; else 100.',
  requires: ['daysToRenewal', 'renewalRisk'],
  evaluate({ f, renewalRisk }) {
    const d = f.daysToRenewal;
    if (d === null || renewalRisk === null) return NOT_APPLICABLE;
    let score = 100;
    if (d <= 30) score = renewalRisk >= 50 ? 0 : renewalRisk >= 30 ? 30 : 100;
    else if (d <= 90) score = renewalRisk >= 50 ? 25 : renewalRisk >= 30 ? 55 : 100;
    return scored(score, 'RENEWAL_IMMINENT_RISK', { days: days(Math.max(0, d)), risk: Math.round(renewalRisk) });
  },
};

export const RSK_011: AccountRule = {
  id: 'RSK-011',
  name: 'NPS detractor risk',
  category: 'risk',
  weight: 6,
  description: 'NPS 9–10 100, 8 70, 7 40, 6 or less 0; −20 when it fell 2 or more points since the last survey.',
  requires: ['npsScore'],
  evaluate({ f }) {
    const nps = f.npsScore;
    if (nps === null) return NOT_APPLICABLE;
    const base = nps >= 9 ? 100 : nps >= 8 ? 70 : nps >= 7 ? 40 : 0;
    const prev = f.npsPreviousScore;
    if (prev !== null && prev - nps >= 2) return scored(base - 20, 'NPS_DROP', { nps, drop: prev - nps });
    return scored(base, 'NPS', { nps });
  },
};

const LOST_T = [0, 1];
const LOST_S = [100, 60];
export const RSK_012: AccountRule = {
  id: 'RSK-012',
  name: 'Recent deal losses',
  category: 'risk',
  weight: 5,
  description: 'Deals lost in the last 180 days: none 100, 1 60, 2 or more 25.',
  requires: ['closedLost180d'],
  evaluate({ f }) {
    const n = f.closedLost180d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atMost(n, LOST_T, LOST_S, 25), 'DEALS_LOST', { count: n });
  },
};

export const RISK_RULES: readonly AccountRule[] = [RSK_001, RSK_002, RSK_003, RSK_004, RSK_005, RSK_006, RSK_007, RSK_008, RSK_009, RSK_010, RSK_011, RSK_012];
