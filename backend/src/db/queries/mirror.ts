import { sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  mirrorSourceSchema,
  type MirrorAccount,
  type MirrorActivity,
  type MirrorBatch,
  type MirrorContact,
  type MirrorLead,
  type MirrorOpportunity,
  type MirrorOpportunityContact,
  type MirrorProduct,
  type MirrorRenewal,
  type MirrorRowsByTable,
  type MirrorSource,
  type MirrorStageChange,
  type MirrorTable,
  type MirrorUser,
} from '../../crm/mirror/rows';
import { sourceHash } from '../../crm/mirror/source-hash';
import type { TenantTx } from '../database';

/**
 * Bulk upserts of the CRM mirror: the one place its SQL lives. Every connector (CSV, Salesforce, HubSpot,
 * the demo loader) writes mirror rows through these functions.
 *
 * One statement per batch: the batch travels as ONE json parameter, unpacked by json_to_recordset (no
 * 65,535 bind-parameter limit, one parse, one round trip). References arrive as the source's natural keys
 * and are resolved to Pillar ids by joins in the same statement. Rows are upserted by
 * (org_id, source, external_id); a stored row is rewritten only when its source_hash (or a resolved
 * reference) changed, so re-importing the same data writes nothing and reports every row unchanged.
 *
 * Run inside withOrg: the tenant comes from the transaction (pillar_current_org()), and row-level
 * security confines both the writes and the reference lookups to that tenant.
 */

/** What the upserts need from a withOrg transaction. */
export type MirrorExecutor = Pick<TenantTx, 'execute'>;

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A natural-key reference that matched no stored row. */
export interface UnresolvedReference {
  /** The row that carries the reference. */
  externalId: string;
  /** Which reference: 'account', 'owner', 'manager', 'product', 'opportunity', 'contact'. */
  reference: string;
  /** The natural key that was not found. */
  value: string;
  /** true: the row was written with the reference left empty; false: the reference is required, the row was not written. */
  kept: boolean;
}

export interface UpsertResult extends UpsertCounts {
  /** Rows not written because a required reference (e.g. a renewal's account) was not found. */
  rejected: number;
  unresolved: UnresolvedReference[];
}

export const DEFAULT_MIRROR_BATCH_SIZE = 1000;

interface ColumnSpec {
  /** Target column. */
  column: string;
  /** Key of the input row (json_to_recordset column). */
  key: string;
  /** Postgres type of the input value. */
  type: string;
  /** Value expression over the input row `r` when not just r."key" (defaults for NOT NULL columns). */
  value?: string;
}

interface ReferenceSpec {
  column: string;
  key: string;
  table: MirrorTable;
  name: string;
  required: boolean;
}

interface TableSpec {
  table: MirrorTable;
  columns: ColumnSpec[];
  references: ReferenceSpec[];
  /** false: the table has no source_hash column; a change is any difference in the written columns. */
  hashed: boolean;
  /** Which bookkeeping timestamps the table has. */
  timestamps: 'mirror' | 'updated' | 'none';
}

const col = (column: string, key: string, type: string, value?: string): ColumnSpec => (value ? { column, key, type, value } : { column, key, type });
const withDefault = (column: string, key: string, type: string, fallback: string): ColumnSpec => col(column, key, type, `coalesce(r."${key}", ${fallback})`);
const ref = (column: string, key: string, table: MirrorTable, name: string, required = false): ReferenceSpec => ({ column, key, table, name, required });

