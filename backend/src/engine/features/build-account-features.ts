import { BUYING_ROLES, type BuyingRole } from '@pillar/shared';
import type { AccountFeatures, ActivityWindow, DaysSinceByType, RoleCoverage, RoleCoverageMap } from './account-features';
import type { TenantBenchmarks } from './benchmarks';
import type { AccountFeatureInput, ActivityInput, ForecastCategoryInput, HealthPointInput, OpportunityInput, StageHistoryInput } from './inputs';
import { marketContextRisk } from '../renewal/market-context';
import { personaFit } from './persona';
import { classifyStage, isLatePhase, PHASE_ORDER, stageKey, type StagePhase } from './stages';

export const DAY_MS = 86_400_000;
/** Published pipeline defaults. */
export const STAGE_STAGNATION_DAYS = 30;
export const FORECAST_ACTIVITY_GAP_DAYS = 14;
export const STALE_CONTACT_DAYS = 120;
export const LATE_STAGE_CONTACTS = 3;
/** Closed-won deals count as "late stage" for handoff rules while they are this recent. */
export const HANDOFF_WINDOW_DAYS = 90;

interface MutableWindow {
  total: number;
  email: number;
  meeting: number;
  call: number;
  note: number;
  task: number;
  inbound: number;
  outbound: number;
  internal: number;
  emailInbound: number;
  emailOutbound: number;
}

function newWindow(): MutableWindow {
  return { total: 0, email: 0, meeting: 0, call: 0, note: 0, task: 0, inbound: 0, outbound: 0, internal: 0, emailInbound: 0, emailOutbound: 0 };
}

function countInto(w: MutableWindow, a: ActivityInput): void {
  w.total++;
  w[a.type]++;
  const d = a.direction;
  if (d !== null) {
    w[d]++;
    if (a.type === 'email') {
      if (d === 'inbound') w.emailInbound++;
      else if (d === 'outbound') w.emailOutbound++;
    }
  }
}

/** An activity that shows the customer engaging with us (not an internal note about them). */
function isEngagement(a: ActivityInput): boolean {
  if (a.direction === 'internal') return false;
  return a.type === 'email' || a.type === 'meeting' || a.type === 'call';
}

function daysSince(nowMs: number, ms: number): number {
  return ms === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : Math.max(0, (nowMs - ms) / DAY_MS);
}

