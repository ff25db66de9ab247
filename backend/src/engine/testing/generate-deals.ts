import { activityEvent, closeDateEvent, stageEvent, type DealEvent, type DealTimeline } from '../deals/timeline';
import type { Rng } from './generate-features';

const DAY_MS = 86_400_000;
const WEIGHTS = [3, 2, 1.5, 0.5, 0.5, 1, 0.2];

/**
 * A seeded open deal with exactly `nEvents` events between its creation and `nowMs`: mostly activities
 * (meetings, calls, emails, notes), a few stage changes and close-date moves. Timelines of this shape
 * drive the deal-risk property tests and the benchmark.
 */
export function generateDealTimeline(g: Rng, id: string, nEvents: number, nowMs: number): DealTimeline {
  const ageDays = 20 + g.next() * 220;
  const createdAt = nowMs - ageDays * DAY_MS;
  const times: number[] = new Array(nEvents);
  for (let i = 0; i < nEvents; i++) times[i] = createdAt + g.next() * (nowMs - createdAt) * (g.chance(0.7) ? 1 : 0.6);
  times.sort((a, b) => a - b);
  const events: DealEvent[] = new Array(nEvents);
  let closeDate = createdAt + (30 + g.next() * 120) * DAY_MS;
  const initialClose = closeDate;
  for (let i = 0; i < nEvents; i++) {
    const t = times[i]!;
    const r = g.next();
    if (r < 0.08) {
      events[i] = stageEvent(t, g.chance(0.9) ? 10 + g.next() * 40 : Number.NaN, g.chance(0.5));
    } else if (r < 0.14) {
      closeDate = closeDate + (g.next() * 60 - 15) * DAY_MS;
      events[i] = closeDateEvent(t, closeDate);
    } else {
      events[i] = activityEvent(t, g.pick(WEIGHTS), g.chance(0.15), g.chance(0.04));
    }
  }
  return {
    opportunityId: id,
    isClosed: false,
    createdAt,
    initialStageMedianDays: g.chance(0.9) ? 10 + g.next() * 40 : Number.NaN,
    initialEarly: true,
    initialCloseDate: g.chance(0.9) ? initialClose : Number.NaN,
    competitorCount: g.chance(0.2) ? g.int(1, 2) : 0,
    basePushes: g.chance(0.1) ? 1 : 0,
    activitiesKnown: true,
    championKnown: g.chance(0.1) ? null : g.chance(0.6),
    competitionKnown: g.chance(0.7),
    pushesKnown: true,
    events,
    stage: 'Discovery',
  };
}
