import type { HealthPointInput } from '../engine';
import type { HealthPointRow } from '../db/queries/scoring-inputs';
import { dayToDate } from './dates';

/** A score_history day becomes a point at 00:00 UTC of that day. */
export function mapHealthPoint(row: HealthPointRow): HealthPointInput | null {
  const at = dayToDate(row.day);
  return at === null ? null : { at, score: row.health_score };
}
