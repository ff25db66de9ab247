import {
  OPEN_SIGNAL_STATES,
  type AccountHealthCard,
  type DealInsightCard,
  type PlayChecklist,
  PLAY_OUTCOMES,
  type SignalFamily,
  type SignalFeed,
  type SignalSeverity,
  type SignalState,
} from '@pillar/shared';
import { listingScope } from '../../auth/rbac';
import type { TenantTx } from '../../db/database';
import {
  findAccountByCrmId,
  findOpportunityByCrmId,
  listPlays,
  listPlayTasks,
  listSignals,
  loadAccountScoreRow,
  loadOpportunityScoreRow,
  loadRecordTeam,
  loadScoreHistory,
  type CrmRecordRow,
  type OpportunityRecordRow,
  type PlayRow,
} from '../../db/queries/cards';
import { storedAccountScoreSchema, storedOpportunityScoreSchema } from '../../db/stored-scores';
import { notFound } from '../errors';
import type { Actor } from '../../auth/actor';
import { authorizeRecord, inTenant, type RequestScope } from '../tenant-work';
import { toAccountHealthCard } from './account-health-card';
import type { CrmLookup } from './crm-lookup';
import { toDealInsightCard } from './deal-insight-card';
import { toPlayCard } from './play-card';
import { toRecordRef, type RecordRef } from './record-ref';
import { toSignalCard } from './signal-card';

/** Days of score history the health card's trend line shows. */
export const TREND_DAYS = 90;
/** Open signals shown on a record card. */
export const CARD_SIGNALS = 20;

/** A stored score that does not parse: a bug in whoever wrote it. Logged in full; the caller sees a plain 500. */
export class StoredScoreInvalid extends Error {
  override name = 'StoredScoreInvalid';
}

async function visibleAccount(tx: TenantTx, actor: Actor, lookup: CrmLookup): Promise<{ account: CrmRecordRow; ref: RecordRef }> {
  const account = await findAccountByCrmId(tx, lookup.source, lookup.externalIds);
  const ref = account && toRecordRef(account);
  if (!account || !ref) throw notFound(`No account ${lookup.crmId}`);
  authorizeRecord(actor, 'read', await loadRecordTeam(tx, { accountId: account.id, opportunityId: null }), { entity: 'account', entityId: account.id });
  return { account, ref };
}

async function visibleOpportunity(tx: TenantTx, actor: Actor, lookup: CrmLookup): Promise<{ opportunity: OpportunityRecordRow; ref: RecordRef }> {
  const opportunity = await findOpportunityByCrmId(tx, lookup.source, lookup.externalIds);
  const ref = opportunity && toRecordRef(opportunity);
  if (!opportunity || !ref) throw notFound(`No opportunity ${lookup.crmId}`);
  const team = await loadRecordTeam(tx, { accountId: opportunity.accountId, opportunityId: opportunity.id });
  authorizeRecord(actor, 'read', team, { entity: 'opportunity', entityId: opportunity.id });
  return { opportunity, ref };
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

export function readAccountHealth(scope: RequestScope, lookup: CrmLookup): Promise<AccountHealthCard> {
  return inTenant(scope, async (tx, actor) => {
    const { account, ref } = await visibleAccount(tx, actor, lookup);
    const row = await loadAccountScoreRow(tx, account.id);
    if (!row) return toAccountHealthCard({ account: ref, score: null, history: [], openSignals: [] });
    const score = storedAccountScoreSchema.safeParse(row);
    if (!score.success) throw new StoredScoreInvalid(`account_scores row of account ${account.id} does not parse: ${JSON.stringify(score.error.issues)}`);
    const history = await loadScoreHistory(tx, account.id, daysBefore(scope.now, TREND_DAYS));
    const signals = await listSignals(tx, { accountId: account.id, states: OPEN_SIGNAL_STATES, scope: { kind: 'all' }, limit: CARD_SIGNALS });
    return toAccountHealthCard({ account: ref, score: score.data, history, openSignals: signals.rows.map(toSignalCard) });
  });
}

export function readDealInsight(scope: RequestScope, lookup: CrmLookup): Promise<DealInsightCard> {
  return inTenant(scope, async (tx, actor) => {
    const { opportunity, ref } = await visibleOpportunity(tx, actor, lookup);
    const row = await loadOpportunityScoreRow(tx, opportunity.id);
    if (!row) return toDealInsightCard({ deal: ref, opportunity, score: null, openSignals: [] });
    const score = storedOpportunityScoreSchema.safeParse(row);
    if (!score.success) throw new StoredScoreInvalid(`opportunity_scores row of opportunity ${opportunity.id} does not parse: ${JSON.stringify(score.error.issues)}`);
    const signals = await listSignals(tx, { opportunityId: opportunity.id, states: OPEN_SIGNAL_STATES, scope: { kind: 'all' }, limit: CARD_SIGNALS });
    return toDealInsightCard({ deal: ref, opportunity, score: score.data, openSignals: signals.rows.map(toSignalCard) });
  });
}

/** Plays with their tasks, as cards. */
export async function playCards(tx: TenantTx, plays: readonly PlayRow[], now: Date) {
  const tasks = await listPlayTasks(
    tx,
    plays.map((p) => p.id),
  );
  return plays.map((play) =>
    toPlayCard(
      play,
      tasks.filter((t) => t.playId === play.id),
      now,
    ),
  );
}

export function readPlayChecklist(scope: RequestScope, kind: 'account' | 'opportunity', lookup: CrmLookup): Promise<PlayChecklist> {
  return inTenant(scope, async (tx, actor) => {
    if (kind === 'account') {
      const { account, ref } = await visibleAccount(tx, actor, lookup);
      return { record: ref, plays: await playCards(tx, await listPlays(tx, { accountId: account.id }), scope.now), outcomes: [...PLAY_OUTCOMES] };
    }
    const { opportunity, ref } = await visibleOpportunity(tx, actor, lookup);
    return { record: ref, plays: await playCards(tx, await listPlays(tx, { opportunityId: opportunity.id }), scope.now), outcomes: [...PLAY_OUTCOMES] };
  });
}

export interface SignalFeedQuery {
  state?: SignalState | SignalState[];
  family?: SignalFamily | SignalFamily[];
  severity?: SignalSeverity | SignalSeverity[];
  limit: number;
}

const list = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** An account's signals (`accountCrmId` given) or the actor's own feed; without a state filter, open signals only. */
export function readSignalFeed(scope: RequestScope, query: SignalFeedQuery, account: CrmLookup | null): Promise<SignalFeed> {
  return inTenant(scope, async (tx, actor) => {
    const target = account ? { accountId: (await visibleAccount(tx, actor, account)).account.id } : {};
    const { rows, total } = await listSignals(tx, {
      ...target,
      states: list(query.state) ?? OPEN_SIGNAL_STATES,
      families: list(query.family),
      severities: list(query.severity),
      scope: account ? { kind: 'all' } : listingScope(actor),
      limit: query.limit,
    });
    return { signals: rows.map(toSignalCard), total };
  });
}
