import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps } from './columns';
import { organizations, users } from './tenancy';

/** Versioned scoring configuration per tenant; every score records the version that produced it. */
export const scoringProfiles = pgTable(
  'scoring_profiles',
  {
    ...tenantColumns(),
    version: integer('version').notNull(),
    profile: jsonb('profile').$type<Record<string, unknown>>().notNull(),
    active: boolean('active').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('scoring_profiles_org_version_uq').on(t.orgId, t.version)],
);

/** Append-only: the application role may insert and read, never update or delete (see the RLS migration). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id'),
    actorKind: text('actor_kind', { enum: ['user', 'system', 'token'] }).notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_org_at_idx').on(t.orgId, t.at)],
);

/** Tenant API tokens (JWTs Pillar signs for the Salesforce Named Credential); revocable by jti. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    jti: text('jti').notNull().unique(),
    scope: text('scope', { enum: ['salesforce', 'admin'] }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('api_tokens_org_idx').on(t.orgId)],
);

export const webhookEndpoints = pgTable('webhook_endpoints', {
  ...tenantColumns(),
  url: text('url').notNull(),
  /** AES-256-GCM ciphertext of the signing secret. */
  secret: text('secret').notNull(),
  events: text('events').array().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  ...timestamps(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    ...tenantColumns(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    event: text('event').notNull(),
    /** Deliveries for one record go out in order. */
    recordKey: text('record_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webhook_deliveries_org_status_next_idx').on(t.orgId, t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_record_idx').on(t.endpointId, t.recordKey, t.createdAt),
  ],
);