function share(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

function mentionsCompetitor(subject: string | null, names: readonly string[]): boolean {
  if (subject === null || names.length === 0) return false;
  const s = subject.toLowerCase();
  for (const n of names) if (n.length > 0 && s.includes(n)) return true;
  return false;
}

/** Derived engagement score of a contact from its recency, when the CRM gives none. */
function recencyEngagement(days: number): number {
  if (days <= 7) return 100;
  if (days <= 30) return 75;
  if (days <= 60) return 50;
  if (days <= 90) return 25;
  return 0;
}

/** Whether a deal's forecast category agrees with its stage and probability. */
export function forecastConsistent(category: ForecastCategoryInput, probability: number | null, phase: StagePhase): boolean {
  const late = phase === 'proposal' || phase === 'negotiation';
  switch (category) {
    case 'commit':
      return probability !== null ? probability >= 70 : phase === 'negotiation';
    case 'best_case':
      return probability !== null ? probability >= 30 && probability < 95 : PHASE_ORDER[phase] >= 2;
    case 'pipeline':
      return probability !== null ? probability < 70 : !(phase === 'negotiation');
    case 'omitted':
      return probability !== null ? probability <= 10 : !late;
    case 'closed':
      return false;
  }
}

/** Health point closest to `targetMs` within `toleranceDays`, or null. */
function pointNear(points: readonly HealthPointInput[], targetMs: number, toleranceDays: number): number | null {
  let best: number | null = null;
  let bestGap = toleranceDays * DAY_MS;
  for (const p of points) {
    const gap = Math.abs(p.at.getTime() - targetMs);
    if (gap <= bestGap) {
      bestGap = gap;
      best = p.score;
    }
  }
  return best;
}

export function healthPointsAgo(points: readonly HealthPointInput[] | null, nowMs: number): { d7: number | null; d30: number | null } {
  if (points === null) return { d7: null, d30: null };
  return { d7: pointNear(points, nowMs - 7 * DAY_MS, 3), d30: pointNear(points, nowMs - 30 * DAY_MS, 7) };
}

interface OppAcc {
  readonly opp: OpportunityInput;
  readonly phase: StagePhase;
  lastActivityMs: number;
  lastMeetingMs: number;
  activities30d: number;
  competitorMentions: number;
  lastStageEnteredMs: number;
  advances30d: number;
  skipped: boolean;
  historyPushes: number;
  hasHistory: boolean;
}

/**
 * Builds one account's features from its mirror rows. One pass over activities (O(A)); contacts,
 * opportunities and renewals are indexed once; stage history is sorted per account (small).
 */
export function buildAccountFeatures(input: AccountFeatureInput, now: Date, benchmarks: TenantBenchmarks): AccountFeatures {
  const nowMs = now.getTime();
  const acc = input.account;
  const sig = acc.signals ?? null;
  const competitorNames = (input.competitorNames ?? []).map((n) => n.toLowerCase());

  // --- Contacts -------------------------------------------------------------------------------------
  const contacts = input.contacts;
  const nContacts = contacts === null ? 0 : contacts.length;
  const contactIndex = new Map<string, number>();
  const contactRole: BuyingRole[] = new Array(nContacts);
  const contactLastEng = new Float64Array(nContacts).fill(Number.NEGATIVE_INFINITY);
  const contactHasEngData = new Uint8Array(nContacts);
  if (contacts !== null) {
    for (let i = 0; i < nContacts; i++) {
      const c = contacts[i]!;
      contactIndex.set(c.id, i);
      contactRole[i] = c.buyingRole ?? 'unknown';
      if (c.lastEngagedAt !== null) {
        contactLastEng[i] = Math.min(nowMs, c.lastEngagedAt.getTime());
        contactHasEngData[i] = 1;
      }
    }
  }

  // --- Opportunities --------------------------------------------------------------------------------
  const opps = input.opportunities;
  const oppIndex = new Map<string, number>();
  const oppAcc: OppAcc[] = [];
  if (opps !== null) {
    for (const o of opps) {
      oppIndex.set(o.id, oppAcc.length);
      oppAcc.push({
        opp: o,
        phase: classifyStage(o.stage, o.isClosed, o.isWon),
        lastActivityMs: Number.NEGATIVE_INFINITY,
        lastMeetingMs: Number.NEGATIVE_INFINITY,
        activities30d: 0,
        competitorMentions: 0,
        lastStageEnteredMs: Number.NEGATIVE_INFINITY,
        advances30d: 0,
        skipped: false,
        historyPushes: 0,
        hasHistory: false,
      });
    }
  }

  // --- Activities: one pass -------------------------------------------------------------------------
  const activities = input.activities;
  const tracked = activities !== null;
  const w7 = newWindow();
  const w30 = newWindow();
  const w90 = newWindow();
  let lastAny = Number.NEGATIVE_INFINITY;
  let lastEmail = Number.NEGATIVE_INFINITY;
  let lastMeeting = Number.NEGATIVE_INFINITY;
  let lastCall = Number.NEGATIVE_INFINITY;
  let lastNote = Number.NEGATIVE_INFINITY;
  let lastTask = Number.NEGATIVE_INFINITY;
  let lastInbound = Number.NEGATIVE_INFINITY;
  let lastOutbound = Number.NEGATIVE_INFINITY;
  let execTouches90d = 0;
  const t7 = nowMs - 7 * DAY_MS;
  const t30 = nowMs - 30 * DAY_MS;
  const t90 = nowMs - 90 * DAY_MS;
  if (activities !== null) {
    for (let i = 0; i < activities.length; i++) {
      const a = activities[i]!;
      const t = a.occurredAt.getTime();
      if (t > nowMs) continue; // scheduled in the future: not engagement yet
      if (t >= t90) {
        countInto(w90, a);
        if (t >= t30) {
          countInto(w30, a);
          if (t >= t7) countInto(w7, a);
        }
      }
      if (t > lastAny) lastAny = t;
      switch (a.type) {
        case 'email':
          if (t > lastEmail) lastEmail = t;
          break;
        case 'meeting':
          if (t > lastMeeting) lastMeeting = t;
          break;
        case 'call':
          if (t > lastCall) lastCall = t;
          break;
        case 'note':
          if (t > lastNote) lastNote = t;
          break;
        case 'task':
          if (t > lastTask) lastTask = t;
          break;
      }
      if (a.direction === 'inbound' && t > lastInbound) lastInbound = t;
      else if (a.direction === 'outbound' && t > lastOutbound) lastOutbound = t;
      if (a.contactId !== null && isEngagement(a)) {
        const ci = contactIndex.get(a.contactId);
        if (ci !== undefined) {
          if (t > contactLastEng[ci]!) contactLastEng[ci] = t;
          const role = contactRole[ci]!;
          if (t >= t90 && (a.type === 'meeting' || a.type === 'call') && (role === 'exec_sponsor' || role === 'economic_buyer')) execTouches90d++;
        }
      }
      if (a.opportunityId !== null) {
        const oi = oppIndex.get(a.opportunityId);
        if (oi !== undefined) {
          const o = oppAcc[oi]!;
          if (t > o.lastActivityMs) o.lastActivityMs = t;
          if (a.type === 'meeting' && t > o.lastMeetingMs) o.lastMeetingMs = t;
          if (t >= t30) o.activities30d++;
          if (competitorNames.length > 0 && mentionsCompetitor(a.subject, competitorNames)) o.competitorMentions++;
        }
      }
    }
  }

  // --- Stage history and close-date changes -----------------------------------------------------------
  const history = input.stageHistory;
  let skipOrderKnown = false;
  if (history !== null && history.length > 0) {
    const sorted: StageHistoryInput[] = history.slice().sort((a, b) => (a.opportunityId < b.opportunityId ? -1 : a.opportunityId > b.opportunityId ? 1 : a.enteredAt.getTime() - b.enteredAt.getTime()));
    let prev: StageHistoryInput | null = null;
    for (const h of sorted) {
      const oi = oppIndex.get(h.opportunityId);
      if (oi === undefined) {
        prev = null;
        continue;
      }
      const o = oppAcc[oi]!;
      const t = h.enteredAt.getTime();
      o.hasHistory = true;
      if (t <= nowMs && t > o.lastStageEnteredMs) o.lastStageEnteredMs = t;
      if (prev !== null && prev.opportunityId === h.opportunityId) {
        const from = orderOf(prev);
        const to = orderOf(h);
        if (from >= 0 && to >= 0 && to > from && t >= t30 && t <= nowMs) o.advances30d++;
        // Skips need the CRM's own picklist order: tenants rarely use every canonical phase.
        if (prev.stageOrder !== null && h.stageOrder !== null) {
          skipOrderKnown = true;
          if (h.stageOrder - prev.stageOrder > 1) o.skipped = true;
        }
      }
      prev = h;
    }
  }
  if (input.closeDateChanges !== null) {
    for (const c of input.closeDateChanges) {
      const oi = oppIndex.get(c.opportunityId);
      if (oi === undefined || c.previousCloseDate === null) continue;
      if (c.newCloseDate.getTime() > c.previousCloseDate.getTime()) oppAcc[oi]!.historyPushes++;
    }
  }

  // --- Contact aggregates -----------------------------------------------------------------------------
  let contactsActive = 0;
  let distinctContactsEngaged90d = 0;
  let engagementSum = 0;
  let engagementN = 0;
  let bestPersona: number | null = null;
  let left180 = 0;
  let championLeft = false;
  let activeBlockers = 0;
  let staleN = 0;
  let staleDen = 0;
  const roleCount: Record<BuyingRole, number> = zeroRoles();
  const roleActive: Record<BuyingRole, number> = zeroRoles();
  const roleLast: Record<BuyingRole, number> = zeroRoles(Number.NEGATIVE_INFINITY);
  const roleHasData: Record<BuyingRole, number> = zeroRoles();
  if (contacts !== null) {
    for (let i = 0; i < nContacts; i++) {
      const c = contacts[i]!;
      const role = contactRole[i]!;
      roleCount[role]++;
      const last = contactLastEng[i]!;
      const hasData = tracked || contactHasEngData[i] === 1;
      if (last >= t90) distinctContactsEngaged90d++;
      if (c.status === 'left_org') {
        if (c.leftAt !== null && nowMs - c.leftAt.getTime() <= 180 * DAY_MS) {
          left180++;
          if (role === 'champion') championLeft = true;
        }
        continue;
      }
      if (c.status === 'inactive') continue;
      contactsActive++;
      roleActive[role]++;
      if (last > roleLast[role]) roleLast[role] = last;
      if (hasData) roleHasData[role] = 1;
      if (role === 'blocker') activeBlockers++;
      const fit = personaFit(c.buyingRole, c.title);
      if (fit !== null && (bestPersona === null || fit > bestPersona)) bestPersona = fit;
      if (c.engagementScore !== null) {
        engagementSum += c.engagementScore;
        engagementN++;
      } else if (hasData) {
        engagementSum += recencyEngagement(daysSince(nowMs, last));
        engagementN++;
      }
      if (hasData) {
        staleDen++;
        if (daysSince(nowMs, last) >= STALE_CONTACT_DAYS) staleN++;
      }
    }
  }
  let roles: RoleCoverageMap | null = null;
  let distinctActiveRoles: number | null = null;
  if (contacts !== null) {
    const r = {} as Record<BuyingRole, RoleCoverage>;
    distinctActiveRoles = 0;
    for (const role of BUYING_ROLES) {
      const active = roleActive[role];
      if (active > 0 && role !== 'unknown' && role !== 'blocker') distinctActiveRoles++;
      r[role] = {
        count: roleCount[role],
        activeCount: active,
        daysSinceLastEngagement: active === 0 || roleHasData[role] === 0 ? null : daysSince(nowMs, roleLast[role]),
      };
    }
    roles = r;
  }
  const lastEngOfContact = (contactId: string): number | null => {
    const ci = contactIndex.get(contactId);
    if (ci === undefined) return null;
    return tracked || contactHasEngData[ci] === 1 ? daysSince(nowMs, contactLastEng[ci]!) : null;
  };

  // --- Opportunity aggregates -------------------------------------------------------------------------
  let openDealCount: number | null = null;
  let openPipelineAmount: number | null = null;
  let withEb = 0;
  let contactsSum = 0;
  let contactsKnown = 0;
  let fcN = 0;
  let fcOk = 0;
  let staleN2 = 0;
  let stageKnown = 0;
  let missingAmount = 0;
  let badClose = 0;
  let skipped = 0;
  let unowned = 0;
  let governance = 0;
  let competitorDeals = 0;
  let competitorKnown = 0;
  let velocitySum = 0;
  let velocityN = 0;
  let advances = 0;
  let minSinceChange = Number.POSITIVE_INFINITY;
  let closedLost180 = 0;
  let late = 0;
  let lateStakeholders = 0;
  let lateNextStep = 0;
  let lateEb = 0;
  let lateCompliant = 0;
  let primary: OppAcc | null = null;
  const historyTracked = input.stageHistory !== null;
  if (opps !== null) {
    openDealCount = 0;
    openPipelineAmount = 0;
    for (const o of oppAcc) {
      const op = o.opp;
      const roleFlags = dealRoles(op, contactIndex, contactRole);
      if (op.isClosed) {
        const closedMs = (op.closedAt ?? op.closeDate)?.getTime() ?? null;
        if (!op.isWon && closedMs !== null && nowMs - closedMs <= 180 * DAY_MS && closedMs <= nowMs) closedLost180++;
        if (op.isWon && closedMs !== null && nowMs - closedMs <= HANDOFF_WINDOW_DAYS * DAY_MS && closedMs <= nowMs) {
          late++;
          tallyLate(op, roleFlags);
        }
        continue;
      }
      openDealCount++;
      if (op.amount !== null && op.amount > 0) openPipelineAmount += op.amount;
      else missingAmount++;
      if (roleFlags.known) {
        contactsKnown++;
        contactsSum += roleFlags.count;
        if (roleFlags.eb) withEb++;
      }
      if (op.forecastCategory !== null) {
        fcN++;
        if (forecastConsistent(op.forecastCategory, op.probability, o.phase)) fcOk++;
      }
      const enteredMs = o.lastStageEnteredMs !== Number.NEGATIVE_INFINITY ? o.lastStageEnteredMs : historyTracked ? op.createdAt.getTime() : Number.NaN;
      if (!Number.isNaN(enteredMs)) {
        const dis = Math.max(0, (nowMs - enteredMs) / DAY_MS);
        stageKnown++;
        if (dis >= STAGE_STAGNATION_DAYS) staleN2++;
        if (dis < minSinceChange) minSinceChange = dis;
        const median = benchmarks.stages.medianDaysByStage.get(stageKey(op.stage));
        if (median !== undefined && median > 0) {
          velocitySum += dis / median;
          velocityN++;
        }
      }
      advances += o.advances30d;
      if (o.skipped) skipped++;
      const closeMs = op.closeDate === null ? null : op.closeDate.getTime();
      if (closeMs === null || closeMs < nowMs - DAY_MS || closeMs > nowMs + 365 * DAY_MS) badClose++;
      if (op.ownerId === null) unowned++;
      const commit = op.forecastCategory === 'commit';
      const hasNext = op.nextStep !== null && op.nextStep.trim() !== '';
      const meetingGap = tracked ? daysSince(nowMs, o.lastMeetingMs) : 0;
      if (!hasNext || (commit && roleFlags.known && !roleFlags.eb) || (commit && meetingGap > FORECAST_ACTIVITY_GAP_DAYS)) governance++;
      if (op.competitors !== null || competitorNames.length > 0) {
        competitorKnown++;
        if ((op.competitors?.length ?? 0) > 0 || o.competitorMentions > 0) competitorDeals++;
      }
      if (o.phase === 'proposal' || o.phase === 'negotiation') {
        late++;
        tallyLate(op, roleFlags);
      }
      if (primary === null || isBetterPrimary(op, primary.opp)) primary = o;
    }
  }
  function tallyLate(op: OpportunityInput, rf: DealRoleFlags): void {
    const stake = rf.known && rf.count >= LATE_STAGE_CONTACTS;
    const next = op.nextStep !== null && op.nextStep.trim() !== '';
    const eb = rf.known && rf.eb;
    if (stake) lateStakeholders++;
    if (next) lateNextStep++;
    if (eb) lateEb++;
    if (stake && next && eb) lateCompliant++;
  }
  const open = openDealCount ?? 0;

  // Primary deal
  let pd: PrimaryDeal = NO_PRIMARY;
  if (primary !== null) {
    const op = primary.opp;
    const rf = dealRoles(op, contactIndex, contactRole);
    let champDays: number | null = null;
    if (rf.known && rf.champion && op.contacts !== null) {
      for (const dc of op.contacts) {
        const role = dc.role ?? roleOfContact(dc.contactId, contactIndex, contactRole);
        if (role !== 'champion') continue;
        const d = lastEngOfContact(dc.contactId);
        if (d !== null && (champDays === null || d < champDays)) champDays = d;
      }
    }
    const stageWin = benchmarks.stages.winRateByStage.get(stageKey(op.stage));
    const ageDays = Math.max(0, (nowMs - op.createdAt.getTime()) / DAY_MS);
    const hist = primary.historyPushes;
    pd = {
      id: op.id,
      amount: op.amount,
      pushes: op.pushCount === null && input.closeDateChanges === null ? null : Math.max(op.pushCount ?? 0, hist),
      daysSinceMeeting: tracked ? daysSince(nowMs, primary.lastMeetingMs) : null,
      activities30d: tracked ? primary.activities30d : null,
      stageProgress: PHASE_ORDER[primary.phase] / PHASE_ORDER.closed_won,
      winRate: stageWin !== undefined ? stageWin : op.probability !== null ? op.probability / 100 : null,
      hasEb: rf.known ? rf.eb : null,
      hasChampion: rf.known ? rf.champion : null,
      championDays: champDays,
      hasNextStep: op.nextStep !== null && op.nextStep.trim() !== '',
      contactCount: rf.known ? rf.count : null,
      competitorCount: op.competitors !== null ? op.competitors.length : competitorNames.length > 0 ? (primary.competitorMentions > 0 ? 1 : 0) : null,
      daysToClose: op.closeDate === null ? null : (op.closeDate.getTime() - nowMs) / DAY_MS,
      isLate: isLatePhase(primary.phase),
      discountPct: op.discountPct,
      cycleRatio: benchmarks.medianWonCycleDays !== null && benchmarks.medianWonCycleDays > 0 ? ageDays / benchmarks.medianWonCycleDays : null,
      shareOfPipeline: op.amount !== null && op.amount > 0 && openPipelineAmount !== null && openPipelineAmount > 0 ? op.amount / openPipelineAmount : null,
    };
  }

  // --- Renewals ---------------------------------------------------------------------------------------
  let daysToRenewal: number | null = null;
  let renewalArr: number | null = null;
  let contractingStatus: AccountFeatures['contractingStatus'] = null;
  let contractingDaysOpen: number | null = null;
  let contractingLagDays: number | null = null;
  let renewalIntegrityIssues: number | null = null;
  let renewalsArrSum: number | null = null;
  if (input.renewals !== null) {
    let openCount = 0;
    let missingDates = 0;
    let nearest: (typeof input.renewals)[number] | null = null;
    for (const r of input.renewals) {
      if (r.arr !== null && r.status !== 'churned') renewalsArrSum = (renewalsArrSum ?? 0) + r.arr;
      if (r.status !== 'open') continue;
      openCount++;
      if (r.renewalDate === null) {
        missingDates++;
        continue;
      }
      if (nearest === null || r.renewalDate.getTime() < nearest.renewalDate!.getTime()) nearest = r;
    }
    renewalIntegrityIssues = input.renewals.length === 0 ? null : missingDates + Math.max(0, openCount - 1);
    if (nearest !== null && nearest.renewalDate !== null) {
      daysToRenewal = (nearest.renewalDate.getTime() - nowMs) / DAY_MS;
      renewalArr = nearest.arr;
      if (nearest.signedAt !== null && nearest.signedAt.getTime() <= nowMs) {
        contractingStatus = 'signed';
        contractingLagDays = 0;
      } else if (nearest.contractSentAt !== null && nearest.contractSentAt.getTime() <= nowMs) {
        contractingStatus = 'in_progress';
        contractingDaysOpen = (nowMs - nearest.contractSentAt.getTime()) / DAY_MS;
        contractingLagDays = contractingDaysOpen;
      } else {
        contractingStatus = 'not_started';
        contractingLagDays = Math.max(0, 90 - daysToRenewal);
      }
    }
  }
  const arr = acc.arr ?? renewalsArrSum;

  // --- Activity-derived numbers -----------------------------------------------------------------------
  let activityTrendPct: number | null = null;
  if (tracked) {
    const base = (w90.total - w30.total) / 2;
    if (base > 0) activityTrendPct = Math.max(-100, Math.min(100, ((w30.total - base) / base) * 100));
    else if (w30.total > 0) activityTrendPct = 100;
  }
  const daysSinceMap: DaysSinceByType | null = tracked
    ? {
        any: daysSince(nowMs, lastAny),
        email: daysSince(nowMs, lastEmail),
        meeting: daysSince(nowMs, lastMeeting),
        call: daysSince(nowMs, lastCall),
        note: daysSince(nowMs, lastNote),
        task: daysSince(nowMs, lastTask),
        inbound: daysSince(nowMs, lastInbound),
        outbound: daysSince(nowMs, lastOutbound),
      }
    : null;

  // --- Enrichment -------------------------------------------------------------------------------------
  const usageCur = sig?.usageCurrentQuarter ?? null;
  const usagePrev = sig?.usagePreviousQuarter ?? null;
  const seats = sig?.licensedSeats ?? null;
  const activeUsers = sig?.activeUsers ?? null;
  const compEnds = sig?.competitorContractEndsAt ?? null;
  const demoAt = sig?.demoRequestedAt ?? null;
  let mqlCount90d: number | null = null;
  if (input.leads !== null) {
    mqlCount90d = 0;
    for (const l of input.leads) if (l.mqlAt !== null && l.mqlAt.getTime() >= t90 && l.mqlAt.getTime() <= nowMs) mqlCount90d++;
  }
  const prior = healthPointsAgo(input.priorHealth, nowMs);
  const coverageBase = arr;

  return {
    accountId: acc.id,
    ownerId: acc.ownerId,
    arr,
    segment: acc.segment,
    tier: acc.tier,
    employees: acc.employees,
    industry: acc.industry,

    activity7d: tracked ? w7 : null,
    activity30d: tracked ? w30 : null,
    activity90d: tracked ? w90 : null,
    daysSince: daysSinceMap,
    daysSinceLastActivity: daysSinceMap === null ? null : daysSinceMap.any,
    daysSinceLastConversation: daysSinceMap === null ? null : Math.min(daysSinceMap.meeting, daysSinceMap.call),
    activityTrendPct,
    engagementDecayPct: activityTrendPct === null ? null : Math.max(0, -activityTrendPct),
    distinctContactsEngaged90d: contacts !== null && tracked ? distinctContactsEngaged90d : null,

    contactsTotal: contacts === null ? null : nContacts,
    contactsActive: contacts === null ? null : contactsActive,
    roles,
    distinctActiveRoles,
    avgContactEngagement: engagementN > 0 ? engagementSum / engagementN : null,
    bestPersonaFit: bestPersona,
    contactsLeft180d: contacts === null ? null : left180,
    championLeft180d: contacts === null ? null : championLeft,
    activeBlockers: contacts === null ? null : activeBlockers,
    staleContactShare: share(staleN, staleDen),
    execTouches90d: contacts !== null && tracked ? execTouches90d : null,

    openDealCount,
    openPipelineAmount,
    pipelineCoverageRatio: openPipelineAmount !== null && coverageBase !== null && coverageBase > 0 ? openPipelineAmount / coverageBase : null,
    openDealsWithEbShare: share(withEb, contactsKnown),
    avgContactsPerOpenDeal: contactsKnown > 0 ? contactsSum / contactsKnown : null,
    forecastConsistentShare: share(fcOk, fcN),
    staleOpenDealShare: share(staleN2, stageKnown),
    missingAmountShare: share(missingAmount, open),
    badCloseDateShare: share(badClose, open),
    stageSkipShare: skipOrderKnown ? share(skipped, open) : null,
    unownedShare: share(unowned, open),
    governanceViolationShare: share(governance, open),
    competitorDealShare: share(competitorDeals, competitorKnown),
    meanStageVelocityRatio: velocityN > 0 ? velocitySum / velocityN : null,
    stageAdvances30d: historyTracked && open > 0 ? advances : null,
    minDaysSinceStageChange: stageKnown > 0 ? minSinceChange : null,
    closedLost180d: opps === null ? null : closedLost180,
    lateStageDealCount: opps === null ? null : late,
    lateStageStakeholderShare: share(lateStakeholders, late),
    lateStageNextStepShare: share(lateNextStep, late),
    lateStageEbShare: share(lateEb, late),
    lateStageCompliantShare: share(lateCompliant, late),

    primaryDealId: pd.id,
    primaryDealAmount: pd.amount,
    primaryDealPushes: pd.pushes,
    primaryDealDaysSinceMeeting: pd.daysSinceMeeting,
    primaryDealActivities30d: pd.activities30d,
    primaryDealStageProgress: pd.stageProgress,
    primaryDealWinRate: pd.winRate,
    primaryDealHasEconomicBuyer: pd.hasEb,
    primaryDealHasChampion: pd.hasChampion,
    primaryDealChampionDaysSinceEngaged: pd.championDays,
    primaryDealHasNextStep: pd.hasNextStep,
    primaryDealContactCount: pd.contactCount,
    primaryDealCompetitorCount: pd.competitorCount,
    primaryDealDaysToClose: pd.daysToClose,
    primaryDealIsLateStage: pd.isLate,
    primaryDealDiscountPct: pd.discountPct,
    primaryDealCycleRatio: pd.cycleRatio,
    primaryDealShareOfPipeline: pd.shareOfPipeline,

    daysToRenewal,
    renewalArr,
    contractingStatus,
    contractingDaysOpen,
    contractingLagDays,
    renewalIntegrityIssues,

    usageTrendPct: usageCur !== null && usagePrev !== null && usagePrev > 0 ? ((usageCur - usagePrev) / usagePrev) * 100 : null,
    adoptionPct: sig?.adoptionPct ?? null,
    seatUtilisation: activeUsers !== null && seats !== null && seats > 0 ? activeUsers / seats : null,
    supportEscalationPct: sig?.supportEscalationPct ?? null,
    openCriticalTickets: sig?.openCriticalTickets ?? null,
    npsScore: sig?.npsScore ?? null,
    npsPreviousScore: sig?.npsPreviousScore ?? null,
    latePayments12m: sig?.latePayments12m ?? null,
    crossSellSignals: sig?.crossSellSignals ?? null,
    whitespacePct: sig?.whitespacePct ?? null,
    budgetConfirmed: sig?.budgetConfirmed ?? null,
    budgetTrendPct: sig?.budgetTrendPct ?? null,
    techBudgetUsd: sig?.techBudgetUsd ?? null,
    techBudgetSharePct: sig?.techBudgetSharePct ?? null,
    grantDependencyPct: sig?.grantDependencyPct ?? null,
    marketContextRisk: marketContextRisk(sig?.budgetTrendPct ?? null, sig?.techBudgetSharePct ?? null, sig?.grantDependencyPct ?? null),
    grantWindowOpen: sig?.grantWindowOpen ?? null,
    grantWindowClosesInDays: sig?.grantWindowClosesInDays ?? null,
    competitorContractEndsInDays: compEnds === null ? null : (compEnds.getTime() - nowMs) / DAY_MS,
    rfpActive: sig?.rfpActive ?? null,
    hiringSignals90d: sig?.hiringSignals90d ?? null,
    boardMentions90d: sig?.boardMentions90d ?? null,
    strategicThemeMatch: sig?.strategicThemeMatch ?? null,
    strategicThemeAlignment: sig?.strategicThemeAlignment ?? null,
    daysSinceDemoRequest: demoAt !== null ? daysSince(nowMs, demoAt.getTime()) : sig?.demoTracking === true ? Number.POSITIVE_INFINITY : null,
    techSpendPropensity: sig?.techSpendPropensity ?? null,
    aiReadiness: sig?.aiReadiness ?? null,
    startupFriendliness: sig?.startupFriendliness ?? null,
    procurementComplexity: sig?.procurementComplexity ?? null,
    coopPathway: sig?.coopPathway ?? null,
    fiscalYearAligned: sig?.fiscalYearAligned ?? null,
    studentEnrollment: sig?.studentEnrollment ?? null,
    quotaContributionPct: sig?.quotaContributionPct ?? null,
    mqlCount90d,

    health7dAgo: prior.d7,
    health30dAgo: prior.d30,
    tenantDealAmountP25: benchmarks.dealAmount?.p25 ?? null,
    tenantDealAmountP50: benchmarks.dealAmount?.p50 ?? null,
    tenantDealAmountP75: benchmarks.dealAmount?.p75 ?? null,
    tenantArrP50: benchmarks.accountArr?.p50 ?? null,
    tenantArrP75: benchmarks.accountArr?.p75 ?? null,
  };
}

function zeroRoles(v = 0): Record<BuyingRole, number> {
  return { champion: v, economic_buyer: v, exec_sponsor: v, technical_buyer: v, influencer: v, blocker: v, end_user: v, unknown: v };
}

function orderOf(h: StageHistoryInput): number {
  return h.stageOrder !== null ? h.stageOrder : PHASE_ORDER[classifyStage(h.stage)];
}

function roleOfContact(contactId: string, index: ReadonlyMap<string, number>, roles: readonly BuyingRole[]): BuyingRole | null {
  const ci = index.get(contactId);
  return ci === undefined ? null : (roles[ci] ?? null);
}

export interface DealRoleFlags {
  readonly known: boolean;
  readonly count: number;
  readonly eb: boolean;
  readonly champion: boolean;
  readonly exec: boolean;
}

const UNKNOWN_ROLES: DealRoleFlags = { known: false, count: 0, eb: false, champion: false, exec: false };

/** Buying roles present on a deal: the contact role on the deal, else the contact's own role. */
export function dealRoles(op: OpportunityInput, index: ReadonlyMap<string, number>, roles: readonly BuyingRole[]): DealRoleFlags {
  if (op.contacts === null) return UNKNOWN_ROLES;
  let eb = false;
  let champion = false;
  let exec = false;
  for (const dc of op.contacts) {
    const role = dc.role ?? roleOfContact(dc.contactId, index, roles);
    if (role === 'economic_buyer') eb = true;
    else if (role === 'champion') champion = true;
    else if (role === 'exec_sponsor') exec = true;
  }
  return { known: true, count: op.contacts.length, eb, champion, exec };
}

function isBetterPrimary(a: OpportunityInput, b: OpportunityInput): boolean {
  const aa = a.amount ?? -1;
  const ba = b.amount ?? -1;
  if (aa !== ba) return aa > ba;
  const ac = a.closeDate?.getTime() ?? Number.POSITIVE_INFINITY;
  const bc = b.closeDate?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ac !== bc) return ac < bc;
  // Ties fall to the CRM's own data (the name) before Pillar's ids, which differ between two imports of the
  // same data: the same CRM records must give the same primary deal.
  if (a.name !== b.name) return a.name < b.name;
  return a.id < b.id;
}

interface PrimaryDeal {
  readonly id: string | null;
  readonly amount: number | null;
  readonly pushes: number | null;
  readonly daysSinceMeeting: number | null;
  readonly activities30d: number | null;
  readonly stageProgress: number | null;
  readonly winRate: number | null;
  readonly hasEb: boolean | null;
  readonly hasChampion: boolean | null;
  readonly championDays: number | null;
  readonly hasNextStep: boolean | null;
  readonly contactCount: number | null;
  readonly competitorCount: number | null;
  readonly daysToClose: number | null;
  readonly isLate: boolean | null;
  readonly discountPct: number | null;
  readonly cycleRatio: number | null;
  readonly shareOfPipeline: number | null;
}

const NO_PRIMARY: PrimaryDeal = {
  id: null,
  amount: null,
  pushes: null,
  daysSinceMeeting: null,
  activities30d: null,
  stageProgress: null,
  winRate: null,
  hasEb: null,
  hasChampion: null,
  championDays: null,
  hasNextStep: null,
  contactCount: null,
  competitorCount: null,
  daysToClose: null,
  isLate: null,
  discountPct: null,
  cycleRatio: null,
  shareOfPipeline: null,
};
