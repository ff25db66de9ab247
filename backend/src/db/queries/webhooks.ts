import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, TenantTx } from '../database';
import { orderedUuid, reviveTimes } from './signal-store';

/**
 * The SQL of webhooks, both ways. Outbound: endpoints (signing secrets sealed at rest), the delivery outbox
 * written in the same transaction as the change that causes it, head-of-line claiming (one in flight per
 * endpoint and record, oldest first) with a lease, results, dead letters and replay. Inbound (STARBRIDGE):
 * the tenant lookup by slug or id, the tenant's secret, event storage and account matching.
 * Tenant functions run inside withOrg; times come from the caller's clock.
 */

export type WebhookExecutor = Pick<TenantTx, 'execute'>;
type Row = Record<string, unknown>;
const rows = async <T>(tx: WebhookExecutor, query: ReturnType<typeof sql>): Promise<T[]> => (await tx.execute<Row>(query)).rows.map((r) => reviveTimes<T>(r));
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

// ---- endpoints ----------------------------------------------------------------------------------------

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const ENDPOINT_COLUMNS = sql.raw(`id, url, events, enabled, created_at as "createdAt", updated_at as "updatedAt"`);

/**
 * Creates an endpoint. The id is chosen here so the caller can bind the sealed secret to it (associated data);
 * `sealSecret` receives the id and returns the ciphertext to store.
 */
export async function createWebhookEndpoint(
  tx: WebhookExecutor,
  args: { url: string; events: readonly string[]; sealSecret: (endpointId: string) => string; now: Date },
): Promise<WebhookEndpoint> {
  const id = randomUUID();
  const [endpoint] = await rows<WebhookEndpoint>(
    tx,
    sql`insert into webhook_endpoints (id, org_id, url, secret, events, enabled, created_at, updated_at)
        values (${id}, pillar_current_org(), ${args.url}, ${args.sealSecret(id)}, array(select jsonb_array_elements_text(${json(args.events)})), true, ${args.now}, ${args.now})
        returning ${ENDPOINT_COLUMNS}`,
  );
  return endpoint!;
}

export async function listWebhookEndpoints(tx: WebhookExecutor): Promise<WebhookEndpoint[]> {
  return rows<WebhookEndpoint>(tx, sql`select ${ENDPOINT_COLUMNS} from webhook_endpoints order by created_at, id`);
}

export async function updateWebhookEndpoint(
  tx: WebhookExecutor,
  id: string,
  patch: { url?: string; events?: readonly string[]; enabled?: boolean; sealedSecret?: string },
  now: Date,
): Promise<WebhookEndpoint | null> {
  const [endpoint] = await rows<WebhookEndpoint>(
    tx,
    sql`update webhook_endpoints set
          url = coalesce(${patch.url ?? null}, url),
          events = case when ${patch.events ? 1 : 0} = 1 then array(select jsonb_array_elements_text(${json(patch.events ?? [])})) else events end,
          enabled = coalesce(${patch.enabled ?? null}::boolean, enabled),
          secret = coalesce(${patch.sealedSecret ?? null}, secret),
          updated_at = ${now}
        where id = ${id}
        returning ${ENDPOINT_COLUMNS}`,
  );
  return endpoint ?? null;
}

export async function deleteWebhookEndpoint(tx: WebhookExecutor, id: string): Promise<boolean> {
  const deleted = await rows<{ id: string }>(tx, sql`delete from webhook_endpoints where id = ${id} returning id`);
  return deleted.length > 0;
}

/** Enabled endpoints subscribed to an event ('*' subscribes to all). */
export async function endpointsForEvent(tx: WebhookExecutor, event: string): Promise<{ id: string }[]> {
  return rows<{ id: string }>(tx, sql`select id from webhook_endpoints where enabled and (${event} = any(events) or '*' = any(events)) order by id`);
}

// ---- deliveries ---------------------------------------------------------------------------------------

export interface NewDelivery {
  endpointId: string;
  eventId: string;
  event: string;
  recordKey: string;
  payload: Record<string, unknown>;
}

/**
 * Adds deliveries to the outbox, due at `now`. Order per record is (created_at, id): created_at is
 * clock_timestamp(), which advances from statement to statement inside a transaction, and the ids increase
 * in batch order, so events keep the order they were queued in even within one statement.
 */
export async function insertDeliveries(tx: WebhookExecutor, batch: readonly NewDelivery[], now: Date): Promise<number> {
  if (batch.length === 0) return 0;
  const inserted = await rows<{ id: string }>(
    tx,
    sql`insert into webhook_deliveries (id, org_id, endpoint_id, event_id, event, record_key, payload, status, attempts, next_attempt_at, created_at)
        select (e.v->>'id')::uuid, pillar_current_org(), (e.v->>'endpointId')::uuid, (e.v->>'eventId')::uuid, e.v->>'event', e.v->>'recordKey', e.v->'payload',
          'pending', 0, ${now}, clock_timestamp()
        from jsonb_array_elements(${json(batch.map((d) => ({ ...d, id: orderedUuid() })))}) with ordinality as e(v, ord)
        order by e.ord
        returning id`,
  );
  return inserted.length;
}

