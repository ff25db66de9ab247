import type { ActivityDirection, ActivityInput, ActivityType } from '../engine';
import type { ActivityRow } from '../db/queries/scoring-inputs';

/** Activity row → engine ActivityInput; a type or direction outside the vocabulary drops the row / the direction. */

const TYPES: ReadonlySet<string> = new Set<ActivityType>(['email', 'meeting', 'call', 'note', 'task']);
const DIRECTIONS: ReadonlySet<string> = new Set<ActivityDirection>(['inbound', 'outbound', 'internal']);

export function mapActivity(row: ActivityRow, accountId: string): ActivityInput | null {
  if (!TYPES.has(row.type) || !Number.isFinite(row.occurred_ms)) return null;
  return {
    id: row.id,
    accountId,
    opportunityId: row.opportunity_id,
    contactId: row.contact_id,
    type: row.type as ActivityType,
    direction: DIRECTIONS.has(row.direction) ? (row.direction as ActivityDirection) : null,
    occurredAt: new Date(row.occurred_ms),
    subject: row.subject,
  };
}
