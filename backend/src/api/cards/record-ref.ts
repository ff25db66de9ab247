import type { z } from 'zod';
import type { recordRefSchema } from '@pillar/shared';

export type RecordRef = z.infer<typeof recordRefSchema>;

/** How a card names a CRM record. Rows Pillar created itself have no CRM record to name. */
export function toRecordRef(row: { source: string; externalId: string; name: string }): RecordRef | null {
  if (row.source !== 'salesforce' && row.source !== 'hubspot' && row.source !== 'csv') return null;
  return { crmId: row.externalId, name: row.name, provider: row.source };
}
