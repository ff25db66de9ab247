import { boolean, date, index, integer, jsonb, numeric, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mirrorColumns, tenantColumns } from './columns';
import { users } from './tenancy';

const money = (name: string) => numeric(name, { precision: 18, scale: 2, mode: 'number' });
const natural = (table: string) => (t: { orgId: any; source: any; externalId: any }) =>
  uniqueIndex(`${table}_org_source_external_uq`).on(t.orgId, t.source, t.externalId);

export const accounts = pgTable(
  'accounts',
  {
    ...mirrorColumns(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    segment: text('segment'),
    tier: integer('tier'),
    employees: integer('employees'),
    annualRevenue: money('annual_revenue'),
    arr: money('arr'),
    country: text('country'),
    foundedYear: integer('founded_year'),
    parentName: text('parent_name'),
    status: text('status'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    /** Customer-success inputs, null when the CRM does not carry them (missing is not zero). */
    npsScore: real('nps_score'),
    supportEscalationPct: real('support_escalation_pct'),
    adoptionPct: real('adoption_pct'),
    usageTrendPct: real('usage_trend_pct'),
    latePayments: integer('late_payments'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    crmModifiedAt: timestamp('crm_modified_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [natural('accounts')(t), index('accounts_org_owner_idx').on(t.orgId, t.ownerId), index('accounts_org_domain_idx').on(t.orgId, t.domain)],
);

export const contacts = pgTable(
  'contacts',
  {
    ...mirrorColumns(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    title: text('title'),
    buyingRole: text('buying_role', {
      enum: ['champion', 'economic_buyer', 'exec_sponsor', 'technical_buyer', 'influencer', 'blocker', 'end_user', 'unknown'],
    })
      .notNull()
      .default('unknown'),
    isChampion: boolean('is_champion').notNull().default(false),
    isExecSponsor: boolean('is_exec_sponsor').notNull().default(false),
    status: text('status', { enum: ['ACTIVE', 'INACTIVE', 'LEFT_ORG'] }).notNull().default('ACTIVE'),
    engagementScore: real('engagement_score'),
    lastEngagedAt: timestamp('last_engaged_at', { withTimezone: true }),
    crmModifiedAt: timestamp('crm_modified_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [natural('contacts')(t), index('contacts_org_account_idx').on(t.orgId, t.accountId)],
);

export const products = pgTable(
  'products',
  {
    ...mirrorColumns(),
    name: text('name').notNull(),
    series: text('series'),
    listPrice: money('list_price'),
  },
  (t) => [natural('products')(t)],
);

export const opportunities = pgTable(
  'opportunities',
  {
    ...mirrorColumns(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    /** Pillar's stage vocabulary (mapped through crm_field_mappings); rawStage keeps the CRM's value. */
    stage: text('stage').notNull(),
    rawStage: text('raw_stage').notNull(),
    stageOrder: integer('stage_order'),
    type: text('type', { enum: ['new_business', 'renewal', 'expansion', 'unknown'] }).notNull().default('unknown'),
    amount: money('amount'),
    closeDate: date('close_date', { mode: 'string' }),
    probability: real('probability'),
    forecastCategory: text('forecast_category'),
    nextStep: text('next_step'),
    competitor: text('competitor'),
    isClosed: boolean('is_closed').notNull().default(false),
    isWon: boolean('is_won').notNull().default(false),
    closeDatePushes: integer('close_date_pushes').notNull().default(0),
    engagedAt: timestamp('engaged_at', { withTimezone: true }),
    stageEnteredAt: timestamp('stage_entered_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    crmCreatedAt: timestamp('crm_created_at', { withTimezone: true }),
    crmModifiedAt: timestamp('crm_modified_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    natural('opportunities')(t),
    index('opportunities_org_account_idx').on(t.orgId, t.accountId),
    index('opportunities_org_owner_idx').on(t.orgId, t.ownerId),
    index('opportunities_org_open_close_idx').on(t.orgId, t.isClosed, t.closeDate),
  ],
);

/** Who plays which part in a deal (Salesforce OpportunityContactRole, HubSpot deal-contact associations). */
export const opportunityContacts = pgTable(
  'opportunity_contacts',
  {
    ...mirrorColumns(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    role: text('role'),
    isPrimary: boolean('is_primary').notNull().default(false),
  },
  (t) => [natural('opportunity_contacts')(t), index('opportunity_contacts_org_opp_idx').on(t.orgId, t.opportunityId)],
);

export const renewals = pgTable(
  'renewals',
  {
    ...mirrorColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id, { onDelete: 'set null' }),
    renewalDate: date('renewal_date', { mode: 'string' }).notNull(),
    arr: money('arr').notNull(),
    disposition: text('disposition', {
      enum: ['NOT_YET_DUE', 'APPROACHING', 'URGENT', 'SAVE_IN_PROGRESS', 'RESOLVED', 'RENEWED', 'CHURNED'],
    })
      .notNull()
      .default('NOT_YET_DUE'),
    contractingStartedAt: timestamp('contracting_started_at', { withTimezone: true }),
  },
  (t) => [natural('renewals')(t), index('renewals_org_account_idx').on(t.orgId, t.accountId), index('renewals_org_date_idx').on(t.orgId, t.renewalDate)],
);

export const activities = pgTable(
  'activities',
  {
    ...mirrorColumns(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    type: text('type', { enum: ['email', 'meeting', 'call', 'note', 'task'] }).notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound', 'internal'] }).notNull().default('outbound'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    subject: text('subject'),
  },
  (t) => [
    natural('activities')(t),
    index('activities_org_account_time_idx').on(t.orgId, t.accountId, t.occurredAt),
    index('activities_org_opp_time_idx').on(t.orgId, t.opportunityId, t.occurredAt),
  ],
);

export const leads = pgTable(
  'leads',
  {
    ...mirrorColumns(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    name: text('name'),
    email: text('email'),
    company: text('company'),
    status: text('status'),
    mqlAt: timestamp('mql_at', { withTimezone: true }),
  },
  (t) => [natural('leads')(t), index('leads_org_account_idx').on(t.orgId, t.accountId)],
);

export const stageHistory = pgTable(
  'stage_history',
  {
    ...tenantColumns(),
    source: text('source', { enum: ['salesforce', 'hubspot', 'csv', 'pillar'] }).notNull(),
    externalId: text('external_id').notNull(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    amount: money('amount'),
    closeDate: date('close_date', { mode: 'string' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [natural('stage_history')(t), index('stage_history_org_opp_time_idx').on(t.orgId, t.opportunityId, t.changedAt)],
);
