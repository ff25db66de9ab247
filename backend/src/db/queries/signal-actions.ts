import { sql } from 'drizzle-orm';
import type { TenantTx } from '../database';

/**
 * The tenant of the current transaction (set by withOrg), for the audit entry of a single signal transition:
 * the signal store writes org_id through pillar_current_org() in SQL, the audit log takes it as a value.
 */
export async function currentOrgId(tx: Pick<TenantTx, 'execute'>): Promise<string> {
  const { rows } = await tx.execute<{ org_id: string | null }>(sql`select pillar_current_org() as org_id`);
  const orgId = rows[0]?.org_id;
  if (!orgId) throw new Error('No tenant is set for this transaction (run it inside withOrg)');
  return orgId;
}
