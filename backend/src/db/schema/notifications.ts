import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenantColumns, timestamps } from './columns';
import { accounts } from './crm-mirror';
import { signals } from './signals';
import { users } from './tenancy';

/**
 * How and when a person wants to hear from Pillar: the Slack channel or DM (a Slack channel id or user id),
 * a daily budget of real-time notifications, quiet hours in the person's own time zone and the digest cadence.
 * A user without a row gets the defaults (no Slack destination: the feed and the digest only).
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    ...tenantColumns(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    slackChannel: text('slack_channel'),
    email: text('email'),
    /** IANA time zone, e.g. Europe/Berlin. */
    timezone: text('timezone').notNull().default('UTC'),
    /** 'HH:MM' local time; both null = no quiet hours. The window may wrap midnight (22:00–07:00). */
    quietHoursStart: text('quiet_hours_start'),
    quietHoursEnd: text('quiet_hours_end'),
    dailyBudget: integer('daily_budget').notNull().default(10),
    digest: text('digest', { enum: ['daily', 'weekly', 'off'] }).notNull().default('daily'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('notification_preferences_org_user_uq').on(t.orgId, t.userId)],
);

/**
 * The notification outbox and log: one row per message Pillar means to send. Rows are written in the same
 * transaction as the signal that causes them, so a crash or a Slack outage never loses one; the dispatcher
 * sends, defers (quiet hours, rate limits) or records why it could not. Sent rows count against the budget.
 */
export const notifications = pgTable(
  'notifications',
  {
    ...tenantColumns(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: ['slack', 'email'] }).notNull(),
    kind: text('kind').notNull(),
    signalId: uuid('signal_id').references(() => signals.id, { onDelete: 'cascade' }),
    destination: text('destination'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['pending', 'deferred', 'sent', 'failed', 'skipped'] }).notNull().default('pending'),
    /** Why a row was deferred, skipped or failed: quiet_hours, rate_limited, budget, channel_not_found, … */
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** The provider's id of the sent message (Slack `ts`). */
    externalId: text('external_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_org_status_next_idx').on(t.orgId, t.status, t.nextAttemptAt),
    index('notifications_org_user_sent_idx').on(t.orgId, t.userId, t.sentAt),
    // One message of a kind per signal: a re-fire or an escalation never notifies twice.
    uniqueIndex('notifications_org_kind_signal_uq').on(t.orgId, t.kind, t.signalId).where(sql`signal_id is not null`),
  ],
);

/** Rendered daily/weekly digests, one per user and period (idempotent), with their delivery state. */
export const digests = pgTable(
  'digests',
  {
    ...tenantColumns(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    period: text('period', { enum: ['daily', 'weekly'] }).notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    status: text('status', { enum: ['rendered', 'sent', 'failed'] }).notNull().default('rendered'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('digests_org_user_period_uq').on(t.orgId, t.userId, t.period, t.periodStart)],
);

/**
 * External intent events received on the STARBRIDGE webhook (RFP published, grant awarded, budget change,
 * key contact departure, board meeting mention), matched to an account by domain or normalised name.
 * The sender's event id is unique per tenant, so a redelivered event is stored and acted on once.
 */
export const starbridgeEvents = pgTable(
  'starbridge_events',
  {
    ...tenantColumns(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    matchedBy: text('matched_by', { enum: ['domain', 'name', 'none'] }).notNull(),
    accountDomain: text('account_domain'),
    accountName: text('account_name'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('starbridge_events_org_event_uq').on(t.orgId, t.eventId), index('starbridge_events_org_account_time_idx').on(t.orgId, t.accountId, t.occurredAt)],
);

/** Per-tenant secrets of inbound integrations (AES-256-GCM ciphertext, see security/secret-box.ts). */
export const integrationSecrets = pgTable(
  'integration_secrets',
  {
    ...tenantColumns(),
    kind: text('kind', { enum: ['starbridge_webhook'] }).notNull(),
    secret: text('secret').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('integration_secrets_org_kind_uq').on(t.orgId, t.kind)],
);
