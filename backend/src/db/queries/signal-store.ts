import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { SignalFamily, SignalSeverity, SignalState } from '@pillar/shared';
import type { ClosedSignal } from '../../engine/signals/lifecycle';
import type { OpenSignal } from '../../engine/signals/plan-cycle';
import type { WorkflowSignalInput } from '../../engine/signals/types';
import type { TenantTx } from '../database';

/**
 * The SQL of the system side of signals: bulk writes of a cycle's plan, expiry, the planner's view of what is
 * open or recently closed, workflow inputs and reports. Every function runs inside withOrg: rows get their
 * org_id from pillar_current_org() and row-level security confines reads. Batches travel as one jsonb
 * parameter unpacked by jsonb_to_recordset (one statement, one round trip). Times come from the caller's
 * clock, never from the database's now(), so cycles replay deterministically.
 */

export type SignalExecutor = Pick<TenantTx, 'execute'>;

const OPEN = sql.raw(`('PENDING','ACTIVE','ACKNOWLEDGED','IN_PROGRESS')`);

/** A stored signal as the orchestrator, webhooks and notifications read it. */
export interface StoredSignal {
  id: string;
  type: string;
  family: SignalFamily;
  severity: SignalSeverity;
  state: SignalState;
  title: string;
  ruleId: string;
  threshold: Record<string, unknown>;
  evidence: Record<string, unknown>;
  recommendedAction: string | null;
  confidence: number;
  dedupeKey: string;
  accountId: string | null;
  opportunityId: string | null;
  ownerId: string | null;
  expiresAt: Date | null;
  suppressedUntil: Date | null;
  suppressReason: string | null;
  cooldownUntil: Date | null;
  resolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMN_LIST: [string, string][] = [
  ['id', 'id'], ['type', 'type'], ['family', 'family'], ['severity', 'severity'], ['state', 'state'], ['title', 'title'],
  ['rule_id', 'ruleId'], ['threshold', 'threshold'], ['evidence', 'evidence'], ['recommended_action', 'recommendedAction'],
  ['confidence', 'confidence'], ['dedupe_key', 'dedupeKey'], ['account_id', 'accountId'], ['opportunity_id', 'opportunityId'],
  ['owner_id', 'ownerId'], ['expires_at', 'expiresAt'], ['suppressed_until', 'suppressedUntil'], ['suppress_reason', 'suppressReason'],
  ['cooldown_until', 'cooldownUntil'], ['resolved_at', 'resolvedAt'], ['created_at', 'createdAt'], ['updated_at', 'updatedAt'],
];

/** The StoredSignal select list, optionally qualified by a table alias. */
function signalColumns(alias?: string) {
  return sql.raw(COLUMN_LIST.map(([column, key]) => `${alias ? `${alias}.` : ''}${column} as "${key}"`).join(', '));
}
const SIGNAL_COLUMNS = signalColumns();

type Row = Record<string, unknown>;

const TIME_KEY = /(At|Until|Since)$|^at$/;

/**
 * drizzle hands raw-SQL timestamps back as text; turns the time columns of a row (by the naming convention of
 * these queries: …At, …Until, …Since, at) into Dates. Shared by the signal, play, webhook and notification SQL.
 */
export function reviveTimes<T>(row: Row): T {
  for (const [key, value] of Object.entries(row)) if (typeof value === 'string' && TIME_KEY.test(key)) row[key] = new Date(value);
  return row as T;
}

let lastIdMs = 0;
let idCounter = 0;

/**
 * A UUIDv7 that increases within this process even inside one millisecond (12-bit counter): the tie-breaker
 * for rows written in the same microsecond or the same clock instant (deliveries, transitions).
 */
export function orderedUuid(): string {
  let ms = Date.now();
  if (ms <= lastIdMs) {
    ms = lastIdMs;
    idCounter++;
    if (idCounter > 0xfff) {
      ms = lastIdMs + 1;
      idCounter = 0;
    }
  } else idCounter = 0;
  lastIdMs = ms;
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (idCounter >> 8);
  b[7] = idCounter & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const rows = async <T>(tx: SignalExecutor, query: ReturnType<typeof sql>): Promise<T[]> => (await tx.execute<Row>(query)).rows.map((r) => reviveTimes<T>(r));
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** pg advisory lock namespace of the signal writers (migrate.ts uses 74_225_001). */
const SIGNAL_LOCK_NAMESPACE = 74_225_002;

/**
 * Serialises the tenant's signal writers (cycles, STARBRIDGE intake) for the rest of the transaction. Two
 * cycles planning from the same snapshot would otherwise update the same signals in different orders and
 * deadlock; person-driven single transitions only lock their own row and need no such lock.
 */
export async function lockTenantSignals(tx: SignalExecutor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SIGNAL_LOCK_NAMESPACE}, hashtext(pillar_current_org()::text))`);
}

/**
 * What the planner needs: open signals, and closed ones still holding their key back (suppressed until a
 * future date, or resolved within the cooldown; a resolve that set no cooldown of its own gets the tenant's
 * `cooldownHours` from its resolved_at). Limited to `keys` when given.
 */
export async function loadPlanningState(
  tx: SignalExecutor,
  args: { now: Date; cooldownHours: number; keys?: readonly string[] },
): Promise<{ open: OpenSignal[]; closed: ClosedSignal[] }> {
  const keys = args.keys ? sql`and dedupe_key in (select jsonb_array_elements_text(${json(args.keys)}))` : sql``;
  const open = await rows<OpenSignal>(
    tx,
    sql`select id, dedupe_key as "dedupeKey", state, type, severity, created_at as "createdAt" from signals where state in ${OPEN} ${keys}`,
  );
  const closed = await rows<ClosedSignal>(
    tx,
    sql`select dedupe_key as "dedupeKey", state, severity,
          coalesce(cooldown_until, resolved_at + make_interval(secs => ${args.cooldownHours * 3600})) as "cooldownUntil",
          suppressed_until as "suppressedUntil"
        from signals
        where ((state = 'SUPPRESSED' and suppressed_until > ${args.now})
           or (state = 'RESOLVED' and coalesce(cooldown_until, resolved_at + make_interval(secs => ${args.cooldownHours * 3600})) > ${args.now}))
        ${keys}`,
  );
  return { open, closed };
}

export interface NewSignalRow {
  type: string;
  family: SignalFamily;
  severity: SignalSeverity;
  title: string;
  ruleId: string;
  threshold: Record<string, unknown>;
  evidence: Record<string, unknown>;
  recommendedAction: string;
  confidence: number;
  dedupeKey: string;
  accountId: string | null;
  opportunityId: string | null;
  ownerId: string | null;
  expiresAt: Date;
  state: 'PENDING' | 'ACTIVE';
  now: Date;
}

/**
 * Inserts new signals. The partial unique index (one open signal per org and dedupe key) backs the planner:
 * a key that is already open is skipped (`on conflict do nothing`), never duplicated. Returns what was
 * inserted, by dedupe key.
 */
export async function insertSignals(tx: SignalExecutor, batch: readonly NewSignalRow[]): Promise<StoredSignal[]> {
  if (batch.length === 0) return [];
  return rows<StoredSignal>(
    tx,
    sql`insert into signals (org_id, type, family, severity, state, title, rule_id, threshold, evidence, recommended_action, confidence,
          dedupe_key, account_id, opportunity_id, owner_id, expires_at, created_at, updated_at)
        select pillar_current_org(), r.type, r.family, r.severity, r.state, r.title, r."ruleId", r.threshold, r.evidence, r."recommendedAction",
          r.confidence, r."dedupeKey", r."accountId", r."opportunityId", r."ownerId", r."expiresAt", r.now, r.now
        from jsonb_to_recordset(${json(batch)}) as r(type text, family text, severity text, state text, title text, "ruleId" text, threshold jsonb,
          evidence jsonb, "recommendedAction" text, confidence real, "dedupeKey" text, "accountId" uuid, "opportunityId" uuid, "ownerId" uuid,
          "expiresAt" timestamptz, now timestamptz)
        on conflict (org_id, dedupe_key) where state in ('PENDING','ACTIVE','ACKNOWLEDGED','IN_PROGRESS') do nothing
        returning ${SIGNAL_COLUMNS}`,
  );
}

export interface SignalRefresh {
  id: string;
  type: string;
  severity: SignalSeverity;
  title: string;
  ruleId: string;
  threshold: Record<string, unknown>;
  evidence: Record<string, unknown>;
  recommendedAction: string;
  confidence: number;
  ownerId: string | null;
  expiresAt: Date;
  /** Set to ACTIVE when a PENDING signal is confirmed; null keeps the state. */
  activate: boolean;
}

/** A re-fire: new evidence, severity, title and expiry on the open signal (and PENDING → ACTIVE when confirmed). */
export async function refreshSignals(tx: SignalExecutor, batch: readonly SignalRefresh[], now: Date): Promise<StoredSignal[]> {
  if (batch.length === 0) return [];
  return rows<StoredSignal>(
    tx,
    sql`update signals s set type = r.type, severity = r.severity, title = r.title, rule_id = r."ruleId", threshold = r.threshold,
          evidence = r.evidence, recommended_action = r."recommendedAction", confidence = r.confidence,
          owner_id = coalesce(r."ownerId", s.owner_id), expires_at = r."expiresAt",
          state = case when r.activate and s.state = 'PENDING' then 'ACTIVE' else s.state end, updated_at = ${now}
        from jsonb_to_recordset(${json(batch)}) as r(id uuid, type text, severity text, title text, "ruleId" text, threshold jsonb, evidence jsonb,
          "recommendedAction" text, confidence real, "ownerId" uuid, "expiresAt" timestamptz, activate boolean)
        where s.id = r.id and s.state in ${OPEN}
        returning ${signalColumns('s')}`,
  );
}

export interface SignalStateWrite {
  id: string;
  from: SignalState;
  to: SignalState;
  resolvedAt?: Date | null;
  cooldownUntil?: Date | null;
  suppressedUntil?: Date | null;
  suppressReason?: string | null;
}

/**
 * Writes lifecycle changes decided by the reducer. Guarded by the expected `from` state: a signal someone
 * else moved meanwhile is left alone (and not returned).
 */
export async function writeSignalStates(tx: SignalExecutor, batch: readonly SignalStateWrite[], now: Date): Promise<string[]> {
  if (batch.length === 0) return [];
  const updated = await rows<{ id: string }>(
    tx,
    sql`update signals s set state = r."to",
          resolved_at = case when r."to" = 'RESOLVED' then r."resolvedAt" else s.resolved_at end,
          cooldown_until = case when r."to" = 'RESOLVED' then r."cooldownUntil" else s.cooldown_until end,
          suppressed_until = case when r."to" = 'SUPPRESSED' then r."suppressedUntil" else s.suppressed_until end,
          suppress_reason = case when r."to" = 'SUPPRESSED' then r."suppressReason" else s.suppress_reason end,
          updated_at = ${now}
        from jsonb_to_recordset(${json(batch)}) as r(id uuid, "from" text, "to" text, "resolvedAt" timestamptz, "cooldownUntil" timestamptz,
          "suppressedUntil" timestamptz, "suppressReason" text)
        where s.id = r.id and s.state = r."from"
        returning s.id`,
  );
  return updated.map((r) => r.id);
}

export interface TransitionRow {
  signalId: string;
  from: SignalState | null;
  to: SignalState;
  actorKind: 'user' | 'system';
  actorId: string | null;
  note: string | null;
  evidence: Record<string, unknown> | null;
  at: Date;
}

/** Appends transitions (every state change is stored with actor, note and evidence); ids increase, so (at, id) orders the log. */
export async function insertTransitions(tx: SignalExecutor, batch: readonly TransitionRow[]): Promise<void> {
  if (batch.length === 0) return;
  await tx.execute(
    sql`insert into signal_transitions (id, org_id, signal_id, from_state, to_state, actor_kind, actor_id, note, evidence, at)
        select r.id, pillar_current_org(), r."signalId", r."from", r."to", r."actorKind", r."actorId", r.note, r.evidence, r.at
        from jsonb_to_recordset(${json(batch.map((b) => ({ ...b, id: orderedUuid() })))}) as r(id uuid, "signalId" uuid, "from" text, "to" text, "actorKind" text, "actorId" uuid, note text,
          evidence jsonb, at timestamptz)`,
  );
}

/**
 * Expires every open signal whose expires_at has passed, recording each transition, in one statement.
 * Returns the expired signals with the state they left.
 */
export async function expireDueSignals(tx: SignalExecutor, now: Date): Promise<(StoredSignal & { fromState: SignalState })[]> {
  return rows(
    tx,
    sql`with due as (
          select id, state from signals where state in ${OPEN} and expires_at <= ${now} for update
        ), moved as (
          update signals s set state = 'EXPIRED', updated_at = ${now} from due where s.id = due.id
          returning s.*, due.state as from_state
        ), logged as (
          insert into signal_transitions (org_id, signal_id, from_state, to_state, actor_kind, note, evidence, at)
          select org_id, id, from_state, 'EXPIRED', 'system', 'expired', jsonb_build_object('expiresAt', expires_at), ${now} from moved
        )
        select ${SIGNAL_COLUMNS}, from_state as "fromState" from moved`,
  );
}

/** Signals by id (for payloads and notifications). */
export async function loadSignals(tx: SignalExecutor, ids: readonly string[]): Promise<StoredSignal[]> {
  if (ids.length === 0) return [];
  return rows<StoredSignal>(tx, sql`select ${SIGNAL_COLUMNS} from signals where id in (select (jsonb_array_elements_text(${json(ids)}))::uuid)`);
}

/** One signal, locked for the rest of the transaction. */
export async function lockSignal(tx: SignalExecutor, id: string): Promise<StoredSignal | null> {
  const [row] = await rows<StoredSignal>(tx, sql`select ${SIGNAL_COLUMNS} from signals where id = ${id} for update`);
  return row ?? null;
}

/**
 * Inputs of the WORKFLOW SLA rules: open plays and unacknowledged ACTIVE signals, plus the closed plays and
 * no-longer-ACTIVE signals that still have an open SLA breach signal (so it clears). A signal's activeSince is
 * its move to ACTIVE (from the transition log), else its creation.
 */
export async function loadWorkflowInputs(tx: SignalExecutor): Promise<WorkflowSignalInput> {
  const openPlays = await rows<WorkflowSignalInput['openPlays'][number]>(
    tx,
    sql`select p.id as "playId", p.name, p.account_id as "accountId", p.opportunity_id as "opportunityId", p.owner_id as "ownerId",
          p.sla_due_at as "slaDueAt", case when p.state in ('ACTIVE','PAUSED') then null else coalesce(p.completed_at, p.updated_at) end as "closedAt"
        from plays p
        where p.state in ('ACTIVE','PAUSED')
           or exists (select 1 from signals b where b.dedupe_key = 'play_sla_breach:play:' || p.id::text and b.state in ${OPEN})
        order by p.id`,
  );
  const unacknowledged = await rows<WorkflowSignalInput['unacknowledged'][number]>(
    tx,
    sql`select s.id as "signalId", s.type, s.family, s.severity, s.state, s.account_id as "accountId", s.opportunity_id as "opportunityId",
          s.owner_id as "ownerId",
          coalesce((select max(t.at) from signal_transitions t where t.signal_id = s.id and t.to_state = 'ACTIVE'), s.created_at) as "activeSince"
        from signals s
        where s.state = 'ACTIVE'
           or exists (select 1 from signals b where b.dedupe_key = 'ack_sla_breach:signal:' || s.id::text and b.state in ${OPEN})
        order by s.id`,
  );
  return { openPlays, unacknowledged };
}

export interface SignalSummaryRow {
  family: SignalFamily;
  severity: SignalSeverity;
  state: SignalState;
  count: number;
}

/** Signals by family, severity and state: the tenant's signal picture (CLI, demo, reports). */
export async function summarizeSignals(tx: SignalExecutor): Promise<SignalSummaryRow[]> {
  return rows<SignalSummaryRow>(
    tx,
    sql`select family, severity, state, count(*)::int as count from signals group by family, severity, state order by family, severity, state`,
  );
}

export interface PrecisionRow {
  type: string;
  family: SignalFamily;
  raised: number;
  /** Signals whose record then saw a loss: a closed-lost deal or a churned renewal within the window. */
  followedByLoss: number;
}

/**
 * For each signal type raised in [since, until): how many were followed within `windowDays` by an actual loss
 * on the same record: a deal of the same account/opportunity closed lost, or a renewal of the account churned
 * (renewal date in the window). Deal signals look at their deal, account signals at any deal or renewal of the
 * account.
 */
export async function signalPrecision(tx: SignalExecutor, args: { since: Date; until: Date; windowDays: number }): Promise<PrecisionRow[]> {
  return rows<PrecisionRow>(
    tx,
    sql`select s.type, s.family, count(*)::int as raised,
          count(*) filter (where exists (
            select 1 from opportunities o
            where o.is_closed and not o.is_won and o.closed_at >= s.created_at
              and o.closed_at < s.created_at + make_interval(days => ${Math.round(args.windowDays)})
              and (case when s.opportunity_id is not null then o.id = s.opportunity_id else o.account_id = s.account_id end)
          ) or exists (
            select 1 from renewals r
            where s.account_id is not null and r.account_id = s.account_id and r.disposition = 'CHURNED'
              and r.renewal_date >= s.created_at::date and r.renewal_date < (s.created_at + make_interval(days => ${Math.round(args.windowDays)}))::date
          ))::int as "followedByLoss"
        from signals s
        where s.created_at >= ${args.since} and s.created_at < ${args.until} and (s.account_id is not null or s.opportunity_id is not null)
        group by s.type, s.family
        order by s.family, s.type`,
  );
}

/** Every tenant id, for the scheduler's per-tenant jobs (owner pool; ids only). */
export async function allTenantIds(ownerPool: pg.Pool): Promise<string[]> {
  const { rows: found } = await ownerPool.query<{ id: string }>('select id from organizations order by created_at, id');
  return found.map((r) => r.id);
}
