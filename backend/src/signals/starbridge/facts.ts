import type { TenantTx } from '../../db/database';
import { loadStarbridgeEvents } from '../../db/queries/webhooks';
import { starbridgeEventSchema, type StarbridgeEvent } from '../../engine/signals/starbridge-event';
import { starbridgeFactsByAccount, type StarbridgeAccountFacts } from '../../engine/signals/starbridge-facts';

const LOOKBACK_DAYS = 400;

/**
 * Per-account intent facts from the tenant's stored STARBRIDGE events, for the feature loader: merge
 * `starbridgeEnrichment(facts)` into each account's enrichment input so the INT and RSK rules (RFP, grants,
 * board mentions, budget trend) see them. Call inside withOrg.
 */
export async function loadStarbridgeFacts(tx: TenantTx, now: Date): Promise<Map<string, StarbridgeAccountFacts>> {
  const rows = await loadStarbridgeEvents(tx, new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000));
  const events: StarbridgeEvent[] = [];
  for (const row of rows) {
    const parsed = starbridgeEventSchema.safeParse(row.payload);
    if (parsed.success) events.push({ ...parsed.data, accountId: row.accountId, accountOwnerId: row.accountOwnerId });
  }
  return starbridgeFactsByAccount(events, now);
}