const SPECS: { [T in MirrorTable]: TableSpec } = {
  users: {
    table: 'users',
    hashed: true,
    timestamps: 'updated',
    columns: [
      col('name', 'name', 'text'),
      col('email', 'email', 'text'),
      withDefault('role', 'role', 'text', `'REP_CSM'`),
      col('team', 'team', 'text'),
      col('region', 'region', 'text'),
      col('active', 'isActive', 'boolean', `CASE WHEN r."isActive" IS FALSE THEN 'inactive' ELSE 'active' END`),
    ],
    references: [ref('manager_id', 'managerExternalId', 'users', 'manager')],
  },
  products: {
    table: 'products',
    hashed: true,
    timestamps: 'mirror',
    columns: [col('name', 'name', 'text'), col('series', 'series', 'text'), col('list_price', 'listPrice', 'numeric(18,2)')],
    references: [],
  },
  accounts: {
    table: 'accounts',
    hashed: true,
    timestamps: 'mirror',
    columns: [
      col('name', 'name', 'text'),
      col('domain', 'domain', 'text'),
      col('industry', 'industry', 'text'),
      col('segment', 'segment', 'text'),
      col('tier', 'tier', 'integer'),
      col('employees', 'employees', 'integer'),
      col('annual_revenue', 'annualRevenue', 'numeric(18,2)'),
      col('arr', 'arr', 'numeric(18,2)'),
      col('country', 'country', 'text'),
      col('founded_year', 'foundedYear', 'integer'),
      col('parent_name', 'parentName', 'text'),
      col('status', 'status', 'text'),
      col('nps_score', 'npsScore', 'real'),
      col('support_escalation_pct', 'supportEscalationPct', 'real'),
      col('adoption_pct', 'adoptionPct', 'real'),
      col('usage_trend_pct', 'usageTrendPct', 'real'),
      col('late_payments', 'latePayments', 'integer'),
      withDefault('attributes', 'attributes', 'jsonb', `'{}'::jsonb`),
      col('crm_modified_at', 'crmModifiedAt', 'timestamptz'),
      col('deleted_at', 'deletedAt', 'timestamptz'),
    ],
    references: [ref('owner_id', 'ownerExternalId', 'users', 'owner')],
  },
  contacts: {
    table: 'contacts',
    hashed: true,
    timestamps: 'mirror',
    columns: [
      col('name', 'name', 'text'),
      col('email', 'email', 'text'),
      col('title', 'title', 'text'),
      withDefault('buying_role', 'buyingRole', 'text', `'unknown'`),
      withDefault('is_champion', 'isChampion', 'boolean', 'false'),
      withDefault('is_exec_sponsor', 'isExecSponsor', 'boolean', 'false'),
      withDefault('status', 'status', 'text', `'ACTIVE'`),
      col('engagement_score', 'engagementScore', 'real'),
      col('last_engaged_at', 'lastEngagedAt', 'timestamptz'),
      col('crm_modified_at', 'crmModifiedAt', 'timestamptz'),
      col('deleted_at', 'deletedAt', 'timestamptz'),
    ],
    references: [ref('account_id', 'accountExternalId', 'accounts', 'account')],
  },
  leads: {
    table: 'leads',
    hashed: true,
    timestamps: 'mirror',
    columns: [
      col('name', 'name', 'text'),
      col('email', 'email', 'text'),
      col('company', 'company', 'text'),
      col('status', 'status', 'text'),
      col('mql_at', 'mqlAt', 'timestamptz'),
    ],
    references: [ref('account_id', 'accountExternalId', 'accounts', 'account')],
  },
  opportunities: {
    table: 'opportunities',
    hashed: true,
    timestamps: 'mirror',
    columns: [
      col('name', 'name', 'text'),
      col('stage', 'stage', 'text'),
      col('raw_stage', 'rawStage', 'text'),
      col('stage_order', 'stageOrder', 'integer'),
      withDefault('type', 'type', 'text', `'unknown'`),
      col('amount', 'amount', 'numeric(18,2)'),
      col('close_date', 'closeDate', 'date'),
      col('probability', 'probability', 'real'),
      col('forecast_category', 'forecastCategory', 'text'),
      col('next_step', 'nextStep', 'text'),
      col('competitor', 'competitor', 'text'),
      withDefault('is_closed', 'isClosed', 'boolean', 'false'),
      withDefault('is_won', 'isWon', 'boolean', 'false'),
      withDefault('close_date_pushes', 'closeDatePushes', 'integer', '0'),
      col('engaged_at', 'engagedAt', 'timestamptz'),
      col('stage_entered_at', 'stageEnteredAt', 'timestamptz'),
      col('closed_at', 'closedAt', 'timestamptz'),
      col('crm_created_at', 'crmCreatedAt', 'timestamptz'),
      col('crm_modified_at', 'crmModifiedAt', 'timestamptz'),
      col('deleted_at', 'deletedAt', 'timestamptz'),
    ],
    references: [
      ref('account_id', 'accountExternalId', 'accounts', 'account'),
      ref('owner_id', 'ownerExternalId', 'users', 'owner'),
      ref('product_id', 'productExternalId', 'products', 'product'),
    ],
  },
  opportunity_contacts: {
    table: 'opportunity_contacts',
    hashed: true,
    timestamps: 'mirror',
    columns: [col('role', 'role', 'text'), withDefault('is_primary', 'isPrimary', 'boolean', 'false')],
    references: [
      ref('opportunity_id', 'opportunityExternalId', 'opportunities', 'opportunity', true),
      ref('contact_id', 'contactExternalId', 'contacts', 'contact', true),
    ],
  },
  stage_history: {
    table: 'stage_history',
    hashed: false,
    timestamps: 'none',
    columns: [
      col('from_stage', 'fromStage', 'text'),
      col('to_stage', 'toStage', 'text'),
      col('amount', 'amount', 'numeric(18,2)'),
      col('close_date', 'closeDate', 'date'),
      col('changed_at', 'changedAt', 'timestamptz'),
    ],
    references: [ref('opportunity_id', 'opportunityExternalId', 'opportunities', 'opportunity', true)],
  },
  renewals: {
    table: 'renewals',
    hashed: true,
    timestamps: 'mirror',
    columns: [
      col('renewal_date', 'renewalDate', 'date'),
      col('arr', 'arr', 'numeric(18,2)'),
      withDefault('disposition', 'disposition', 'text', `'NOT_YET_DUE'`),
      col('contracting_started_at', 'contractingStartedAt', 'timestamptz'),
    ],
    references: [
      ref('account_id', 'accountExternalId', 'accounts', 'account', true),
      ref('opportunity_id', 'opportunityExternalId', 'opportunities', 'opportunity'),
    ],
  },
  activities: {
    table: 'activities',
    hashed: true,
    timestamps: 'mirror',
    columns: [
      col('type', 'type', 'text'),
      withDefault('direction', 'direction', 'text', `'outbound'`),
      col('occurred_at', 'occurredAt', 'timestamptz'),
      col('subject', 'subject', 'text'),
    ],
    references: [
      ref('account_id', 'accountExternalId', 'accounts', 'account'),
      ref('contact_id', 'contactExternalId', 'contacts', 'contact'),
      ref('opportunity_id', 'opportunityExternalId', 'opportunities', 'opportunity'),
      ref('owner_id', 'ownerExternalId', 'users', 'owner'),
    ],
  },
};

