import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, TenantTx } from './database';

const orgIdSchema = z.string().uuid('org id must be a UUID');

/**
 * Runs `fn` in one transaction with the tenant set (`set_config('pillar.org_id', …, true)`, local to the
 * transaction). Row-level security then shows and accepts only that tenant's rows; outside withOrg the
 * application sees nothing and cannot write.
 */
export async function withOrg<T>(db: Db, orgId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const id = orgIdSchema.parse(orgId);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pillar.org_id', ${id}, true)`);
    return fn(tx);
  });
}
