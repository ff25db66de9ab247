import { aliasedTable, and, asc, desc, eq, gte, inArray, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { SignalFamily, SignalSeverity, SignalState } from '@pillar/shared';
import type { ListingScope, RecordTeam } from '../../auth/rbac';
import type { TenantTx } from '../database';
import { accounts, accountScores, opportunities, opportunityScores, plays, playTasks, scoreHistory, signals, users } from '../schema';

/** A CRM record as the cards name it. */
export interface CrmRecordRow {
  id: string;
  source: 'salesforce' | 'hubspot' | 'csv' | 'pillar';
  externalId: string;
  name: string;
  ownerId: string | null;
}

export interface OpportunityRecordRow extends CrmRecordRow {
  accountId: string | null;
  stage: string;
  amount: number | null;
  closeDate: string | null;
  isClosed: boolean;
}

// The lookups every card request makes are named prepared statements: Postgres parses and plans them once
// per connection instead of on every request.

/** The live account with one of these CRM ids (a Salesforce id may be stored in its 15- or 18-character form). */
export async function findAccountByCrmId(tx: TenantTx, source: CrmRecordRow['source'], externalIds: readonly string[]): Promise<CrmRecordRow | null> {
  const [row] = await tx
    .select({ id: accounts.id, source: accounts.source, externalId: accounts.externalId, name: accounts.name, ownerId: accounts.ownerId })
    .from(accounts)
    .where(and(eq(accounts.source, sql.placeholder('source')), sql`${accounts.externalId} = any(${sql.placeholder('ids')})`, isNull(accounts.deletedAt)))
    .limit(1)
    .prepare('pillar_account_by_crm_id')
    .execute({ source, ids: [...externalIds] });
  return row ?? null;
}

export async function findOpportunityByCrmId(
  tx: TenantTx,
  source: CrmRecordRow['source'],
  externalIds: readonly string[],
): Promise<OpportunityRecordRow | null> {
  const [row] = await tx
    .select({
      id: opportunities.id,
      source: opportunities.source,
      externalId: opportunities.externalId,
      name: opportunities.name,
      ownerId: opportunities.ownerId,
      accountId: opportunities.accountId,
      stage: opportunities.stage,
      amount: opportunities.amount,
      closeDate: opportunities.closeDate,
      isClosed: opportunities.isClosed,
    })
    .from(opportunities)
    .where(and(eq(opportunities.source, sql.placeholder('source')), sql`${opportunities.externalId} = any(${sql.placeholder('ids')})`, isNull(opportunities.deletedAt)))
    .limit(1)
    .prepare('pillar_opportunity_by_crm_id')
    .execute({ source, ids: [...externalIds] });
  return row ?? null;
}

/**
 * The team of a record (see auth/rbac.ts): the owner of the account, the owners of the account's live
 * opportunities, the owner of the opportunity itself, plus `extraOwnerIds` (a play's or signal's owner);
 * each with their manager.
 */
export async function loadRecordTeam(
  tx: TenantTx,
  target: { accountId: string | null; opportunityId: string | null; extraOwnerIds?: readonly (string | null)[] },
): Promise<RecordTeam> {
  const extra = (target.extraOwnerIds ?? []).filter((id): id is string => id !== null);
  // Scalar subqueries (not IN over a CTE) so every branch is an index lookup.
  const result = await tx.execute<{ id: string; manager_id: string | null }>(sql`
    select u.id, u.manager_id from users u
    where u.id in (
      select owner_id from accounts where id = ${target.accountId}::uuid
      union all select owner_id from opportunities where account_id = ${target.accountId}::uuid and deleted_at is null
      union all select owner_id from opportunities where id = ${target.opportunityId}::uuid
      union all select owner_id from accounts where id = (select account_id from opportunities where id = ${target.opportunityId}::uuid)
      union all select owner_id from opportunities
        where account_id = (select account_id from opportunities where id = ${target.opportunityId}::uuid) and deleted_at is null
      union all select unnest(${sql.param(extra)}::uuid[])
    )`);
  return { memberIds: result.rows.map((r) => r.id), memberManagerIds: result.rows.map((r) => r.manager_id) };
}

// ---- scores ----

export async function loadAccountScoreRow(tx: TenantTx, accountId: string) {
  const [row] = await tx.select().from(accountScores).where(eq(accountScores.accountId, sql.placeholder('id'))).limit(1).prepare('pillar_account_score').execute({ id: accountId });
  return row ?? null;
}

export async function loadScoreHistory(tx: TenantTx, accountId: string, sinceDay: string): Promise<{ day: string; healthScore: number }[]> {
  return tx
    .select({ day: scoreHistory.day, healthScore: scoreHistory.healthScore })
    .from(scoreHistory)
    .where(and(eq(scoreHistory.accountId, sql.placeholder('id')), gte(scoreHistory.day, sql.placeholder('since'))))
    .orderBy(asc(scoreHistory.day))
    .prepare('pillar_score_history')
    .execute({ id: accountId, since: sinceDay });
}

export async function loadOpportunityScoreRow(tx: TenantTx, opportunityId: string) {
  const [row] = await tx
    .select()
    .from(opportunityScores)
    .where(eq(opportunityScores.opportunityId, sql.placeholder('id')))
    .limit(1)
    .prepare('pillar_opportunity_score')
    .execute({ id: opportunityId });
  return row ?? null;
}

// ---- signals ----

const signalAccount = aliasedTable(accounts, 'signal_account');
const signalOpportunity = aliasedTable(opportunities, 'signal_opportunity');

export const signalColumns = {
  id: signals.id,
  type: signals.type,
  family: signals.family,
  severity: signals.severity,
  state: signals.state,
  title: signals.title,
  ruleId: signals.ruleId,
  threshold: signals.threshold,
  evidence: signals.evidence,
  recommendedAction: signals.recommendedAction,
  confidence: signals.confidence,
  accountId: signals.accountId,
  opportunityId: signals.opportunityId,
  ownerId: signals.ownerId,
  createdAt: signals.createdAt,
  updatedAt: signals.updatedAt,
  expiresAt: signals.expiresAt,
  accountRef: { externalId: signalAccount.externalId, name: signalAccount.name, source: signalAccount.source },
  opportunityRef: { externalId: signalOpportunity.externalId, name: signalOpportunity.name, source: signalOpportunity.source },
};

export type SignalRow = Awaited<ReturnType<typeof selectSignals>>[number];


function selectSignals(tx: TenantTx, where: SQL | undefined) {
  return tx
    .select(signalColumns)
    .from(signals)
    .leftJoin(signalAccount, eq(signalAccount.id, signals.accountId))
    .leftJoin(signalOpportunity, eq(signalOpportunity.id, signals.opportunityId))
    .where(where);
}

export interface SignalFilter {
  accountId?: string;
  opportunityId?: string;
  states: readonly SignalState[];
  families?: readonly SignalFamily[];
  severities?: readonly SignalSeverity[];
  scope: ListingScope;
  limit: number;
}

const SEVERITY_ORDER = sql`case ${signals.severity} when 'CRITICAL' then 0 when 'WARNING' then 1 else 2 end`;

/** Signals matching the filter, most severe and newest first, with the number matching before the limit. */
export async function listSignals(tx: TenantTx, filter: SignalFilter): Promise<{ rows: SignalRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [inArray(signals.state, [...filter.states])];
  if (filter.families?.length) conditions.push(inArray(signals.family, [...filter.families]));
  if (filter.severities?.length) conditions.push(inArray(signals.severity, [...filter.severities]));
  if (filter.accountId) {
    // The account's own signals and those of its deals; a union of two index lookups.
    conditions.push(sql`${signals.id} in (
      select id from ${signals} where account_id = ${filter.accountId}
      union select s.id from ${signals} s join ${opportunities} o on o.id = s.opportunity_id where o.account_id = ${filter.accountId})`);
  }
  if (filter.opportunityId) conditions.push(eq(signals.opportunityId, filter.opportunityId));
  if (filter.scope.kind === 'team') conditions.push(signalInTeamOf(filter.scope));
  const rows = await tx
    .select({ ...signalColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(signals)
    .leftJoin(signalAccount, eq(signalAccount.id, signals.accountId))
    .leftJoin(signalOpportunity, eq(signalOpportunity.id, signals.opportunityId))
    .where(and(...conditions))
    .orderBy(SEVERITY_ORDER, desc(signals.createdAt), asc(signals.id))
    .limit(filter.limit);
  // The window count is taken before LIMIT: the number of matching signals, in the same query.
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

/**
 * SQL form of rbac's team rule for a listing: the signal is owned by a member (the user, or for managers also
 * their direct reports), or its account or deal has a member on its team (account owner, owner of one of the
 * account's live deals, deal owner). Written as IN over small sets so the planner uses the owner indexes.
 */
function signalInTeamOf(scope: Extract<ListingScope, { kind: 'team' }>): SQL {
  const me = scope.userId;
  const members = scope.includeReports ? sql`(select id from ${users} where id = ${me} or manager_id = ${me})` : sql`(select ${me}::uuid)`;
  const teamAccounts = sql`(
    select id from ${accounts} where owner_id in ${members}
    union select account_id from ${opportunities} where owner_id in ${members} and deleted_at is null and account_id is not null)`;
  return sql`(
    ${signals.ownerId} in ${members}
    or ${signals.accountId} in ${teamAccounts}
    or ${signals.opportunityId} in (select id from ${opportunities} where owner_id in ${members} or account_id in ${teamAccounts}))`;
}

export async function findSignal(tx: TenantTx, signalId: string, options: { lock: boolean }): Promise<SignalRow | null> {
  const query = selectSignals(tx, eq(signals.id, signalId)).limit(1);
  const [row] = options.lock ? await query.for('update', { of: signals }) : await query;
  return row ?? null;
}

// ---- plays ----

export interface PlayRow {
  id: string;
  name: string;
  templateKey: string;
  state: 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'COMPLETED' | 'ABANDONED';
  slaDueAt: Date;
  outcome: string | null;
  completedAt: Date | null;
  accountId: string | null;
  opportunityId: string | null;
  ownerId: string | null;
  signal: { id: string; title: string; severity: 'CRITICAL' | 'WARNING' | 'INFO' } | null;
}

export interface PlayTaskRow {
  id: string;
  playId: string;
  orderNum: number;
  title: string;
  description: string | null;
  dueAt: Date;
  doneAt: Date | null;
  doneByName: string | null;
}

const playColumns = {
  id: plays.id,
  name: plays.name,
  templateKey: plays.templateKey,
  state: plays.state,
  slaDueAt: plays.slaDueAt,
  outcome: plays.outcome,
  completedAt: plays.completedAt,
  accountId: plays.accountId,
  opportunityId: plays.opportunityId,
  ownerId: plays.ownerId,
  signalId: signals.id,
  signalTitle: signals.title,
  signalSeverity: signals.severity,
};

function toPlayRow(row: { signalId: string | null; signalTitle: string | null; signalSeverity: 'CRITICAL' | 'WARNING' | 'INFO' | null } & Omit<PlayRow, 'signal'>): PlayRow {
  const { signalId, signalTitle, signalSeverity, ...play } = row;
  return { ...play, signal: signalId && signalTitle && signalSeverity ? { id: signalId, title: signalTitle, severity: signalSeverity } : null };
}

/** The plays a checklist shows for a record: everything but drafts and abandoned plays, open ones first by SLA. */
export async function listPlays(tx: TenantTx, target: { accountId: string } | { opportunityId: string }, limit = 25): Promise<PlayRow[]> {
  const forRecord =
    'accountId' in target
      ? sql`${plays.id} in (
          select id from ${plays} where account_id = ${target.accountId}
          union select p.id from ${plays} p join ${opportunities} o on o.id = p.opportunity_id where o.account_id = ${target.accountId})`
      : eq(plays.opportunityId, target.opportunityId);
  const rows = await tx
    .select(playColumns)
    .from(plays)
    .leftJoin(signals, eq(signals.id, plays.signalId))
    .where(and(forRecord, notInArray(plays.state, ['DRAFT', 'ABANDONED'])))
    .orderBy(sql`case when ${plays.state} = 'COMPLETED' then 1 else 0 end`, asc(plays.slaDueAt), desc(plays.completedAt), asc(plays.id))
    .limit(limit);
  return rows.map(toPlayRow);
}

export async function findPlay(tx: TenantTx, playId: string, options: { lock: boolean }): Promise<PlayRow | null> {
  const query = tx.select(playColumns).from(plays).leftJoin(signals, eq(signals.id, plays.signalId)).where(eq(plays.id, playId)).limit(1);
  const [row] = options.lock ? await query.for('update', { of: plays }) : await query;
  return row ? toPlayRow(row) : null;
}

export async function listPlayTasks(tx: TenantTx, playIds: readonly string[]): Promise<PlayTaskRow[]> {
  if (!playIds.length) return [];
  return tx
    .select({
      id: playTasks.id,
      playId: playTasks.playId,
      orderNum: playTasks.orderNum,
      title: playTasks.title,
      description: playTasks.description,
      dueAt: playTasks.dueAt,
      doneAt: playTasks.doneAt,
      doneByName: users.name,
    })
    .from(playTasks)
    .leftJoin(users, eq(users.id, playTasks.doneBy))
    .where(inArray(playTasks.playId, [...playIds]))
    .orderBy(asc(playTasks.playId), asc(playTasks.orderNum));
}
