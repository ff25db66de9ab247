import { stageKey, type CloseDateChangeInput, type StageHistoryInput } from '../engine';
import type { StageHistoryRow } from '../db/queries/scoring-inputs';
import { dayToDate } from './dates';

/**
 * One deal's stage-history rows (time order) → its stage entries and its close-date changes. A row's
 * close_date records the deal's close date at that change; each time it differs from the last one seen,
 * that is a close-date change (the first close date seen is the starting point, not a change).
 */
export function mapStageHistory(
  opportunityId: string,
  rows: readonly StageHistoryRow[],
  stageOrders: ReadonlyMap<string, number>,
): { stageHistory: StageHistoryInput[]; closeDateChanges: CloseDateChangeInput[] } {
  const stageHistory: StageHistoryInput[] = new Array(rows.length);
  const closeDateChanges: CloseDateChangeInput[] = [];
  let previous: Date | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const enteredAt = new Date(row.changed_ms);
    stageHistory[i] = { opportunityId, stage: row.to_stage, stageOrder: stageOrders.get(stageKey(row.to_stage)) ?? null, enteredAt };
    const closeDate = dayToDate(row.close_date);
    if (closeDate === null) continue;
    if (previous !== null && previous.getTime() !== closeDate.getTime()) {
      closeDateChanges.push({ opportunityId, changedAt: enteredAt, previousCloseDate: previous, newCloseDate: closeDate });
    }
    previous = closeDate;
  }
  return { stageHistory, closeDateChanges };
}