const quote = (identifier: string) => `"${identifier}"`;

/**
 * The upsert statement of one table for one source, as text with `$1` standing for the json batch.
 * Exported so the SQL can be read and reviewed as SQL.
 */
export function mirrorUpsertSql(table: MirrorTable, source: MirrorSource): string {
  const spec = SPECS[table];
  const src = `'${mirrorSourceSchema.parse(source)}'`; // a closed enum, safe as a literal
  const inputs = [col('external_id', 'externalId', 'text'), ...(spec.hashed ? [col('source_hash', 'sourceHash', 'text')] : []), ...spec.columns];
  const recordset = [...inputs.map((c) => `${quote(c.key)} ${c.type}`), ...spec.references.map((r) => `${quote(r.key)} text`)].join(', ');
  // References: per batch and per reference, ONE index pass over the distinct natural keys builds a jsonb
  // map key → id, and each row looks its key up in it. This bounds the work whatever plan the statistics
  // suggest (a fresh tenant's tables have none yet): a per-row probe could scan the whole tenant through a
  // shorter (org_id, …) index, and a plain join could hash the whole referenced table for every batch.
  const maps = spec.references.map(
    (r, i) => `ref${i} AS MATERIALIZED (
  SELECT coalesce(jsonb_object_agg(x.external_id, x.id), '{}'::jsonb) AS ids FROM ${r.table} x
  WHERE x.org_id = pillar_current_org() AND x.source = ${src}
    AND x.external_id = ANY (ARRAY(SELECT DISTINCT i.${quote(r.key)} FROM input i WHERE i.${quote(r.key)} IS NOT NULL))
)`,
  );
  const refIds = spec.references.map((r, i) => `, ((SELECT ids FROM ref${i}) ->> r.${quote(r.key)})::uuid AS ${quote(`ref:${r.column}`)}`).join('');
  const required = spec.references.filter((r) => r.required).map((r) => `r.${quote(`ref:${r.column}`)} IS NOT NULL`);
  const writable = required.length ? required.join(' AND ') : 'true';

  const targetColumns = ['org_id', 'source', ...inputs.map((c) => c.column), ...spec.references.map((r) => r.column)];
  const values = [
    'pillar_current_org()',
    src,
    ...inputs.map((c) => c.value ?? `r.${quote(c.key)}`),
    ...spec.references.map((r) => `r.${quote(`ref:${r.column}`)}`),
  ];
  const updated = [...inputs.filter((c) => c.column !== 'external_id').map((c) => c.column), ...spec.references.map((r) => r.column)];
  const set = [
    ...updated.map((c) => `${c} = excluded.${c}`),
    ...(spec.timestamps === 'mirror' ? ['ingested_at = now()', 'updated_at = now()'] : spec.timestamps === 'updated' ? ['updated_at = now()'] : []),
  ].join(', ');
  const refColumns = spec.references.map((r) => r.column);
  const changed = spec.hashed
    ? [`t.source_hash IS DISTINCT FROM excluded.source_hash`, ...refColumns.map((c) => `t.${c} IS DISTINCT FROM excluded.${c}`)].join(' OR ')
    : `(${updated.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${updated.map((c) => `excluded.${c}`).join(', ')})`;
  // What decides "changed", read from the stored row before writing: an unchanged row is left out of the
  // INSERT altogether, so a re-import takes no row locks and writes nothing (ON CONFLICT would lock it).
  const compared = spec.hashed ? ['source_hash', ...refColumns] : updated;
  const incoming = spec.hashed
    ? [`r."sourceHash"`, ...spec.references.map((r) => `r.${quote(`ref:${r.column}`)}`)]
    : updated.map((c) => values[targetColumns.indexOf(c)]!);
  // The stored row of each input row, by the unique key (OFFSET 0 keeps it a per-row probe of that index).
  const stored = `LEFT JOIN LATERAL (SELECT s.id, ROW(${compared.map((c) => `s.${c}`).join(', ')}) AS snapshot FROM ${table} s WHERE s.org_id = pillar_current_org() AND s.source = ${src} AND s.external_id = r."externalId" OFFSET 0) stored ON true`;
  const unresolved = spec.references.map(
    (r) =>
      `SELECT r."externalId", '${r.name}' AS reference, r.${quote(r.key)} AS value, ${!r.required} AS kept FROM resolved r ` +
      `WHERE r.${quote(r.key)} IS NOT NULL AND r.${quote(`ref:${r.column}`)} IS NULL`,
  );

  return `WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS r(${recordset})
),${maps.map((m) => `\n${m},`).join('')} resolved AS (
  SELECT r.*${refIds}, stored.id AS "stored:id", stored.snapshot AS "stored:snapshot"
  FROM input r
    ${stored}
), written AS (
  INSERT INTO ${table} AS t (${targetColumns.join(', ')})
  SELECT ${values.join(', ')}
  FROM resolved r
  WHERE ${writable} AND (r."stored:id" IS NULL OR r."stored:snapshot" IS DISTINCT FROM ROW(${incoming.join(', ')}))
  ON CONFLICT (org_id, source, external_id) DO UPDATE SET ${set}
  WHERE ${changed}
  RETURNING (xmax = 0) AS inserted
)
SELECT
  (SELECT count(*) FROM written WHERE inserted)::int AS inserted,
  (SELECT count(*) FROM written WHERE NOT inserted)::int AS updated,
  (SELECT count(*) FROM resolved r WHERE NOT (${writable}))::int AS rejected,
  ${unresolved.length ? `(SELECT coalesce(json_agg(u), '[]'::json) FROM (${unresolved.join('\n    UNION ALL ')}) u)` : `'[]'::json`} AS unresolved`;
}