export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  url: string;
  sealedSecret: string;
  eventId: string;
  event: string;
  recordKey: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Claims up to `limit` due deliveries that are at the head of their line: the oldest undelivered, not dead
 * delivery of each (endpoint, record). Claiming counts the attempt and leases the row until `leaseUntil`, so no
 * other worker takes it and the record's later deliveries wait behind it; if the worker dies, the lease runs
 * out and the delivery is retried. Rows locked by another worker are skipped.
 */
export async function claimDueDeliveries(tx: WebhookExecutor, args: { now: Date; limit: number; leaseUntil: Date }): Promise<ClaimedDelivery[]> {
  return rows<ClaimedDelivery>(
    tx,
    sql`with heads as (
          select distinct on (endpoint_id, record_key) id
          from webhook_deliveries
          where status in ('pending','failed')
          order by endpoint_id, record_key, created_at, id
        ), due as (
          select d.id from webhook_deliveries d join heads h on h.id = d.id
          where d.next_attempt_at <= ${args.now}
          order by d.next_attempt_at, d.created_at
          limit ${args.limit}
          for update of d skip locked
        )
        update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${args.leaseUntil}
        from due, webhook_endpoints e
        where d.id = due.id and e.id = d.endpoint_id
        returning d.id, d.endpoint_id as "endpointId", e.url, e.secret as "sealedSecret", d.event_id as "eventId", d.event,
          d.record_key as "recordKey", d.payload, d.attempts`,
  );
}

export interface DeliveryResult {
  id: string;
  status: 'delivered' | 'failed' | 'dead';
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  at: Date;
}

export async function recordDeliveryResults(tx: WebhookExecutor, results: readonly DeliveryResult[]): Promise<void> {
  if (results.length === 0) return;
  await tx.execute(
    sql`update webhook_deliveries d set status = r.status, last_status_code = r."statusCode", last_error = r.error,
          next_attempt_at = coalesce(r."nextAttemptAt", d.next_attempt_at),
          delivered_at = case when r.status = 'delivered' then r.at else d.delivered_at end
        from jsonb_to_recordset(${json(results)}) as r(id uuid, status text, "statusCode" int, error text, "nextAttemptAt" timestamptz, at timestamptz)
        where d.id = r.id`,
  );
}

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  event: string;
  recordKey: string;
  status: 'pending' | 'delivered' | 'failed' | 'dead';
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export async function listDeliveries(
  tx: WebhookExecutor,
  filter: { status?: DeliveryView['status']; endpointId?: string; limit: number },
): Promise<DeliveryView[]> {
  return rows<DeliveryView>(
    tx,
    sql`select id, endpoint_id as "endpointId", event_id as "eventId", event, record_key as "recordKey", status, attempts,
          next_attempt_at as "nextAttemptAt", last_status_code as "lastStatusCode", last_error as "lastError", delivered_at as "deliveredAt",
          created_at as "createdAt"
        from webhook_deliveries
        where (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
          and (${filter.endpointId ?? null}::uuid is null or endpoint_id = ${filter.endpointId ?? null}::uuid)
        order by created_at desc, id
        limit ${filter.limit}`,
  );
}

/**
 * Puts dead (or failed) deliveries back in line for a fresh series of attempts, due now. A replayed delivery
 * keeps its created_at, so it goes out before later deliveries of the same record that are still waiting.
 */
export async function replayDeliveries(
  tx: WebhookExecutor,
  selector: { ids?: readonly string[]; endpointId?: string; statuses: readonly ('dead' | 'failed' | 'delivered')[] },
  now: Date,
): Promise<string[]> {
  const replayed = await rows<{ id: string }>(
    tx,
    sql`update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = ${now}, last_error = null
        where status in (select jsonb_array_elements_text(${json(selector.statuses)}))
          and (${selector.ids ? 1 : 0} = 0 or id in (select (jsonb_array_elements_text(${json(selector.ids ?? [])}))::uuid))
          and (${selector.endpointId ?? null}::uuid is null or endpoint_id = ${selector.endpointId ?? null}::uuid)
        returning id`,
  );
  return replayed.map((r) => r.id);
}

/**
 * Tenants with deliveries due (the sweep's only cross-tenant read: ids of tenants, nothing else). Runs on the
 * owner pool, which row-level security does not filter; used by the job scheduler, never by requests.
 */
