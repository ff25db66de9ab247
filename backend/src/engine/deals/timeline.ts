/**
 * A deal's history as one time-ordered event stream, the input of deal-risk replay. All times are epoch
 * milliseconds; every event has the same shape (one hidden class, no per-kind objects).
 */
export const EVENT_ACTIVITY = 0;
export const EVENT_STAGE = 1;
export const EVENT_CLOSE_DATE = 2;
export type DealEventKind = typeof EVENT_ACTIVITY | typeof EVENT_STAGE | typeof EVENT_CLOSE_DATE;

export interface DealEvent {
  readonly at: number;
  readonly kind: DealEventKind;
  /** Activity: engagement weight (meeting 3, call 2, inbound email 1.5, outbound 0.5, internal 0.2). */
  readonly weight: number;
  /** Activity: the deal's champion wrote in, met or called. */
  readonly championTouch: boolean;
  /** Activity: the subject names a tracked competitor. */
  readonly competitorMention: boolean;
  /** Stage: this tenant's median days in the new stage (NaN when unknown). */
  readonly stageMedianDays: number;
  /** Stage: the new stage is before Proposal. */
  readonly early: boolean;
  /** Close date change: the new close date (ms). */
  readonly closeDate: number;
}

export interface DealTimeline {
  readonly opportunityId: string;
  readonly isClosed: boolean;
  readonly createdAt: number;
  readonly initialStageMedianDays: number;
  readonly initialEarly: boolean;
  readonly initialCloseDate: number;
  /** Competitors named on the deal (static CRM field). */
  readonly competitorCount: number;
  /** Pushes known only as a count (no dated history): counted from the start. */
  readonly basePushes: number;
  readonly activitiesKnown: boolean;
  /** null: contact roles unknown; false: no champion on the deal. */
  readonly championKnown: boolean | null;
  readonly competitionKnown: boolean;
  readonly pushesKnown: boolean;
  /** Ascending by `at`. */
  readonly events: readonly DealEvent[];
  /** Stage label (for reasons). */
  readonly stage: string;
}

export function activityEvent(at: number, weight: number, championTouch: boolean, competitorMention: boolean): DealEvent {
  return { at, kind: EVENT_ACTIVITY, weight, championTouch, competitorMention, stageMedianDays: Number.NaN, early: false, closeDate: Number.NaN };
}

export function stageEvent(at: number, stageMedianDays: number, early: boolean): DealEvent {
  return { at, kind: EVENT_STAGE, weight: 0, championTouch: false, competitorMention: false, stageMedianDays, early, closeDate: Number.NaN };
}

export function closeDateEvent(at: number, closeDate: number): DealEvent {
  return { at, kind: EVENT_CLOSE_DATE, weight: 0, championTouch: false, competitorMention: false, stageMedianDays: Number.NaN, early: false, closeDate };
}