const statementCache = new Map<string, { head: string; tail: string }>();

function statement(table: MirrorTable, source: MirrorSource): { head: string; tail: string } {
  const key = `${table}:${source}`;
  let parts = statementCache.get(key);
  if (!parts) {
    const [head, tail] = mirrorUpsertSql(table, source).split('$1');
    parts = { head: head!, tail: tail! };
    statementCache.set(key, parts);
  }
  return parts;
}

const resultRowSchema = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  unresolved: z.array(z.object({ externalId: z.string(), reference: z.string(), value: z.string(), kept: z.boolean() })),
});

/** The row as sent: null members left out (json_to_recordset reads a missing key as NULL), plus its hash. */
function withoutNulls(row: object, hash: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null && value !== undefined) out[key] = value;
  if (hash !== null) out.sourceHash = hash;
  return out;
}

/** Last occurrence wins: one statement cannot touch the same row twice, and the later version is the newer one. */
function lastPerExternalId<R extends { externalId: string }>(rows: readonly R[]): R[] {
  const byId = new Map<string, R>();
  for (const row of rows) {
    byId.delete(row.externalId);
    byId.set(row.externalId, row);
  }
  return byId.size === rows.length ? [...rows] : [...byId.values()];
}

async function upsertBatch<T extends MirrorTable>(tx: MirrorExecutor, table: T, source: MirrorSource, rows: readonly MirrorRowsByTable[T][]): Promise<UpsertResult> {
  const { head, tail } = statement(table, source);
  const hashed = SPECS[table].hashed;
  const payload = rows.map((row) => withoutNulls(row, hashed ? sourceHash(row) : null));
  const result = await tx.execute(sql`${sql.raw(head)}${JSON.stringify(payload)}${sql.raw(tail)}`);
  const counts = resultRowSchema.parse(result.rows[0]);
  return {
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: rows.length - counts.inserted - counts.updated - counts.rejected,
    rejected: counts.rejected,
    unresolved: counts.unresolved,
  };
}

