import { sql } from 'drizzle-orm';
import { text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './tenancy';

/** Every tenant row starts with these. Row-level security keys on org_id (see migrations/*_rls.sql). */
export const tenantColumns = () => ({
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' }),
});

/** Rows mirrored from a CRM or a file: idempotent upsert by (org_id, source, external_id), change detection by source_hash. */
export const mirrorColumns = () => ({
  ...tenantColumns(),
  source: text('source', { enum: ['salesforce', 'hubspot', 'csv', 'pillar'] }).notNull(),
  externalId: text('external_id').notNull(),
  sourceHash: text('source_hash').notNull(),
  ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
