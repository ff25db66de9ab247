import { atLeast, atMost, passThrough } from './ladder';
import { NOT_APPLICABLE, days, pct, scored, type AccountRule } from './types';

/**
 * Opportunity Quality: the account's primary open deal (largest amount) — size against this tenant's
 * own deal-size distribution, win probability, buyer readiness. Not published by PILLAR GTM; Pillar's
 * design. Every rule is not applicable when the account has no open deal.
 */

export const OQ_001: AccountRule = {
  id: 'OQ-001',
  name: 'Deal size vs tenant norm',
  category: 'opportunityQuality',
  weight: 7,
  description: 'Primary deal amount against this tenant’s deal sizes: top quartile 100, above median 80, above p25 55, below 30.',
  requires: ['primaryDealAmount', 'tenantDealAmountP25', 'tenantDealAmountP50', 'tenantDealAmountP75'],
  evaluate({ f }) {
    const a = f.primaryDealAmount;
    const p25 = f.tenantDealAmountP25;
    const p50 = f.tenantDealAmountP50;
    const p75 = f.tenantDealAmountP75;
    if (a === null || p25 === null || p50 === null || p75 === null) return NOT_APPLICABLE;
    const score = a >= p75 ? 100 : a >= p50 ? 80 : a >= p25 ? 55 : 30;
    return scored(score, 'DEAL_SIZE', { amountUsd: Math.round(a), medianUsd: Math.round(p50) }, { amount: a, p25, p50, p75 });
  },
};

export const OQ_002: AccountRule = {
  id: 'OQ-002',
  name: 'Stage win probability',
  category: 'opportunityQuality',
  weight: 9,
  description: 'How often this tenant’s deals at the primary deal’s stage end up won (CRM probability when there is no history).',
  requires: ['primaryDealWinRate'],
  evaluate({ f }) {
    const w = f.primaryDealWinRate;
    if (w === null) return NOT_APPLICABLE;
    return scored(passThrough(w * 100), 'DEAL_WIN_RATE', { winPct: pct(w) });
  },
};

export const OQ_003: AccountRule = {
  id: 'OQ-003',
  name: 'Buyer readiness',
  category: 'opportunityQuality',
  weight: 7,
  description: 'Primary deal has an economic buyer (40), a champion (35) and a next step (25).',
  requires: ['primaryDealHasEconomicBuyer', 'primaryDealHasChampion', 'primaryDealHasNextStep'],
  evaluate({ f }) {
    const eb = f.primaryDealHasEconomicBuyer;
    const ch = f.primaryDealHasChampion;
    const ns = f.primaryDealHasNextStep;
    if (eb === null || ch === null || ns === null) return NOT_APPLICABLE;
    const score = (eb ? 40 : 0) + (ch ? 35 : 0) + (ns ? 25 : 0);
    return scored(score, 'BUYER_READINESS', { eb: eb ? 'yes' : 'no', champion: ch ? 'yes' : 'no', nextStep: ns ? 'yes' : 'no' }, {
      economicBuyer: eb,
      champion: ch,
      nextStep: ns,
    });
  },
};

export const OQ_004: AccountRule = {
  id: 'OQ-004',
  name: 'Stage progression depth',
  category: 'opportunityQuality',
  weight: 6,
  description: 'How far the primary deal has moved through the canonical stages (discover 0 … negotiation 80).',
  requires: ['primaryDealStageProgress'],
  evaluate({ f }) {
    const p = f.primaryDealStageProgress;
    if (p === null) return NOT_APPLICABLE;
    return scored(passThrough(p * 100), 'DEAL_PROGRESS', { progressPct: pct(p) });
  },
};

const DEAL_ACT_T = [8, 4, 2, 1];
const DEAL_ACT_S = [100, 75, 50, 30];
export const OQ_005: AccountRule = {
  id: 'OQ-005',
  name: 'Deal engagement (30d)',
  category: 'opportunityQuality',
  weight: 7,
  description: 'Activities logged on the primary deal in 30 days: 8 or more 100, none 5.',
  requires: ['primaryDealActivities30d'],
  evaluate({ f }) {
    const n = f.primaryDealActivities30d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, DEAL_ACT_T, DEAL_ACT_S, 5), 'DEAL_ACTIVITY_30D', { count: n });
  },
};

