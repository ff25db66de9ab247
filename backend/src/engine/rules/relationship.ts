import { atLeast, atMost } from './ladder';
import { NOT_APPLICABLE, days, pct, scored, type AccountRule } from './types';

/**
 * Relationship: champion, executive sponsor, economic buyer, multi-threading and stakeholder stability.
 * Not published by PILLAR GTM beyond the stakeholder-coverage component (champion 35 + exec sponsor 30 +
 * economic buyer 20 + multi-threading up to 15), which REL-006 reproduces; the rest is Pillar's design.
 */

export const REL_001: AccountRule = {
  id: 'REL-001',
  name: 'Active champion',
  category: 'relationship',
  weight: 9,
  description: 'An active champion among the account’s contacts: 100; none 10.',
  requires: ['roles'],
  evaluate({ f }) {
    const r = f.roles;
    if (r === null) return NOT_APPLICABLE;
    const n = r.champion.activeCount;
    return n > 0 ? scored(100, 'CHAMPION_ACTIVE', { count: n }) : scored(10, 'CHAMPION_NONE', {});
  },
};

const CHAMP_T = [14, 30, 60, 90];
const CHAMP_S = [100, 80, 55, 30];
export const REL_002: AccountRule = {
  id: 'REL-002',
  name: 'Champion engagement recency',
  category: 'relationship',
  weight: 8,
  description: 'Days since the champion last engaged: within two weeks 100, over 90 days 10, never 5. Not applicable without a champion.',
  requires: ['roles'],
  evaluate({ f }) {
    const r = f.roles;
    if (r === null) return NOT_APPLICABLE;
    const d = r.champion.daysSinceLastEngagement;
    if (d === null) return NOT_APPLICABLE;
    if (d === Number.POSITIVE_INFINITY) return scored(5, 'CHAMPION_NEVER_ENGAGED', {});
    return scored(atMost(d, CHAMP_T, CHAMP_S, 10), 'CHAMPION_LAST_ENGAGED', { days: days(d) });
  },
};

export const REL_003: AccountRule = {
  id: 'REL-003',
  name: 'Executive sponsor engaged',
  category: 'relationship',
  weight: 8,
  description: 'Executive sponsor engaged within 30 days 100, 90 days 70, earlier 40, never 30; identified without engagement data 70; none 0.',
  requires: ['roles'],
  evaluate({ f }) {
    const r = f.roles;
    if (r === null) return NOT_APPLICABLE;
    const s = r.exec_sponsor;
    if (s.activeCount === 0) return scored(0, 'EXEC_SPONSOR_NONE', {});
    const d = s.daysSinceLastEngagement;
    if (d === null) return scored(70, 'EXEC_SPONSOR_PRESENT', {});
    if (d === Number.POSITIVE_INFINITY) return scored(30, 'EXEC_SPONSOR_NEVER', {});
    return scored(d <= 30 ? 100 : d <= 90 ? 70 : 40, 'EXEC_SPONSOR_LAST', { days: days(d) });
  },
};

export const REL_004: AccountRule = {
  id: 'REL-004',
  name: 'Economic buyer relationship',
  category: 'relationship',
  weight: 7,
  description: 'Economic buyer engaged within 90 days 100, identified without engagement data 60, silent longer 50, never engaged 40, none 10.',
  requires: ['roles'],
  evaluate({ f }) {
    const r = f.roles;
    if (r === null) return NOT_APPLICABLE;
    const eb = r.economic_buyer;
    if (eb.activeCount === 0) return scored(10, 'EB_NONE', {});
    const d = eb.daysSinceLastEngagement;
    if (d === null) return scored(60, 'EB_PRESENT', {});
    if (d === Number.POSITIVE_INFINITY) return scored(40, 'EB_NEVER', {});
    return d <= 90 ? scored(100, 'EB_ENGAGED', { days: days(d) }) : scored(50, 'EB_SILENT', { days: days(d) });
  },
};

const ROLES_T = [4, 3, 2, 1];
const ROLES_S = [100, 80, 55, 25];
export const REL_005: AccountRule = {
  id: 'REL-005',
  name: 'Multi-threading depth',
  category: 'relationship',
  weight: 7,
  description: 'Distinct buying roles held by active contacts (blockers and unknown excluded): 4 or more 100, none 0.',
  requires: ['distinctActiveRoles'],
  evaluate({ f }) {
    const n = f.distinctActiveRoles;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, ROLES_T, ROLES_S, 0), 'ROLES_COVERED', { count: n });
  },
};

