import type { LeadInput } from '../engine';
import type { LeadRow } from '../db/queries/scoring-inputs';

export function mapLead(row: LeadRow): LeadInput {
  return { id: row.id, accountId: row.account_id, mqlAt: row.mql_ms === null ? null : new Date(row.mql_ms) };
}
