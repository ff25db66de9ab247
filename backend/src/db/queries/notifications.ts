import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { SignalFamily, SignalSeverity, SignalState } from '@pillar/shared';
import type { TenantTx } from '../database';
import { reviveTimes } from './signal-store';

/**
 * The SQL of notifications: preferences, the notification outbox (queued with the signal, claimed by the
 * dispatcher with a lease, results recorded), the budget count, the context a Slack message needs, and the
 * digest's reads and storage. Inside withOrg; times from the caller's clock.
 */

export type NotificationExecutor = Pick<TenantTx, 'execute'>;
type Row = Record<string, unknown>;
const rows = async <T>(tx: NotificationExecutor, query: ReturnType<typeof sql>): Promise<T[]> => (await tx.execute<Row>(query)).rows.map((r) => reviveTimes<T>(r));
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export interface NotificationPreferences {
  userId: string;
  slackChannel: string | null;
  email: string | null;
  timezone: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
  dailyBudget: number;
  digest: 'daily' | 'weekly' | 'off';
}

export const DEFAULT_DAILY_BUDGET = 10;

const PREF_COLUMNS = sql.raw(`user_id as "userId", slack_channel as "slackChannel", email, timezone, quiet_hours_start as "quietHoursStart",
  quiet_hours_end as "quietHoursEnd", daily_budget as "dailyBudget", digest`);

export async function loadNotificationPreferences(tx: NotificationExecutor, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
  if (userIds.length === 0) return new Map();
  const found = await rows<NotificationPreferences>(
    tx,
    sql`select ${PREF_COLUMNS} from notification_preferences where user_id in (select (jsonb_array_elements_text(${json(userIds)}))::uuid)`,
  );
  return new Map(found.map((p) => [p.userId, p]));
}

export async function upsertNotificationPreferences(tx: NotificationExecutor, prefs: NotificationPreferences, now: Date): Promise<void> {
  await tx.execute(
    sql`insert into notification_preferences (org_id, user_id, slack_channel, email, timezone, quiet_hours_start, quiet_hours_end, daily_budget, digest, created_at, updated_at)
        values (pillar_current_org(), ${prefs.userId}, ${prefs.slackChannel}, ${prefs.email}, ${prefs.timezone}, ${prefs.quietHoursStart}, ${prefs.quietHoursEnd},
          ${prefs.dailyBudget}, ${prefs.digest}, ${now}, ${now})
        on conflict (org_id, user_id) do update set slack_channel = excluded.slack_channel, email = excluded.email, timezone = excluded.timezone,
          quiet_hours_start = excluded.quiet_hours_start, quiet_hours_end = excluded.quiet_hours_end, daily_budget = excluded.daily_budget,
          digest = excluded.digest, updated_at = excluded.updated_at`,
  );
}

export type NotificationStatus = 'pending' | 'deferred' | 'sent' | 'failed' | 'skipped';

export interface NewNotification {
  userId: string | null;
  channel: 'slack' | 'email';
  kind: string;
  signalId: string | null;
  destination: string | null;
  payload: Record<string, unknown>;
  status: NotificationStatus;
  reason: string | null;
}

/** Queues notifications; a kind is sent once per signal (the unique index makes a repeat a no-op). */
export async function enqueueNotifications(tx: NotificationExecutor, batch: readonly NewNotification[], now: Date): Promise<number> {
  if (batch.length === 0) return 0;
  const inserted = await rows<{ id: string }>(
    tx,
    sql`insert into notifications (org_id, user_id, channel, kind, signal_id, destination, payload, status, reason, next_attempt_at, created_at)
        select pillar_current_org(), r."userId", r.channel, r.kind, r."signalId", r.destination, r.payload, r.status, r.reason, ${now}, ${now}
        from jsonb_to_recordset(${json(batch)}) as r("userId" uuid, channel text, kind text, "signalId" uuid, destination text, payload jsonb, status text, reason text)
        on conflict (org_id, kind, signal_id) where signal_id is not null do nothing
        returning id`,
  );
  return inserted.length;
}

export interface ClaimedNotification {
  id: string;
  userId: string | null;
  channel: 'slack' | 'email';
  kind: string;
  signalId: string | null;
  destination: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  preferences: NotificationPreferences | null;
}

/** Claims due notifications (pending or deferred, next attempt reached), counting the attempt and leasing them. */
export async function claimDueNotifications(tx: NotificationExecutor, args: { now: Date; limit: number; leaseUntil: Date }): Promise<ClaimedNotification[]> {
  return rows<ClaimedNotification>(
    tx,
    sql`with due as (
          select id from notifications where status in ('pending','deferred') and next_attempt_at <= ${args.now}
          order by next_attempt_at, created_at limit ${args.limit} for update skip locked
        )
        update notifications n set attempts = n.attempts + 1, next_attempt_at = ${args.leaseUntil}
        from due where n.id = due.id
        returning n.id, n.user_id as "userId", n.channel, n.kind, n.signal_id as "signalId", n.destination, n.payload, n.attempts,
          (select to_jsonb(p) from (select ${PREF_COLUMNS} from notification_preferences where user_id = n.user_id) p) as preferences`,
  );
}

