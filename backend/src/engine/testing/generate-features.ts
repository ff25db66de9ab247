import { BUYING_ROLES, type BuyingRole } from '@pillar/shared';
import type { AccountFeatures, ActivityWindow, RoleCoverage, RoleCoverageMap } from '../features/account-features';

/** Small seeded PRNG (mulberry32): same seed, same sequence, on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  /** `value()` with probability p, else null (missing data). */
  maybe<T>(p: number, value: () => T): T | null;
}

export function rng(seed: number): Rng {
  const r = seededRandom(seed);
  return {
    next: r,
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(r() * xs.length)]!,
    chance: (p) => r() < p,
    maybe: (p, value) => (r() < p ? value() : null),
  };
}

function window(g: Rng, scale: number): ActivityWindow {
  const email = g.int(0, Math.round(12 * scale));
  const meeting = g.int(0, Math.round(4 * scale));
  const call = g.int(0, Math.round(3 * scale));
  const note = g.int(0, Math.round(3 * scale));
  const task = g.int(0, Math.round(2 * scale));
  const total = email + meeting + call + note + task;
  const inbound = g.int(0, email + meeting + call);
  const outbound = email + meeting + call - inbound;
  const emailInbound = Math.min(email, inbound);
  return { total, email, meeting, call, note, task, inbound, outbound, internal: note + task, emailInbound, emailOutbound: email - emailInbound };
}

function days(g: Rng, max: number): number {
  return g.chance(0.05) ? Number.POSITIVE_INFINITY : g.next() * max;
}

function roles(g: Rng): RoleCoverageMap {
  const out = {} as Record<BuyingRole, RoleCoverage>;
  for (const role of BUYING_ROLES) {
    const count = g.chance(0.5) ? g.int(1, 3) : 0;
    const activeCount = count === 0 ? 0 : g.int(0, count);
    out[role] = { count, activeCount, daysSinceLastEngagement: activeCount === 0 ? null : g.maybe(0.9, () => days(g, 200)) };
  }
  return out;
}

/**
 * One account's features with realistic ranges and a realistic share of missing data (enrichment
 * fields are often absent; CRM-core fields usually present). Used by property tests and benchmarks.
 */
