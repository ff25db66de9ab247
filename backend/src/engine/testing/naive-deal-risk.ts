import {
  DECAY_PER_MS,
  HOUR_MS,
  closeDateRisk,
  championSilenceRisk,
  competitionRisk,
  engagementRisk,
  NO_CHAMPION_RISK,
  pushRisk,
  velocityRisk,
  DAY_MS,
} from '../deals/deal-risk-model';
import { EVENT_ACTIVITY, EVENT_STAGE, type DealTimeline } from '../deals/timeline';

/**
 * The straightforward reference the one-pass replay is checked and benchmarked against: at every
 * candidate time it re-derives the deal's state from scratch by scanning every earlier event (as the
 * Sentinel scorer does), so a timeline of E events costs O(E²). Same model, same answers.
 */
export function naiveRiskAt(tl: DealTimeline, applied: number, t: number): number {
  let eng = 0;
  let stageEnteredAt = tl.createdAt;
  let median = tl.initialStageMedianDays;
  let early = tl.initialEarly;
  let championLast = Number.NEGATIVE_INFINITY;
  let mentions = 0;
  let pushes = tl.basePushes;
  let closeDate = tl.initialCloseDate;
  for (let j = 0; j < applied; j++) {
    const e = tl.events[j]!;
    const at = e.at > tl.createdAt ? e.at : tl.createdAt;
    if (e.kind === EVENT_ACTIVITY) {
      eng += e.weight * Math.exp(-DECAY_PER_MS * (t - at));
      if (e.championTouch) championLast = at;
      if (e.competitorMention) mentions++;
    } else if (e.kind === EVENT_STAGE) {
      stageEnteredAt = at;
      median = e.stageMedianDays;
      early = e.early;
    } else {
      if (!Number.isNaN(closeDate) && e.closeDate > closeDate) pushes++;
      closeDate = e.closeDate;
    }
  }
  let sum = 0;
  let w = 0;
  if (tl.activitiesKnown) {
    sum += 25 * engagementRisk(eng);
    w += 25;
  }
  if (median > 0) {
    sum += 20 * velocityRisk((t - stageEnteredAt) / DAY_MS / median);
    w += 20;
  }
  if (tl.championKnown !== null) {
    const since = championLast > tl.createdAt ? championLast : tl.createdAt;
    sum += 15 * (tl.championKnown ? championSilenceRisk((t - since) / DAY_MS) : NO_CHAMPION_RISK);
    w += 15;
  }
  if (tl.competitionKnown) {
    sum += 15 * competitionRisk(tl.competitorCount + mentions);
    w += 15;
  }
  if (tl.pushesKnown) {
    sum += 15 * pushRisk(pushes);
    w += 15;
  }
  if (!Number.isNaN(closeDate)) {
    sum += 10 * closeDateRisk(t, closeDate, early);
    w += 10;
  }
  return w > 0 ? sum / w : 0;
}

/** Onset and current risk, recomputing the state from scratch at every step (O(E²)). */
export function naiveReplay(tl: DealTimeline, nowMs: number, threshold: number): { onset: number; riskNow: number } {
  const crossing = (applied: number, lo: number, hi: number): number => {
    while (hi - lo > HOUR_MS) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (naiveRiskAt(tl, applied, mid) >= threshold) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  let tPrev = tl.createdAt;
  let onset = naiveRiskAt(tl, 0, tPrev) >= threshold ? tPrev : Number.NaN;
  let applied = 0;
  for (let i = 0; i < tl.events.length; i++) {
    const e = tl.events[i]!;
    if (e.at > nowMs) break;
    const t = e.at > tPrev ? e.at : tPrev;
    if (Number.isNaN(onset) && naiveRiskAt(tl, applied, t) >= threshold) onset = crossing(applied, tPrev, t);
    applied = i + 1;
    if (naiveRiskAt(tl, applied, t) >= threshold) {
      if (Number.isNaN(onset)) onset = t;
    } else onset = Number.NaN;
    tPrev = t;
  }
  const end = nowMs > tPrev ? nowMs : tPrev;
  const riskNow = naiveRiskAt(tl, applied, end);
  if (Number.isNaN(onset) && riskNow >= threshold) onset = crossing(applied, tPrev, end);
  if (riskNow < threshold) onset = Number.NaN;
  return { onset, riskNow };
}
