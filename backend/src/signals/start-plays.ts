import { insertPlays, loadOpenPlayRefs, loadPlayOwners, loadPlayTemplates, ownerKey, seedPlayTemplates, type PlayExecutor, type StoredPlay } from '../db/queries/play-store';
import type { StoredSignal } from '../db/queries/signal-store';
import { planPlays, type PlayTrigger } from '../engine/plays/plan-play';

/**
 * Starts the plays that newly ACTIVE signals trigger, in the caller's transaction. A tenant without any
 * template gets the defaults first (idempotent), so plays work from the first cycle.
 */
export async function startPlaysForSignals(tx: PlayExecutor, signals: readonly StoredSignal[], now: Date): Promise<StoredPlay[]> {
  const withRecord = signals.filter((s) => s.accountId !== null || s.opportunityId !== null);
  if (withRecord.length === 0) return [];
  let templates = await loadPlayTemplates(tx);
  if (templates.length === 0) {
    await seedPlayTemplates(tx, now);
    templates = await loadPlayTemplates(tx);
  }
  const candidates = withRecord.filter((s) => templates.some((t) => t.enabled && t.triggerSignalTypes.includes(s.type)));
  if (candidates.length === 0) return [];
  const owners = await loadPlayOwners(tx, candidates.map((s) => ({ accountId: s.accountId, opportunityId: s.opportunityId })));
  const triggers: PlayTrigger[] = candidates.map((s) => ({
    signalId: s.id,
    signalType: s.type,
    accountId: s.accountId,
    opportunityId: s.opportunityId,
    owners: owners.get(ownerKey(s)) ?? { recordOwnerId: s.ownerId, accountOwnerId: null, managerId: null },
  }));
  const planned = planPlays({ triggers, templates, openPlays: await loadOpenPlayRefs(tx), now });
  return insertPlays(tx, planned, now);
}
