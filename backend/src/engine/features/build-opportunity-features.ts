import type { BuyingRole } from '@pillar/shared';
import { activityEvent, closeDateEvent, stageEvent, type DealEvent, type DealTimeline } from '../deals/timeline';
import { highValueThreshold, type TenantBenchmarks } from './benchmarks';
import type { ActivityInput, OpportunityFeatureInput, StageHistoryInput } from './inputs';
import type { CompetitiveLevel, OpportunityFeatures } from './opportunity-features';
import { classifyStage, isLatePhase, PHASE_ORDER, stageKey } from './stages';

const DAY_MS = 86_400_000;

/** Engagement weight of an activity in the decayed engagement sum. */
export function activityWeight(a: Pick<ActivityInput, 'type' | 'direction'>): number {
  if (a.direction === 'internal') return 0.2;
  switch (a.type) {
    case 'meeting':
      return 3;
    case 'call':
      return 2;
    case 'email':
      return a.direction === 'inbound' ? 1.5 : a.direction === 'outbound' ? 0.5 : 1;
    default:
      return 0.2;
  }
}

function competitiveLevel(n: number): CompetitiveLevel {
  return n <= 0 ? 'none' : n === 1 ? 'low' : n === 2 ? 'medium' : 'high';
}

function isSorted<T>(xs: readonly T[], time: (x: T) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (time(xs[i]!) < time(xs[i - 1]!)) return false;
  return true;
}

function sortedBy<T>(xs: readonly T[], time: (x: T) => number): readonly T[] {
  return isSorted(xs, time) ? xs : xs.slice().sort((a, b) => time(a) - time(b));
}

/**
 * One deal's features and its event timeline. One pass over the deal's activities (they are sorted
 * only when the loader did not already order them by time); the three event sources are merged in
 * linear time.
 */
