import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = NodePgDatabase<Schema>;
/** The handle inside withOrg: a transaction with the tenant set. */
export type TenantTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The role every application query runs as: no superuser, no BYPASSRLS, so row-level security applies. */
export const APP_ROLE = 'pillar_app';

export interface Database {
  /** Application handle: queries run as pillar_app under row-level security. Use through withOrg. */
  db: Db;
  /** The raw application pool, for hand-written SQL in db/queries (COPY, multi-row upserts). */
  appPool: pg.Pool;
  /** Owner connection: migrations and tenant creation only (the operator's CLI). Never used for requests. */
  ownerPool: pg.Pool;
  close(): Promise<void>;
}

// numeric → number and bigint counts → number: Pillar's amounts fit a double; keep one representation.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function connectDatabase(url: string, options: { poolMax?: number } = {}): Database {
  // The owner pool also carries the job queue (pg-boss), hence a few connections more than migrations need.
  const ownerPool = new pg.Pool({ connectionString: url, max: 6, application_name: 'pillar-owner' });
  // Every application session starts as pillar_app (startup option `role`), before any query can run.
  const appPool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10, application_name: 'pillar-app', options: `-c role=${APP_ROLE}` });
  for (const pool of [ownerPool, appPool]) pool.on('error', () => undefined); // idle-client errors: the next query reconnects
  const db = drizzle(appPool, { schema });
  return {
    db,
    appPool,
    ownerPool,
    async close() {
      await Promise.all([appPool.end(), ownerPool.end()]);
    },
  };
}
