import { EVENT_ACTIVITY, EVENT_STAGE, type DealEvent, type DealTimeline } from './timeline';

/**
 * The deal-risk model: six variables, each a risk 0–100 (higher = riskier), weighted and renormalised
 * over the variables that are known.
 *
 *   engagement (25)   temporal decay: E = Σ weight·2^(−age/14 d) over activities; risk = 100·e^(−E/3).
 *                     A meeting today (E = 3) → 37; nothing for six weeks after one meeting → 90.
 *   stageVelocity (20) days in stage / this tenant's median for the stage: < 1× 0, < 1.5× 30, < 2× 70, else 100.
 *   champion (15)     days since the champion last wrote, met or called (since the deal opened if never):
 *                     < 7 d 0, < 14 30, < 21 70, else 100; no champion on the deal 60.
 *   competition (15)  named competitors + subject mentions: 0 → 0, 1 → 35, 2 → 65, 3+ → 100.
 *   pushes (15)       close-date pushes: 0 → 0, 1 → 30, 2 → 60, 3+ → 100.
 *   closeDate (10)    past due (by a day) 100; within 14 days while still before Proposal 60; else 0.
 *
 * Given a fixed state, every variable is non-decreasing in time (engagement decays, stays lengthen,
 * silence grows, close dates pass). Risk therefore only falls at events, which is what makes one-pass
 * onset detection exact: between two events it suffices to look at the end of the interval.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const HALF_LIFE_DAYS = 14;
export const DECAY_PER_MS = Math.LN2 / (HALF_LIFE_DAYS * DAY_MS);

export const DEAL_RISK_WEIGHTS = { engagement: 25, stageVelocity: 20, champion: 15, competition: 15, pushes: 15, closeDate: 10 } as const;
export type DealRiskVariable = keyof typeof DEAL_RISK_WEIGHTS;

export function engagementRisk(e: number): number {
  return 100 * Math.exp(-e / 3);
}
export function velocityRisk(ratio: number): number {
  return ratio < 1 ? 0 : ratio < 1.5 ? 30 : ratio < 2 ? 70 : 100;
}
export function championSilenceRisk(days: number): number {
  return days < 7 ? 0 : days < 14 ? 30 : days < 21 ? 70 : 100;
}
export const NO_CHAMPION_RISK = 60;
export function competitionRisk(signals: number): number {
  return signals <= 0 ? 0 : signals === 1 ? 35 : signals === 2 ? 65 : 100;
}
export function pushRisk(pushes: number): number {
  return pushes <= 0 ? 0 : pushes === 1 ? 30 : pushes === 2 ? 60 : 100;
}
export const CLOSE_NEAR_MS = 14 * DAY_MS;
export function closeDateRisk(t: number, closeDate: number, early: boolean): number {
  if (t > closeDate + DAY_MS) return 100;
  if (early && t > closeDate - CLOSE_NEAR_MS) return 60;
  return 0;
}

/** Mutable replay state after some prefix of the events. */
export interface DealRiskState {
  /** Decayed engagement as of `engAt`. */
  eng: number;
  engAt: number;
  lastTouch: number;
  stageEnteredAt: number;
  stageMedianDays: number;
  early: boolean;
  championLast: number;
  mentions: number;
  pushes: number;
  closeDate: number;
}

export function initialState(tl: DealTimeline): DealRiskState {
  return {
    eng: 0,
    engAt: tl.createdAt,
    lastTouch: Number.NEGATIVE_INFINITY,
    stageEnteredAt: tl.createdAt,
    stageMedianDays: tl.initialStageMedianDays,
    early: tl.initialEarly,
    championLast: Number.NEGATIVE_INFINITY,
    mentions: 0,
    pushes: tl.basePushes,
    closeDate: tl.initialCloseDate,
  };
}

/** Applies one event at time `t` (O(1)). */
export function applyEvent(s: DealRiskState, e: DealEvent, t: number): void {
  if (e.kind === EVENT_ACTIVITY) {
    s.eng = s.eng * Math.exp(-DECAY_PER_MS * (t - s.engAt)) + e.weight;
    s.engAt = t;
    if (e.weight >= 0.5) s.lastTouch = t;
    if (e.championTouch) s.championLast = t;
    if (e.competitorMention) s.mentions++;
  } else if (e.kind === EVENT_STAGE) {
    s.stageEnteredAt = t;
    s.stageMedianDays = e.stageMedianDays;
    s.early = e.early;
  } else {
    if (!Number.isNaN(s.closeDate) && e.closeDate > s.closeDate) s.pushes++;
    s.closeDate = e.closeDate;
  }
}