export function emptyUpsertResult(): UpsertResult {
  return { inserted: 0, updated: 0, unchanged: 0, rejected: 0, unresolved: [] };
}

export function addUpsertResults(into: UpsertResult, more: UpsertResult): UpsertResult {
  into.inserted += more.inserted;
  into.updated += more.updated;
  into.unchanged += more.unchanged;
  into.rejected += more.rejected;
  for (const u of more.unresolved) into.unresolved.push(u);
  return into;
}

/**
 * Upserts rows of one mirror table in batches of `batchSize`. Several rows with the same externalId: the
 * last one is written. Must run inside withOrg.
 */
export async function upsertMirrorRows<T extends MirrorTable>(
  tx: MirrorExecutor,
  table: T,
  source: MirrorSource,
  rows: readonly MirrorRowsByTable[T][],
  options: { batchSize?: number } = {},
): Promise<UpsertResult> {
  const batchSize = options.batchSize ?? DEFAULT_MIRROR_BATCH_SIZE;
  const unique = lastPerExternalId(rows);
  const total = emptyUpsertResult();
  if (table === 'users') {
    for (const level of managerLevels(unique as MirrorUser[])) {
      for (let i = 0; i < level.length; i += batchSize) addUpsertResults(total, await upsertBatch(tx, 'users', source, level.slice(i, i + batchSize)));
    }
    return total;
  }
  for (let i = 0; i < unique.length; i += batchSize) addUpsertResults(total, await upsertBatch(tx, table, source, unique.slice(i, i + batchSize)));
  return total;
}