export function generateAccountFeatures(g: Rng, id: string): AccountFeatures {
  const tracked = g.chance(0.92);
  const w90 = tracked ? window(g, 3) : null;
  const w30 = tracked ? window(g, 1) : null;
  const w7 = tracked ? window(g, 0.3) : null;
  const lastAny = tracked ? days(g, 120) : null;
  const contactsKnown = g.chance(0.9);
  const oppsKnown = g.chance(0.95);
  const open = oppsKnown ? g.int(0, 6) : null;
  const hasOpen = open !== null && open > 0;
  const share = (): number | null => (hasOpen ? g.next() : null);
  const arr = g.maybe(0.85, () => Math.round(Math.exp(8 + g.next() * 6)));
  const trend = tracked ? g.next() * 200 - 100 : null;
  const renewal = g.chance(0.6);
  const enrich = g.chance(0.5);
  const late = hasOpen ? g.int(0, open) : 0;
  return {
    accountId: id,
    ownerId: g.maybe(0.95, () => `u${g.int(1, 40)}`),
    arr,
    segment: g.maybe(0.8, () => g.pick(['enterprise', 'mid_market', 'smb'] as const)),
    tier: g.maybe(0.7, () => g.pick([1, 2, 3] as const)),
    employees: g.maybe(0.8, () => g.int(5, 50_000)),
    industry: g.maybe(0.8, () => g.pick(['software', 'retail', 'medical', 'finance', 'education'])),
    activity7d: w7,
    activity30d: w30,
    activity90d: w90,
    daysSince: tracked
      ? {
          any: lastAny!,
          email: days(g, 150),
          meeting: days(g, 200),
          call: days(g, 200),
          note: days(g, 200),
          task: days(g, 200),
          inbound: days(g, 200),
          outbound: days(g, 150),
        }
      : null,
    daysSinceLastActivity: lastAny,
    daysSinceLastConversation: tracked ? days(g, 200) : null,
    activityTrendPct: trend,
    engagementDecayPct: trend === null ? null : Math.max(0, -trend),
    distinctContactsEngaged90d: contactsKnown && tracked ? g.int(0, 8) : null,
    contactsTotal: contactsKnown ? g.int(0, 15) : null,
    contactsActive: contactsKnown ? g.int(0, 12) : null,
    roles: contactsKnown ? roles(g) : null,
    distinctActiveRoles: contactsKnown ? g.int(0, 6) : null,
    avgContactEngagement: g.maybe(0.7, () => g.next() * 100),
    bestPersonaFit: contactsKnown ? g.maybe(0.9, () => 30 + g.next() * 70) : null,
    contactsLeft180d: contactsKnown ? g.int(0, 3) : null,
    championLeft180d: contactsKnown ? g.chance(0.1) : null,
    activeBlockers: contactsKnown ? g.int(0, 2) : null,
    staleContactShare: contactsKnown ? g.maybe(0.9, () => g.next()) : null,
    execTouches90d: contactsKnown && tracked ? g.int(0, 4) : null,
    openDealCount: open,
    openPipelineAmount: hasOpen ? g.next() * 2_000_000 : open === 0 ? 0 : null,
    pipelineCoverageRatio: hasOpen && arr !== null ? g.next() * 5 : null,
    openDealsWithEbShare: share(),
    avgContactsPerOpenDeal: hasOpen ? g.next() * 6 : null,
    forecastConsistentShare: share(),
    staleOpenDealShare: share(),
    missingAmountShare: share(),
    badCloseDateShare: share(),
    stageSkipShare: hasOpen ? g.maybe(0.5, () => g.next()) : null,
    unownedShare: share(),
    governanceViolationShare: share(),
    competitorDealShare: hasOpen ? g.maybe(0.6, () => g.next()) : null,
    meanStageVelocityRatio: hasOpen ? g.next() * 4 : null,
    stageAdvances30d: hasOpen ? g.int(0, 4) : null,
    minDaysSinceStageChange: hasOpen ? g.next() * 150 : null,
    closedLost180d: oppsKnown ? g.int(0, 3) : null,
    lateStageDealCount: oppsKnown ? late : null,
    lateStageStakeholderShare: late > 0 ? g.next() : null,
    lateStageNextStepShare: late > 0 ? g.next() : null,
    lateStageEbShare: late > 0 ? g.next() : null,
    lateStageCompliantShare: late > 0 ? g.next() : null,
    primaryDealId: hasOpen ? `${id}-o1` : null,
    primaryDealAmount: hasOpen ? Math.round(Math.exp(7 + g.next() * 6)) : null,
    primaryDealPushes: hasOpen ? g.int(0, 4) : null,
    primaryDealDaysSinceMeeting: hasOpen && tracked ? days(g, 60) : null,
    primaryDealActivities30d: hasOpen && tracked ? g.int(0, 12) : null,
    primaryDealStageProgress: hasOpen ? g.int(0, 4) / 5 : null,
    primaryDealWinRate: hasOpen ? g.next() : null,
    primaryDealHasEconomicBuyer: hasOpen ? g.chance(0.5) : null,
    primaryDealHasChampion: hasOpen ? g.chance(0.5) : null,
    primaryDealChampionDaysSinceEngaged: hasOpen ? g.maybe(0.5, () => days(g, 90)) : null,
    primaryDealHasNextStep: hasOpen ? g.chance(0.6) : null,
    primaryDealContactCount: hasOpen ? g.int(0, 6) : null,
    primaryDealCompetitorCount: hasOpen ? g.maybe(0.6, () => g.int(0, 3)) : null,
    primaryDealDaysToClose: hasOpen ? g.next() * 500 - 60 : null,
    primaryDealIsLateStage: hasOpen ? g.chance(0.4) : null,
    primaryDealDiscountPct: hasOpen ? g.maybe(0.4, () => g.next() * 40) : null,
    primaryDealCycleRatio: hasOpen ? g.next() * 3 : null,
    primaryDealShareOfPipeline: hasOpen ? g.next() : null,
    daysToRenewal: renewal ? g.next() * 400 - 30 : null,
    renewalArr: renewal ? arr : null,
    contractingStatus: renewal ? g.pick(['not_started', 'in_progress', 'signed'] as const) : null,
    contractingDaysOpen: renewal ? g.next() * 120 : null,
    contractingLagDays: renewal ? g.next() * 150 : null,
    renewalIntegrityIssues: renewal ? g.int(0, 2) : null,
    usageTrendPct: enrich ? g.next() * 100 - 50 : null,
    adoptionPct: enrich ? g.next() * 100 : null,
    seatUtilisation: enrich ? g.next() : null,
    supportEscalationPct: enrich ? g.next() * 100 : null,
    openCriticalTickets: enrich ? g.int(0, 3) : null,
    npsScore: enrich ? g.maybe(0.6, () => g.int(0, 10)) : null,
    npsPreviousScore: enrich ? g.maybe(0.4, () => g.int(0, 10)) : null,
    latePayments12m: enrich ? g.int(0, 4) : null,
    crossSellSignals: g.maybe(0.3, () => g.int(0, 4)),
    whitespacePct: g.maybe(0.3, () => g.next() * 100),
    budgetConfirmed: g.maybe(0.3, () => g.chance(0.5)),
    budgetTrendPct: g.maybe(0.3, () => g.next() * 30 - 15),
    techBudgetUsd: g.maybe(0.2, () => g.next() * 8_000_000),
    techBudgetSharePct: g.maybe(0.2, () => g.next() * 10),
    grantDependencyPct: g.maybe(0.2, () => g.next() * 60),
    marketContextRisk: g.maybe(0.3, () => g.next() * 78),
    grantWindowOpen: g.maybe(0.2, () => g.chance(0.4)),
    grantWindowClosesInDays: g.maybe(0.2, () => g.next() * 120),
    competitorContractEndsInDays: g.maybe(0.2, () => g.next() * 500 - 60),
    rfpActive: g.maybe(0.3, () => g.chance(0.2)),
    hiringSignals90d: g.maybe(0.3, () => g.int(0, 4)),
    boardMentions90d: g.maybe(0.2, () => g.int(0, 3)),
    strategicThemeMatch: g.maybe(0.3, () => g.chance(0.5)),
    strategicThemeAlignment: g.maybe(0.3, () => g.next() * 100),
    daysSinceDemoRequest: g.maybe(0.3, () => days(g, 200)),
    techSpendPropensity: g.maybe(0.3, () => g.next() * 100),
    aiReadiness: g.maybe(0.3, () => g.next() * 100),
    startupFriendliness: g.maybe(0.3, () => g.next() * 100),
    procurementComplexity: g.maybe(0.3, () => g.next() * 100),
    coopPathway: g.maybe(0.3, () => g.chance(0.5)),
    fiscalYearAligned: g.maybe(0.3, () => g.chance(0.5)),
    studentEnrollment: g.maybe(0.1, () => g.int(200, 120_000)),
    quotaContributionPct: g.maybe(0.3, () => g.next() * 30),
    mqlCount90d: g.maybe(0.6, () => g.int(0, 6)),
    health7dAgo: g.maybe(0.7, () => g.next() * 100),
    health30dAgo: g.maybe(0.7, () => g.next() * 100),
    tenantDealAmountP25: 8_000,
    tenantDealAmountP50: 25_000,
    tenantDealAmountP75: 60_000,
    tenantArrP50: 40_000,
    tenantArrP75: 150_000,
  };
}

export function generateAccounts(seed: number, n: number): AccountFeatures[] {
  const g = rng(seed);
  const out: AccountFeatures[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = generateAccountFeatures(g, `a${i}`);
  return out;
}
