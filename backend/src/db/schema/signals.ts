import { index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenantColumns, timestamps } from './columns';
import { accounts, opportunities } from './crm-mirror';
import { users } from './tenancy';

export const signals = pgTable(
  'signals',
  {
    ...tenantColumns(),
    type: text('type').notNull(),
    family: text('family').notNull(),
    severity: text('severity', { enum: ['CRITICAL', 'WARNING', 'INFO'] }).notNull(),
    state: text('state', { enum: ['PENDING', 'ACTIVE', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'EXPIRED', 'SUPPRESSED'] }).notNull(),
    title: text('title').notNull(),
    ruleId: text('rule_id').notNull(),
    threshold: jsonb('threshold').$type<Record<string, unknown>>().notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    recommendedAction: text('recommended_action'),
    confidence: real('confidence').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    suppressedUntil: timestamp('suppressed_until', { withTimezone: true }),
    suppressReason: text('suppress_reason'),
    cooldownUntil: timestamp('cooldown_until', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    // One open signal per dedupe key: a re-fire updates it instead of duplicating it.
    uniqueIndex('signals_org_dedupe_open_uq')
      .on(t.orgId, t.dedupeKey)
      .where(sql`state in ('PENDING','ACTIVE','ACKNOWLEDGED','IN_PROGRESS')`),
    index('signals_org_state_idx').on(t.orgId, t.state),
    index('signals_org_account_idx').on(t.orgId, t.accountId),
    index('signals_org_opp_idx').on(t.orgId, t.opportunityId),
  ],
);

export const signalTransitions = pgTable(
  'signal_transitions',
  {
    ...tenantColumns(),
    signalId: uuid('signal_id')
      .notNull()
      .references(() => signals.id, { onDelete: 'cascade' }),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorKind: text('actor_kind', { enum: ['user', 'system'] }).notNull(),
    note: text('note'),
    evidence: jsonb('evidence').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('signal_transitions_org_signal_idx').on(t.orgId, t.signalId, t.at)],
);

export interface PlayTaskTemplate {
  title: string;
  description?: string;
  dueAfterHours: number;
  owner: 'record_owner' | 'account_owner' | 'manager';
}

export const playTemplates = pgTable(
  'play_templates',
  {
    ...tenantColumns(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    triggerSignalTypes: text('trigger_signal_types').array().notNull(),
    slaHours: integer('sla_hours').notNull().default(72),
    tasks: jsonb('tasks').$type<PlayTaskTemplate[]>().notNull(),
    enabled: text('enabled', { enum: ['on', 'off'] }).notNull().default('on'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [uniqueIndex('play_templates_org_key_uq').on(t.orgId, t.key)],
);

export const plays = pgTable(
  'plays',
  {
    ...tenantColumns(),
    templateId: uuid('template_id').references(() => playTemplates.id, { onDelete: 'set null' }),
    templateKey: text('template_key').notNull(),
    name: text('name').notNull(),
    signalId: uuid('signal_id').references(() => signals.id, { onDelete: 'set null' }),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    state: text('state', { enum: ['DRAFT', 'ACTIVE', 'PAUSED', 'COMPLETED', 'ABANDONED'] }).notNull().default('ACTIVE'),
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }).notNull(),
    outcome: text('outcome'),
    outcomeNote: text('outcome_note'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [index('plays_org_account_idx').on(t.orgId, t.accountId), index('plays_org_opp_idx').on(t.orgId, t.opportunityId), index('plays_org_state_idx').on(t.orgId, t.state)],
);

export const playTasks = pgTable(
  'play_tasks',
  {
    ...tenantColumns(),
    playId: uuid('play_id')
      .notNull()
      .references(() => plays.id, { onDelete: 'cascade' }),
    orderNum: integer('order_num').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by').references(() => users.id, { onDelete: 'set null' }),
    outcome: text('outcome'),
    crmTaskExternalId: text('crm_task_external_id'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('play_tasks_org_play_order_uq').on(t.orgId, t.playId, t.orderNum)],
);