/** Real-time notifications sent to each user since the start of their local day (the budget's count). */
export async function countSentSince(tx: NotificationExecutor, windows: readonly { userId: string; since: Date }[]): Promise<Map<string, number>> {
  if (windows.length === 0) return new Map();
  const found = await rows<{ userId: string; sent: number }>(
    tx,
    sql`select w."userId", (select count(*)::int from notifications n where n.user_id = w."userId" and n.status = 'sent' and n.sent_at >= w.since) as sent
        from jsonb_to_recordset(${json(windows)}) as w("userId" uuid, since timestamptz)`,
  );
  return new Map(found.map((f) => [f.userId, f.sent]));
}

export interface NotificationResult {
  id: string;
  status: NotificationStatus;
  reason: string | null;
  error: string | null;
  externalId: string | null;
  nextAttemptAt: Date | null;
  at: Date;
}

export async function recordNotificationResults(tx: NotificationExecutor, results: readonly NotificationResult[]): Promise<void> {
  if (results.length === 0) return;
  await tx.execute(
    sql`update notifications n set status = r.status, reason = r.reason, last_error = r.error, external_id = coalesce(r."externalId", n.external_id),
          next_attempt_at = coalesce(r."nextAttemptAt", n.next_attempt_at), sent_at = case when r.status = 'sent' then r.at else n.sent_at end
        from jsonb_to_recordset(${json(results)}) as r(id uuid, status text, reason text, error text, "externalId" text, "nextAttemptAt" timestamptz, at timestamptz)
        where n.id = r.id`,
  );
}

export interface NotificationView {
  id: string;
  userId: string | null;
  kind: string;
  signalId: string | null;
  destination: string | null;
  status: NotificationStatus;
  reason: string | null;
  attempts: number;
  lastError: string | null;
  externalId: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
}

export async function listNotifications(tx: NotificationExecutor, filter: { signalId?: string; limit: number }): Promise<NotificationView[]> {
  return rows<NotificationView>(
    tx,
    sql`select id, user_id as "userId", kind, signal_id as "signalId", destination, status, reason, attempts, last_error as "lastError",
          external_id as "externalId", next_attempt_at as "nextAttemptAt", sent_at as "sentAt"
        from notifications where (${filter.signalId ?? null}::uuid is null or signal_id = ${filter.signalId ?? null}::uuid)
        order by created_at, id limit ${filter.limit}`,
  );
}

/** What a Slack message about a signal shows and links to: the records' names and CRM ids, the connection. */
export interface SignalMessageContext {
  signalId: string;
  accountName: string | null;
  accountSource: string | null;
  accountExternalId: string | null;
  opportunityName: string | null;
  opportunitySource: string | null;
  opportunityExternalId: string | null;
  ownerName: string | null;
  salesforceInstanceUrl: string | null;
  hubspotPortalId: string | null;
}

export async function loadSignalMessageContext(tx: NotificationExecutor, signalIds: readonly string[]): Promise<Map<string, SignalMessageContext>> {
  if (signalIds.length === 0) return new Map();
  const found = await rows<SignalMessageContext>(
    tx,
    sql`select s.id as "signalId", a.name as "accountName", a.source as "accountSource", a.external_id as "accountExternalId",
          o.name as "opportunityName", o.source as "opportunitySource", o.external_id as "opportunityExternalId", u.name as "ownerName",
          (select instance_url from crm_connections where provider = 'salesforce' and status <> 'disconnected' limit 1) as "salesforceInstanceUrl",
          (select external_org_id from crm_connections where provider = 'hubspot' and status <> 'disconnected' limit 1) as "hubspotPortalId"
        from signals s
        left join opportunities o on o.id = s.opportunity_id
        left join accounts a on a.id = coalesce(s.account_id, o.account_id)
        left join users u on u.id = s.owner_id
        where s.id in (select (jsonb_array_elements_text(${json(signalIds)}))::uuid)`,
  );
  return new Map(found.map((f) => [f.signalId, f]));
}

// ---- digest -------------------------------------------------------------------------------------------

export interface DigestRecipient {
  userId: string;
  name: string;
  email: string | null;
  timezone: string;
  digest: 'daily' | 'weekly' | 'off';
}

/** Active users with their digest settings (a user without preferences gets the daily digest, UTC). */
export async function listDigestRecipients(tx: NotificationExecutor): Promise<DigestRecipient[]> {
  return rows<DigestRecipient>(
    tx,
    sql`select u.id as "userId", u.name, coalesce(p.email, u.email) as email, coalesce(p.timezone, 'UTC') as timezone, coalesce(p.digest, 'daily') as digest
        from users u left join notification_preferences p on p.user_id = u.id
        where u.active = 'active' order by u.name, u.id`,
  );
}

export interface DigestActivity {
  changes: { signalId: string; title: string; severity: SignalSeverity; family: SignalFamily; fromState: SignalState | null; toState: SignalState; at: Date; recordName: string | null }[];
  attention: { signalId: string; title: string; severity: SignalSeverity; family: SignalFamily; state: SignalState; recommendedAction: string | null; recordName: string | null; createdAt: Date }[];
  tasks: { taskId: string; title: string; playName: string; dueAt: Date; recordName: string | null }[];
  playsStarted: number;
  playsCompleted: number;
}

