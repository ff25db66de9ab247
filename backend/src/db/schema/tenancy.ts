import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '@pillar/shared';

/** A tenant. Visible to the application role only while that tenant is set (RLS on id). */
export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  orgId: uuid('org_id').generatedAlwaysAs(sql`id`),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email'),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('REP_CSM'),
    managerId: uuid('manager_id'),
    team: text('team'),
    region: text('region'),
    source: text('source', { enum: ['salesforce', 'hubspot', 'csv', 'pillar'] }).notNull().default('pillar'),
    /** The CRM user id (Salesforce 005…, HubSpot owner id) or the file's natural key. */
    externalId: text('external_id').notNull(),
    sourceHash: text('source_hash').notNull().default(''),
    active: text('active', { enum: ['active', 'inactive'] }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_org_source_external_uq').on(t.orgId, t.source, t.externalId),
    index('users_org_manager_idx').on(t.orgId, t.managerId),
  ],
);
