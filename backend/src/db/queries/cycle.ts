import { inArray, sql } from 'drizzle-orm';
import type { TenantTx } from '../database';
import { accountScores } from '../schema';

/**
 * Accounts whose mirror data changed since `since`: the account itself, its contacts, deals, deal contact
 * roles, renewals or activities. The 5-minute cycle rescores only these; the nightly pass rescores all.
 */
export async function accountsTouchedSince(tx: TenantTx, since: Date): Promise<string[]> {
  const result = await tx.execute<{ id: string }>(sql`
    select id from accounts where updated_at > ${since}
    union select account_id from contacts where updated_at > ${since} and account_id is not null
    union select account_id from opportunities where updated_at > ${since} and account_id is not null
    union select o.account_id from opportunity_contacts oc join opportunities o on o.id = oc.opportunity_id
      where oc.updated_at > ${since} and o.account_id is not null
    union select account_id from renewals where updated_at > ${since}
    union select account_id from activities where updated_at > ${since} and account_id is not null`);
  return result.rows.map((r) => r.id);
}

/** When the tenant was last scored (newest account score), or null before its first scoring. */
export async function lastScoredAt(tx: TenantTx): Promise<Date | null> {
  const result = await tx.execute<{ at: Date | null }>(sql`select max(scored_at) as at from account_scores`);
  const at = result.rows[0]?.at;
  return at ? new Date(at) : null;
}

/** Current health and renewal-risk bands, to tell which moved in a scoring pass. */
export async function currentBands(tx: TenantTx, accountIds?: readonly string[]): Promise<Map<string, { health: string; renewal: string | null }>> {
  const rows = await tx
    .select({ accountId: accountScores.accountId, band: accountScores.band, renewalBand: accountScores.renewalBand })
    .from(accountScores)
    .where(accountIds ? inArray(accountScores.accountId, [...accountIds]) : undefined);
  return new Map(rows.map((r) => [r.accountId, { health: r.band, renewal: r.renewalBand }]));
}