export async function tenantsWithDueDeliveries(ownerPool: pg.Pool, now: Date): Promise<string[]> {
  const { rows: found } = await ownerPool.query<{ org_id: string }>(
    `select distinct org_id from webhook_deliveries where status in ('pending','failed') and next_attempt_at <= $1`,
    [now],
  );
  return found.map((r) => r.org_id);
}

// ---- inbound (STARBRIDGE) -----------------------------------------------------------------------------

/** The tenant an inbound webhook URL names (slug or id), through the one SECURITY DEFINER lookup. */
export async function orgIdForWebhookKey(db: Db, key: string): Promise<string | null> {
  const result = await db.execute<{ id: string | null }>(sql`select pillar_org_id_for_slug_or_id(${key}) as id`);
  return result.rows[0]?.id ?? null;
}

export type IntegrationSecretKind = 'starbridge_webhook';

export async function getIntegrationSecret(tx: WebhookExecutor, kind: IntegrationSecretKind): Promise<string | null> {
  const [row] = await rows<{ secret: string }>(tx, sql`select secret from integration_secrets where kind = ${kind}`);
  return row?.secret ?? null;
}

export async function setIntegrationSecret(tx: WebhookExecutor, kind: IntegrationSecretKind, sealed: string, now: Date): Promise<void> {
  await tx.execute(
    sql`insert into integration_secrets (org_id, kind, secret, created_at, updated_at) values (pillar_current_org(), ${kind}, ${sealed}, ${now}, ${now})
        on conflict (org_id, kind) do update set secret = excluded.secret, updated_at = excluded.updated_at`,
  );
}

export interface NewStarbridgeEvent {
  eventId: string;
  type: string;
  accountId: string | null;
  matchedBy: 'domain' | 'name' | 'none';
  accountDomain: string | null;
  accountName: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
  receivedAt: Date;
}

/** Stores an event once per sender id; returns null when it was already received (a redelivery). */
export async function insertStarbridgeEvent(tx: WebhookExecutor, event: NewStarbridgeEvent): Promise<{ id: string } | null> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`insert into starbridge_events (org_id, event_id, type, account_id, matched_by, account_domain, account_name, payload, occurred_at, received_at)
        values (pillar_current_org(), ${event.eventId}, ${event.type}, ${event.accountId}, ${event.matchedBy}, ${event.accountDomain}, ${event.accountName},
          ${json(event.payload)}, ${event.occurredAt}, ${event.receivedAt})
        on conflict (org_id, event_id) do nothing
        returning id`,
  );
  return row ?? null;
}

/** Stored events (bodies plus match) since a time, for the per-account intent facts. */
export async function loadStarbridgeEvents(tx: WebhookExecutor, since: Date): Promise<{ payload: Record<string, unknown>; accountId: string | null; accountOwnerId: string | null }[]> {
  return rows(
    tx,
    sql`select e.payload, e.account_id as "accountId", a.owner_id as "accountOwnerId"
        from starbridge_events e left join accounts a on a.id = e.account_id
        where e.occurred_at >= ${since} order by e.occurred_at, e.id`,
  );
}

/** The SQL twin of normalizeDomain in signals/starbridge/match-account.ts. */
const SQL_DOMAIN = sql.raw(`regexp_replace(regexp_replace(regexp_replace(lower(trim(a.domain)), '^[a-z]+://', ''), '^www\\.', ''), '[/:?#].*$', '')`);
/** The SQL twin of normalizeAccountName: lower case, & → and, punctuation to spaces, legal suffixes dropped. */
const SQL_NAME = sql.raw(
  `trim(regexp_replace(regexp_replace(regexp_replace(lower(a.name), '&', ' and ', 'g'), '[^a-z0-9]+', ' ', 'g'), '( (inc|incorporated|llc|ltd|limited|corp|corporation|co|company|gmbh|plc|ag|sa))+ *$', ''))`,
);

/** Accounts matching a normalised domain (preferred) or a normalised name; not deleted. */
export async function findAccountsForMatch(
  tx: WebhookExecutor,
  keys: { domain: string | null; name: string | null },
): Promise<{ id: string; ownerId: string | null; matchedBy: 'domain' | 'name' }[]> {
  return rows(
    tx,
    sql`select a.id, a.owner_id as "ownerId", case when ${keys.domain}::text is not null and ${SQL_DOMAIN} = ${keys.domain} then 'domain' else 'name' end as "matchedBy"
        from accounts a
        where a.deleted_at is null
          and ((${keys.domain}::text is not null and a.domain is not null and ${SQL_DOMAIN} = ${keys.domain})
            or (${keys.name}::text is not null and ${SQL_NAME} = ${keys.name}))
        order by case when ${keys.domain}::text is not null and ${SQL_DOMAIN} = ${keys.domain} then 0 else 1 end, a.arr desc nulls last, a.id
        limit 5`,
  );
}
