import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps } from './columns';
import { organizations } from './tenancy';

const orgRef = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

/** A tenant's link to its CRM. Credentials are AES-256-GCM ciphertext (backend/src/security/secret-box.ts). */
export const crmConnections = pgTable(
  'crm_connections',
  {
    ...tenantColumns(),
    provider: text('provider', { enum: ['salesforce', 'hubspot'] }).notNull(),
    instanceUrl: text('instance_url'),
    /** Salesforce org id or HubSpot portal id: how inbound requests find their tenant. */
    externalOrgId: text('external_org_id'),
    credentials: text('credentials').notNull(),
    status: text('status', { enum: ['connected', 'syncing', 'paused', 'error', 'disconnected'] }).notNull().default('connected'),
    statusReason: text('status_reason'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
    lastError: text('last_error'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('crm_connections_org_provider_uq').on(t.orgId, t.provider), index('crm_connections_provider_external_idx').on(t.provider, t.externalOrgId)],
);

/** Per-tenant overrides: which CRM field feeds which Pillar field, and picklist maps (e.g. stages). */
export const crmFieldMappings = pgTable(
  'crm_field_mappings',
  {
    ...tenantColumns(),
    provider: text('provider', { enum: ['salesforce', 'hubspot', 'csv'] }).notNull(),
    object: text('object').notNull(),
    pillarField: text('pillar_field').notNull(),
    crmField: text('crm_field').notNull(),
    transform: jsonb('transform').$type<{ kind: 'direct' } | { kind: 'picklist'; map: Record<string, string> }>().notNull().default({ kind: 'direct' }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('crm_field_mappings_uq').on(t.orgId, t.provider, t.object, t.pillarField)],
);

/** Incremental pull watermark per object; a restarted sync resumes here. */
export const syncCursors = pgTable(
  'sync_cursors',
  {
    orgId: orgRef(),
    provider: text('provider').notNull(),
    object: text('object').notNull(),
    watermark: timestamp('watermark', { withTimezone: true }),
    lastExternalId: text('last_external_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.provider, t.object] })],
);

/** The last values Pillar wrote to each CRM record, so write-back sends only what changed. */
export const writebackState = pgTable(
  'writeback_state',
  {
    orgId: orgRef(),
    provider: text('provider').notNull(),
    object: text('object').notNull(),
    externalId: text('external_id').notNull(),
    written: jsonb('written').$type<Record<string, unknown>>().notNull().default({}),
    /** Values that failed to write (e.g. UNABLE_TO_LOCK_ROW); retried next cycle, never dropped. */
    pending: jsonb('pending').$type<Record<string, unknown> | null>(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    writtenAt: timestamp('written_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.provider, t.object, t.externalId] })],
);

export const syncRuns = pgTable(
  'sync_runs',
  {
    ...tenantColumns(),
    provider: text('provider', { enum: ['salesforce', 'hubspot', 'csv'] }).notNull(),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'partial', 'failed', 'paused'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    apiCalls: integer('api_calls').notNull().default(0),
    error: text('error'),
  },
  (t) => [index('sync_runs_org_started_idx').on(t.orgId, t.startedAt)],
);

export const integrationLogs = pgTable(
  'integration_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: orgRef(),
    runId: uuid('run_id').references(() => syncRuns.id, { onDelete: 'cascade' }),
    level: text('level', { enum: ['info', 'warn', 'error'] }).notNull(),
    event: text('event').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('integration_logs_org_run_idx').on(t.orgId, t.runId)],
);
