import type pg from 'pg';

const MIRROR_TABLES = ['users', 'accounts', 'contacts', 'products', 'opportunities', 'opportunity_contacts', 'renewals', 'activities', 'leads', 'stage_history'];

/**
 * Refreshes planner statistics after a bulk load. Freshly loaded tables have none until autovacuum gets
 * to them, and the planner then picks plans hundreds of times slower (a card feed: 35 ms instead of
 * 0.2 ms). Owner-only: the application role may not ANALYZE tables it does not own.
 */
export async function analyzeMirrorTables(ownerPool: pg.Pool): Promise<void> {
  await ownerPool.query(`analyze ${MIRROR_TABLES.join(', ')}`);
}