/** Risk 0–100 of a state at time t ≥ the state's last event. */
export function riskAt(s: DealRiskState, tl: DealTimeline, t: number): number {
  let sum = 0;
  let w = 0;
  if (tl.activitiesKnown) {
    sum += 25 * engagementRisk(s.eng * Math.exp(-DECAY_PER_MS * (t - s.engAt)));
    w += 25;
  }
  if (s.stageMedianDays > 0) {
    sum += 20 * velocityRisk((t - s.stageEnteredAt) / DAY_MS / s.stageMedianDays);
    w += 20;
  }
  if (tl.championKnown !== null) {
    const since = s.championLast > tl.createdAt ? s.championLast : tl.createdAt;
    sum += 15 * (tl.championKnown ? championSilenceRisk((t - since) / DAY_MS) : NO_CHAMPION_RISK);
    w += 15;
  }
  if (tl.competitionKnown) {
    sum += 15 * competitionRisk(tl.competitorCount + s.mentions);
    w += 15;
  }
  if (tl.pushesKnown) {
    sum += 15 * pushRisk(s.pushes);
    w += 15;
  }
  if (!Number.isNaN(s.closeDate)) {
    sum += 10 * closeDateRisk(t, s.closeDate, s.early);
    w += 10;
  }
  return w > 0 ? sum / w : 0;
}

/**
 * First time in (lo, hi] at which the risk of a FIXED state reaches `threshold`, to one hour. Valid
 * because risk is non-decreasing in time between events; requires riskAt(hi) ≥ threshold.
 */
export function firstCrossing(s: DealRiskState, tl: DealTimeline, lo: number, hi: number, threshold: number): number {
  while (hi - lo > HOUR_MS) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (riskAt(s, tl, mid) >= threshold) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface Replay {
  readonly state: DealRiskState;
  /** Start of the current high-risk episode (ms), NaN when the deal is not high risk at `now`. */
  readonly onset: number;
  readonly riskNow: number;
}

// Per-event state snapshots, reused across calls (grown on demand): 10 numbers per applied event.
const SNAP = 10;
let snaps = new Float64Array(64 * SNAP);
let snapTimes = new Float64Array(64);
const probe: DealRiskState = {
  eng: 0,
  engAt: 0,
  lastTouch: 0,
  stageEnteredAt: 0,
  stageMedianDays: 0,
  early: false,
  championLast: 0,
  mentions: 0,
  pushes: 0,
  closeDate: 0,
};

function save(i: number, s: DealRiskState): void {
  const o = i * SNAP;
  snaps[o] = s.eng;
  snaps[o + 1] = s.engAt;
  snaps[o + 2] = s.lastTouch;
  snaps[o + 3] = s.stageEnteredAt;
  snaps[o + 4] = s.stageMedianDays;
  snaps[o + 5] = s.early ? 1 : 0;
  snaps[o + 6] = s.championLast;
  snaps[o + 7] = s.mentions;
  snaps[o + 8] = s.pushes;
  snaps[o + 9] = s.closeDate;
}

function load(i: number): DealRiskState {
  const o = i * SNAP;
  probe.eng = snaps[o]!;
  probe.engAt = snaps[o + 1]!;
  probe.lastTouch = snaps[o + 2]!;
  probe.stageEnteredAt = snaps[o + 3]!;
  probe.stageMedianDays = snaps[o + 4]!;
  probe.early = snaps[o + 5] === 1;
  probe.championLast = snaps[o + 6]!;
  probe.mentions = snaps[o + 7]!;
  probe.pushes = snaps[o + 8]!;
  probe.closeDate = snaps[o + 9]!;
  return probe;
}

/**
 * One forward pass applies the events in order (O(1) each: the decayed engagement is updated, never
 * re-summed) and snapshots the state after each; risk is evaluated at `now`. Only a deal that is high
 * risk now needs its onset: a backward walk over the snapshots finds the last point where risk was
 * below the threshold, and a bounded binary search places the crossing inside that interval (valid
 * because risk of a fixed state never falls as time passes). Worst case O(E) evaluations, typically a
 * handful. Events after `now` are ignored. The answer equals the definition checked by the O(E²)
 * reference in engine/testing/naive-deal-risk.ts: the start of the current run of risk ≥ threshold.
 */
export function replayDealRisk(tl: DealTimeline, nowMs: number, threshold: number): Replay {
  const s = initialState(tl);
  const events = tl.events;
  const n = events.length;
  if (snapTimes.length < n + 1) {
    snapTimes = new Float64Array(2 * (n + 1));
    snaps = new Float64Array(2 * (n + 1) * SNAP);
  }
  // Snapshot 0 is the initial state at creation; snapshot k the state after the k-th applied event.
  let tPrev = tl.createdAt;
  save(0, s);
  snapTimes[0] = tPrev;
  let applied = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    if (e.at > nowMs) break;
    const t = e.at > tPrev ? e.at : tPrev;
    applyEvent(s, e, t);
    applied++;
    save(applied, s);
    snapTimes[applied] = t;
    tPrev = t;
  }
  const end = nowMs > tPrev ? nowMs : tPrev;
  const riskNow = riskAt(s, tl, end);
  if (riskNow < threshold) return { state: s, onset: Number.NaN, riskNow };
  // Walk back: snapshot k holds over [snapTimes[k], next], where next is the following event or `end`.
  let next = end;
  for (let k = applied; k >= 0; k--) {
    const st = load(k);
    const from = snapTimes[k]!;
    if (riskAt(st, tl, from) < threshold) {
      const onset = riskAt(st, tl, next) >= threshold ? firstCrossing(st, tl, from, next, threshold) : next;
      return { state: s, onset, riskNow };
    }
    next = from;
  }
  return { state: s, onset: tl.createdAt, riskNow };
}