/**
 * Users reference their manager, another user. A statement cannot see the rows it inserts itself, so users
 * go in levels: first those whose manager is not among the rows (stored already, or none), then their
 * reports, and so on. A reporting cycle among new rows goes last (its managers resolve on the next run).
 */
export function managerLevels(users: readonly MirrorUser[]): MirrorUser[][] {
  const pending = new Map(users.map((u) => [u.externalId, u]));
  const levels: MirrorUser[][] = [];
  while (pending.size > 0) {
    const level = [...pending.values()].filter((u) => !u.managerExternalId || u.managerExternalId === u.externalId || !pending.has(u.managerExternalId));
    const next = level.length > 0 ? level : [...pending.values()];
    for (const u of next) pending.delete(u.externalId);
    levels.push(next);
  }
  return levels;
}

/** Upserts one batch of any table (what connectors and the demo loader produce). */
export function upsertMirrorBatch(tx: MirrorExecutor, source: MirrorSource, batch: MirrorBatch, options: { batchSize?: number } = {}): Promise<UpsertResult> {
  switch (batch.table) {
    case 'users':
      return upsertMirrorRows(tx, 'users', source, batch.rows, options);
    case 'products':
      return upsertMirrorRows(tx, 'products', source, batch.rows, options);
    case 'accounts':
      return upsertMirrorRows(tx, 'accounts', source, batch.rows, options);
    case 'contacts':
      return upsertMirrorRows(tx, 'contacts', source, batch.rows, options);
    case 'leads':
      return upsertMirrorRows(tx, 'leads', source, batch.rows, options);
    case 'opportunities':
      return upsertMirrorRows(tx, 'opportunities', source, batch.rows, options);
    case 'opportunity_contacts':
      return upsertMirrorRows(tx, 'opportunity_contacts', source, batch.rows, options);
    case 'stage_history':
      return upsertMirrorRows(tx, 'stage_history', source, batch.rows, options);
    case 'renewals':
      return upsertMirrorRows(tx, 'renewals', source, batch.rows, options);
    case 'activities':
      return upsertMirrorRows(tx, 'activities', source, batch.rows, options);
  }
}

type Upsert<R> = (tx: MirrorExecutor, source: MirrorSource, rows: readonly R[], options?: { batchSize?: number }) => Promise<UpsertResult>;

export const upsertUsers: Upsert<MirrorUser> = (tx, source, rows, options) => upsertMirrorRows(tx, 'users', source, rows, options);
export const upsertProducts: Upsert<MirrorProduct> = (tx, source, rows, options) => upsertMirrorRows(tx, 'products', source, rows, options);
export const upsertAccounts: Upsert<MirrorAccount> = (tx, source, rows, options) => upsertMirrorRows(tx, 'accounts', source, rows, options);
export const upsertContacts: Upsert<MirrorContact> = (tx, source, rows, options) => upsertMirrorRows(tx, 'contacts', source, rows, options);
export const upsertLeads: Upsert<MirrorLead> = (tx, source, rows, options) => upsertMirrorRows(tx, 'leads', source, rows, options);
export const upsertOpportunities: Upsert<MirrorOpportunity> = (tx, source, rows, options) => upsertMirrorRows(tx, 'opportunities', source, rows, options);
export const upsertOpportunityContacts: Upsert<MirrorOpportunityContact> = (tx, source, rows, options) =>
  upsertMirrorRows(tx, 'opportunity_contacts', source, rows, options);
export const upsertStageHistory: Upsert<MirrorStageChange> = (tx, source, rows, options) => upsertMirrorRows(tx, 'stage_history', source, rows, options);
export const upsertRenewals: Upsert<MirrorRenewal> = (tx, source, rows, options) => upsertMirrorRows(tx, 'renewals', source, rows, options);
export const upsertActivities: Upsert<MirrorActivity> = (tx, source, rows, options) => upsertMirrorRows(tx, 'activities', source, rows, options);