export const REL_006: AccountRule = {
  id: 'REL-006',
  name: 'Stakeholder coverage composite',
  category: 'relationship',
  weight: 6,
  description: 'Champion 35 + executive sponsor 30 + economic buyer 20 + multi-threading up to 15 (5 per active contact beyond the first).',
  requires: ['roles', 'contactsActive'],
  evaluate({ f }) {
    const r = f.roles;
    const active = f.contactsActive;
    if (r === null || active === null) return NOT_APPLICABLE;
    const score =
      (r.champion.activeCount > 0 ? 35 : 0) +
      (r.exec_sponsor.activeCount > 0 ? 30 : 0) +
      (r.economic_buyer.activeCount > 0 ? 20 : 0) +
      Math.min(15, 5 * Math.max(0, active - 1));
    return scored(score, 'STAKEHOLDER_COVERAGE', { score }, {
      champion: r.champion.activeCount > 0,
      execSponsor: r.exec_sponsor.activeCount > 0,
      economicBuyer: r.economic_buyer.activeCount > 0,
      contactsActive: active,
    });
  },
};

const TURN_T = [0, 1, 2];
const TURN_S = [100, 67, 33];
export const REL_007: AccountRule = {
  id: 'REL-007',
  name: 'Stakeholder turnover',
  category: 'relationship',
  weight: 6,
  description: 'Contacts who left the organisation in 180 days: none 100, 1 67, 2 33, 3 or more 0.',
  requires: ['contactsLeft180d'],
  evaluate({ f }) {
    const n = f.contactsLeft180d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atMost(n, TURN_T, TURN_S, 0), 'TURNOVER', { count: n });
  },
};

export const REL_008: AccountRule = {
  id: 'REL-008',
  name: 'Champion departure',
  category: 'relationship',
  weight: 8,
  description: 'A champion left in 180 days: 0 with no replacement, 50 with a new active champion; no departure 100.',
  requires: ['championLeft180d', 'roles'],
  evaluate({ f }) {
    const left = f.championLeft180d;
    const r = f.roles;
    if (left === null || r === null) return NOT_APPLICABLE;
    if (!left) return scored(100, 'CHAMPION_RETAINED', {});
    return r.champion.activeCount > 0 ? scored(50, 'CHAMPION_REPLACED', {}) : scored(0, 'CHAMPION_DEPARTED', {});
  },
};

export const REL_009: AccountRule = {
  id: 'REL-009',
  name: 'Blocker presence',
  category: 'relationship',
  weight: 5,
  description: 'Active blockers: none 100; one 65 with an active champion to counter, else 50; two or more 20.',
  requires: ['activeBlockers', 'roles'],
  evaluate({ f }) {
    const n = f.activeBlockers;
    const r = f.roles;
    if (n === null || r === null) return NOT_APPLICABLE;
    const score = n === 0 ? 100 : n === 1 ? (r.champion.activeCount > 0 ? 65 : 50) : 20;
    return scored(score, 'BLOCKERS', { count: n });
  },
};

const STALE_T = [0, 0.25, 0.5];
const STALE_S = [100, 75, 50];
export const REL_010: AccountRule = {
  id: 'REL-010',
  name: 'Stale contact data',
  category: 'relationship',
  weight: 5,
  description: 'Share of active contacts without engagement for 120+ days: none 100, some 75/50/25, all 0.',
  requires: ['staleContactShare'],
  evaluate({ f }) {
    const s = f.staleContactShare;
    if (s === null) return NOT_APPLICABLE;
    const score = s >= 1 ? 0 : atMost(s, STALE_T, STALE_S, 25);
    return scored(score, 'STALE_CONTACTS', { sharePct: pct(s) });
  },
};

const EXEC_T = [2, 1];
const EXEC_S = [100, 70];
export const REL_011: AccountRule = {
  id: 'REL-011',
  name: 'Executive engagement (90d)',
  category: 'relationship',
  weight: 6,
  description: 'Meetings and calls with executive sponsors or economic buyers in 90 days: 2 or more 100, 1 70, none 15.',
  requires: ['execTouches90d'],
  evaluate({ f }) {
    const n = f.execTouches90d;
    if (n === null) return NOT_APPLICABLE;
    return scored(atLeast(n, EXEC_T, EXEC_S, 15), 'EXEC_TOUCHES', { count: n });
  },
};

export const RELATIONSHIP_RULES: readonly AccountRule[] = [REL_001, REL_002, REL_003, REL_004, REL_005, REL_006, REL_007, REL_008, REL_009, REL_010, REL_011];