export function buildOpportunityFeatures(
  input: OpportunityFeatureInput,
  now: Date,
  benchmarks: TenantBenchmarks,
  highValueQuantile = 0.75,
): { features: OpportunityFeatures; timeline: DealTimeline } {
  const nowMs = now.getTime();
  const op = input.opportunity;
  const phase = classifyStage(op.stage, op.isClosed, op.isWon);
  const createdMs = op.createdAt.getTime();
  const names = (input.competitorNames ?? []).map((n) => n.toLowerCase()).filter((n) => n.length > 0);

  // Roles on the deal: contact role on the deal, else the contact's own buying role.
  const contactRole = new Map<string, BuyingRole>();
  if (input.contacts !== null) for (const c of input.contacts) contactRole.set(c.id, c.buyingRole ?? 'unknown');
  const dealRole = new Map<string, BuyingRole>();
  let hasEb = false;
  let hasChampion = false;
  let hasExec = false;
  if (op.contacts !== null) {
    for (const dc of op.contacts) {
      const role = dc.role ?? contactRole.get(dc.contactId) ?? 'unknown';
      dealRole.set(dc.contactId, role);
      if (role === 'economic_buyer') hasEb = true;
      else if (role === 'champion') hasChampion = true;
      else if (role === 'exec_sponsor') hasExec = true;
    }
  }
  const rolesKnown = op.contacts !== null;

  // Activities: one pass.
  const acts = input.activities === null ? null : sortedBy(input.activities, (a) => a.occurredAt.getTime());
  const t30 = nowMs - 30 * DAY_MS;
  let lastActivity = Number.NEGATIVE_INFINITY;
  let lastMeeting = Number.NEGATIVE_INFINITY;
  let lastChampion = Number.NEGATIVE_INFINITY;
  let meetings30 = 0;
  let activities30 = 0;
  let execEngaged = false;
  let mentions = 0;
  const activityEvents: DealEvent[] = [];
  if (acts !== null) {
    for (const a of acts) {
      const t = a.occurredAt.getTime();
      const role = a.contactId === null ? undefined : (dealRole.get(a.contactId) ?? contactRole.get(a.contactId));
      const live = a.type === 'meeting' || a.type === 'call';
      const championTouch = role === 'champion' && (live || a.direction === 'inbound');
      const mention = names.length > 0 && a.subject !== null && names.some((n) => a.subject!.toLowerCase().includes(n));
      activityEvents.push(activityEvent(t, activityWeight(a), championTouch, mention));
      if (t > nowMs) continue;
      if (t > lastActivity) lastActivity = t;
      if (a.type === 'meeting' && t > lastMeeting) lastMeeting = t;
      if (championTouch && t > lastChampion) lastChampion = t;
      if (mention) mentions++;
      if (t >= t30) {
        activities30++;
        if (a.type === 'meeting') meetings30++;
        if (live && (role === 'exec_sponsor' || role === 'economic_buyer')) execEngaged = true;
      }
    }
  }

  // Stage history: the first row is the initial stage; later rows are stage events.
  const medianOf = (stage: string): number => benchmarks.stages.medianDaysByStage.get(stageKey(stage)) ?? Number.NaN;
  const earlyOf = (row: Pick<StageHistoryInput, 'stage'>): boolean => PHASE_ORDER[classifyStage(row.stage)] < PHASE_ORDER.proposal;
  const hist = input.stageHistory === null ? [] : sortedBy(input.stageHistory, (h) => h.enteredAt.getTime());
  const first = hist[0];
  const stageEvents: DealEvent[] = [];
  for (let i = 1; i < hist.length; i++) {
    const h = hist[i]!;
    stageEvents.push(stageEvent(h.enteredAt.getTime(), medianOf(h.stage), earlyOf(h)));
  }
  const lastStageEntered = hist.length > 0 ? hist[hist.length - 1]!.enteredAt.getTime() : input.stageHistory !== null ? createdMs : Number.NaN;

  // Close-date history.
  const changes = input.closeDateChanges === null ? [] : sortedBy(input.closeDateChanges, (c) => c.changedAt.getTime());
  let historyPushes = 0;
  const closeEvents: DealEvent[] = [];
  for (const c of changes) {
    if (c.previousCloseDate !== null && c.newCloseDate.getTime() > c.previousCloseDate.getTime()) historyPushes++;
    closeEvents.push(closeDateEvent(c.changedAt.getTime(), c.newCloseDate.getTime()));
  }
  const pushesKnown = op.pushCount !== null || input.closeDateChanges !== null;
  const pushes = pushesKnown ? Math.max(op.pushCount ?? 0, historyPushes) : null;
  const initialClose = changes.length > 0 ? (changes[0]!.previousCloseDate?.getTime() ?? Number.NaN) : (op.closeDate?.getTime() ?? Number.NaN);

  const events = mergeByTime(activityEvents, stageEvents, closeEvents);

  const median = medianOf(op.stage);
  const daysInStage = Number.isNaN(lastStageEntered) ? null : Math.max(0, (nowMs - lastStageEntered) / DAY_MS);
  const hvThreshold = highValueThreshold(benchmarks, highValueQuantile);
  const competitorCount = op.competitors === null ? null : op.competitors.length;
  const competitionKnown = op.competitors !== null || names.length > 0;
  const daysSince = (ms: number): number => (ms === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : Math.max(0, (nowMs - ms) / DAY_MS));
  const stageWin = benchmarks.stages.winRateByStage.get(stageKey(op.stage));
  const sig = input.account?.signals ?? null;

  const features: OpportunityFeatures = {
    opportunityId: op.id,
    accountId: op.accountId,
    ownerId: op.ownerId,
    amount: op.amount,
    stage: op.stage,
    phase,
    isClosed: op.isClosed,
    isWon: op.isWon,
    isLateStage: isLatePhase(phase),
    stageProgress: phase === 'closed_lost' ? 0 : PHASE_ORDER[phase] / PHASE_ORDER.closed_won,
    probability: op.probability,
    forecastCategory: op.forecastCategory,
    ageDays: Math.max(0, (nowMs - createdMs) / DAY_MS),
    daysInStage,
    stageMedianDays: Number.isNaN(median) ? null : median,
    stageVelocityRatio: daysInStage !== null && median > 0 ? daysInStage / median : null,
    stageWinRate: stageWin ?? null,
    closeDatePushes: pushes,
    daysToClose: op.closeDate === null ? null : (op.closeDate.getTime() - nowMs) / DAY_MS,
    hasNextStep: op.nextStep !== null && op.nextStep.trim() !== '',
    contactCount: rolesKnown ? op.contacts!.length : null,
    hasEconomicBuyer: rolesKnown ? hasEb : null,
    hasChampion: rolesKnown ? hasChampion : null,
    hasExecSponsor: rolesKnown ? hasExec : null,
    championDaysSinceInbound: rolesKnown && hasChampion && acts !== null ? daysSince(lastChampion) : null,
    daysSinceLastActivity: acts === null ? null : daysSince(lastActivity),
    daysSinceLastMeeting: acts === null ? null : daysSince(lastMeeting),
    meetings30d: acts === null ? null : meetings30,
    activities30d: acts === null ? null : activities30,
    execEngaged30d: acts === null || !rolesKnown ? null : execEngaged,
    competitorCount,
    competitorMentions: names.length > 0 && acts !== null ? mentions : null,
    competitiveLevel: competitionKnown ? competitiveLevel((competitorCount ?? 0) + mentions) : null,
    discountPct: op.discountPct,
    isHighValue: hvThreshold === null || op.amount === null ? null : op.amount >= hvThreshold,
    highValueThreshold: hvThreshold,
    historicalWinRate: benchmarks.overallWinRate,
    medianWonCycleDays: benchmarks.medianWonCycleDays,
    p90ClosedCycleDays: benchmarks.p90ClosedCycleDays,
    procurementComplexity: sig?.procurementComplexity ?? null,
    coopPathway: sig?.coopPathway ?? null,
    fiscalYearAligned: sig?.fiscalYearAligned ?? null,
  };
  const initialStage = first === undefined ? op.stage : first.stage;
  const timeline: DealTimeline = {
    opportunityId: op.id,
    isClosed: op.isClosed,
    createdAt: createdMs,
    initialStageMedianDays: medianOf(initialStage),
    initialEarly: earlyOf({ stage: initialStage }),
    initialCloseDate: initialClose,
    competitorCount: competitorCount ?? 0,
    basePushes: Math.max(0, (op.pushCount ?? 0) - historyPushes),
    activitiesKnown: acts !== null,
    championKnown: rolesKnown ? hasChampion : null,
    competitionKnown,
    pushesKnown,
    events,
    stage: op.stage,
  };
  return { features, timeline };
}

/** Linear merge of three time-sorted event lists (stable: activities, then stages, then close dates). */
export function mergeByTime(a: readonly DealEvent[], b: readonly DealEvent[], c: readonly DealEvent[]): DealEvent[] {
  const out: DealEvent[] = new Array(a.length + b.length + c.length);
  let i = 0;
  let j = 0;
  let k = 0;
  for (let n = 0; n < out.length; n++) {
    const ta = i < a.length ? a[i]!.at : Number.POSITIVE_INFINITY;
    const tb = j < b.length ? b[j]!.at : Number.POSITIVE_INFINITY;
    const tc = k < c.length ? c[k]!.at : Number.POSITIVE_INFINITY;
    if (ta <= tb && ta <= tc) out[n] = a[i++]!;
    else if (tb <= tc) out[n] = b[j++]!;
    else out[n] = c[k++]!;
  }
  return out;
}
