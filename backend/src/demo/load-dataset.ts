import type { Db } from '../db/database';
import { addUpsertResults, emptyUpsertResult, upsertMirrorBatch, type UpsertResult } from '../db/queries/mirror';
import { withOrg } from '../db/tenant';
import type { MirrorBatch, MirrorSource, MirrorTable } from '../crm/mirror/rows';

export interface LoadDatasetOptions {
  db: Db;
  orgId: string;
  batches: AsyncIterable<MirrorBatch> | Iterable<MirrorBatch>;
  /** Which source the rows are stored under; demo data is Pillar's own. */
  source?: MirrorSource;
  /** Called after each batch is stored. */
  onBatch?: (batch: { table: MirrorTable; rows: number }) => void;
}

/**
 * Stores mirror batches (e.g. from generateDataset) into one tenant through the shared upserts, one withOrg
 * transaction per batch so memory and lock time stay bounded. Returns the counts per table.
 */
export async function loadDataset(options: LoadDatasetOptions): Promise<Partial<Record<MirrorTable, UpsertResult>>> {
  const source = options.source ?? 'pillar';
  const totals: Partial<Record<MirrorTable, UpsertResult>> = {};
  for await (const batch of options.batches) {
    const result = await withOrg(options.db, options.orgId, (tx) => upsertMirrorBatch(tx, source, batch, { batchSize: Math.max(1, batch.rows.length) }));
    addUpsertResults((totals[batch.table] ??= emptyUpsertResult()), result);
    options.onBatch?.({ table: batch.table, rows: batch.rows.length });
  }
  return totals;
}