/**
 * A user's digest material: signal changes on their records since `since`, their open critical and warning
 * signals, their open tasks due by `dueBy` (overdue included) and their plays started and completed.
 */
export async function loadDigestActivity(tx: NotificationExecutor, args: { userId: string; since: Date; until: Date; dueBy: Date }): Promise<DigestActivity> {
  const recordName = sql.raw(`coalesce(o.name, a.name)`);
  const changes = await rows<DigestActivity['changes'][number]>(
    tx,
    sql`select s.id as "signalId", s.title, s.severity, s.family, t.from_state as "fromState", t.to_state as "toState", t.at, ${recordName} as "recordName"
        from signal_transitions t join signals s on s.id = t.signal_id
        left join opportunities o on o.id = s.opportunity_id left join accounts a on a.id = coalesce(s.account_id, o.account_id)
        where s.owner_id = ${args.userId} and t.at >= ${args.since} and t.at < ${args.until}
        order by t.at, t.id limit 200`,
  );
  const attention = await rows<DigestActivity['attention'][number]>(
    tx,
    sql`select s.id as "signalId", s.title, s.severity, s.family, s.state, s.recommended_action as "recommendedAction", ${recordName} as "recordName", s.created_at as "createdAt"
        from signals s left join opportunities o on o.id = s.opportunity_id left join accounts a on a.id = coalesce(s.account_id, o.account_id)
        where s.owner_id = ${args.userId} and s.state in ('ACTIVE','ACKNOWLEDGED','IN_PROGRESS') and s.severity in ('CRITICAL','WARNING')
        order by case s.severity when 'CRITICAL' then 0 else 1 end, s.created_at, s.id limit 50`,
  );
  const tasks = await rows<DigestActivity['tasks'][number]>(
    tx,
    sql`select t.id as "taskId", t.title, p.name as "playName", t.due_at as "dueAt", ${recordName} as "recordName"
        from play_tasks t join plays p on p.id = t.play_id
        left join opportunities o on o.id = p.opportunity_id left join accounts a on a.id = coalesce(p.account_id, o.account_id)
        where t.owner_id = ${args.userId} and t.done_at is null and p.state = 'ACTIVE' and t.due_at < ${args.dueBy}
        order by t.due_at, t.id limit 50`,
  );
  const [plays] = await rows<{ started: number; completed: number }>(
    tx,
    sql`select count(*) filter (where started_at >= ${args.since} and started_at < ${args.until})::int as started,
          count(*) filter (where completed_at >= ${args.since} and completed_at < ${args.until})::int as completed
        from plays where owner_id = ${args.userId}`,
  );
  return { changes, attention, tasks, playsStarted: plays?.started ?? 0, playsCompleted: plays?.completed ?? 0 };
}

export interface StoredDigest {
  id: string;
  userId: string;
  period: 'daily' | 'weekly';
  periodStart: string;
  subject: string;
  html: string;
  text: string;
  status: 'rendered' | 'sent' | 'failed';
}

/** Stores a rendered digest once per user and period; returns null when that digest already exists. */
export async function storeDigest(tx: NotificationExecutor, digest: Omit<StoredDigest, 'id' | 'status'>, now: Date): Promise<{ id: string } | null> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`insert into digests (org_id, user_id, period, period_start, subject, html, text, status, created_at)
        values (pillar_current_org(), ${digest.userId}, ${digest.period}, ${digest.periodStart}, ${digest.subject}, ${digest.html}, ${digest.text}, 'rendered', ${now})
        on conflict (org_id, user_id, period, period_start) do nothing
        returning id`,
  );
  return row ?? null;
}

export async function markDigest(tx: NotificationExecutor, id: string, result: { status: 'sent' | 'failed'; error: string | null; at: Date }): Promise<void> {
  await tx.execute(sql`update digests set status = ${result.status}, last_error = ${result.error}, sent_at = case when ${result.status} = 'sent' then ${result.at}::timestamptz else sent_at end where id = ${id}`);
}

export async function loadDigests(tx: NotificationExecutor, filter: { userId?: string; limit: number }): Promise<StoredDigest[]> {
  return rows<StoredDigest>(
    tx,
    sql`select id, user_id as "userId", period, period_start::text as "periodStart", subject, html, text, status from digests
        where (${filter.userId ?? null}::uuid is null or user_id = ${filter.userId ?? null}::uuid) order by period_start desc, id limit ${filter.limit}`,
  );
}

/** Tenants with notifications due (the sweep's cross-tenant read of ids only; owner pool, never requests). */
export async function tenantsWithDueNotifications(ownerPool: pg.Pool, now: Date): Promise<string[]> {
  const { rows: found } = await ownerPool.query<{ org_id: string }>(
    `select distinct org_id from notifications where status in ('pending','deferred') and next_attempt_at <= $1`,
    [now],
  );
  return found.map((r) => r.org_id);
}