export const OQ_006: AccountRule = {
  id: 'OQ-006',
  name: 'Close date realism',
  category: 'opportunityQuality',
  weight: 5,
  description: 'Primary deal close date: past due 0; within 90 days from a late stage 100, from an early stage 35; within a year 70; later 40.',
  requires: ['primaryDealDaysToClose', 'primaryDealIsLateStage'],
  evaluate({ f }) {
    const d = f.primaryDealDaysToClose;
    const late = f.primaryDealIsLateStage;
    if (d === null || late === null) return NOT_APPLICABLE;
    if (d < -1) return scored(0, 'DEAL_PAST_DUE', { days: days(-d) });
    const dd = days(Math.max(0, d));
    if (d <= 90) return late ? scored(100, 'DEAL_CLOSE_LATE_STAGE', { days: dd }) : scored(35, 'DEAL_CLOSE_EARLY_STAGE', { days: dd });
    return scored(d <= 365 ? 70 : 40, 'DEAL_CLOSE_IN', { days: dd });
  },
};

const DEAL_CONTACTS_T = [3, 2, 1];
const DEAL_CONTACTS_S = [100, 60, 30];
export const OQ_007: AccountRule = {
  id: 'OQ-007',
  name: 'Deal multi-threading',
  category: 'opportunityQuality',
  weight: 6,
  description: 'Contacts on the primary deal: 3 or more 100, 2 60, 1 30, none 0.',
  requires: ['primaryDealContactCount'],
  evaluate({ f }) {
    const n = f.primaryDealContactCount;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, DEAL_CONTACTS_T, DEAL_CONTACTS_S, 0), 'DEAL_CONTACTS', { count: n });
  },
};

const DEAL_COMP_T = [0, 1];
const DEAL_COMP_S = [100, 55];
export const OQ_008: AccountRule = {
  id: 'OQ-008',
  name: 'Competitive position',
  category: 'opportunityQuality',
  weight: 6,
  description: 'Competitors on the primary deal: none 100, one 55, two or more 25.',
  requires: ['primaryDealCompetitorCount'],
  evaluate({ f }) {
    const n = f.primaryDealCompetitorCount;
    if (n === null) return NOT_APPLICABLE;
    return scored(atMost(n, DEAL_COMP_T, DEAL_COMP_S, 25), 'DEAL_COMPETITORS', { count: n });
  },
};

export const OQ_009: AccountRule = {
  id: 'OQ-009',
  name: 'Champion on deal',
  category: 'opportunityQuality',
  weight: 7,
  description: 'Champion on the primary deal engaged within 30 days 100, identified without engagement data 70, silent longer or never 45; no champion 10.',
  requires: ['primaryDealHasChampion'],
  evaluate({ f }) {
    const has = f.primaryDealHasChampion;
    if (has === null) return NOT_APPLICABLE;
    if (!has) return scored(10, 'DEAL_NO_CHAMPION', {});
    const d = f.primaryDealChampionDaysSinceEngaged;
    if (d === null) return scored(70, 'DEAL_CHAMPION_PRESENT', {});
    if (d === Number.POSITIVE_INFINITY) return scored(45, 'DEAL_CHAMPION_NEVER', {});
    return scored(d <= 30 ? 100 : 45, 'DEAL_CHAMPION_LAST', { days: days(d) });
  },
};

const DISCOUNT_T = [10, 20, 30];
const DISCOUNT_S = [100, 70, 40];
export const OQ_010: AccountRule = {
  id: 'OQ-010',
  name: 'Discount pressure',
  category: 'opportunityQuality',
  weight: 4,
  description: 'Discount on the primary deal: up to 10% 100, 20% 70, 30% 40, deeper 15.',
  requires: ['primaryDealDiscountPct'],
  evaluate({ f }) {
    const d = f.primaryDealDiscountPct;
    if (d === null) return NOT_APPLICABLE;
    return scored(atMost(d, DISCOUNT_T, DISCOUNT_S, 15), 'DEAL_DISCOUNT', { discountPct: Math.round(d) });
  },
};

export const OQ_011: AccountRule = {
  id: 'OQ-011',
  name: 'Next step defined',
  category: 'opportunityQuality',
  weight: 5,
  description: 'Primary deal has a next step: 100, else 15.',
  requires: ['primaryDealHasNextStep'],
  evaluate({ f }) {
    const v = f.primaryDealHasNextStep;
    if (v === null) return NOT_APPLICABLE;
    return v ? scored(100, 'DEAL_NEXT_STEP', {}) : scored(15, 'DEAL_NO_NEXT_STEP', {});
  },
};

export const OPPORTUNITY_QUALITY_RULES: readonly AccountRule[] = [OQ_001, OQ_002, OQ_003, OQ_004, OQ_005, OQ_006, OQ_007, OQ_008, OQ_009, OQ_010, OQ_011];
