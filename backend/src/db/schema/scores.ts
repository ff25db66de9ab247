import { boolean, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantColumns } from './columns';
import { accounts, opportunities } from './crm-mirror';
import { organizations } from './tenancy';

const orgRef = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

/** The latest health of each account, with the drivers that explain it. One row per account. */
export const accountScores = pgTable(
  'account_scores',
  {
    orgId: orgRef(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    healthScore: real('health_score').notNull(),
    band: text('band').notNull(),
    categoryScores: jsonb('category_scores').$type<Record<string, number | null>>().notNull(),
    renewalRisk: real('renewal_risk'),
    renewalBand: text('renewal_band'),
    priorityScore: real('priority_score'),
    trend7d: real('trend_7d'),
    trend30d: real('trend_30d'),
    drivers: jsonb('drivers').$type<unknown[]>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    dataSufficiency: real('data_sufficiency').notNull(),
    profileVersion: integer('profile_version').notNull(),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.accountId] }), index('account_scores_org_band_idx').on(t.orgId, t.band)],
);

/** One point a day per account, for trends and sparklines. */
export const scoreHistory = pgTable(
  'score_history',
  {
    orgId: orgRef(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    healthScore: real('health_score').notNull(),
    renewalRisk: real('renewal_risk'),
    categoryScores: jsonb('category_scores').$type<Record<string, number | null>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.accountId, t.day] })],
);

export const opportunityScores = pgTable(
  'opportunity_scores',
  {
    orgId: orgRef(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    dealRisk: real('deal_risk').notNull(),
    dealRiskBand: text('deal_risk_band').notNull(),
    hygiene: real('hygiene').notNull(),
    confidence: real('confidence').notNull(),
    winProbability: real('win_probability').notNull(),
    winProbabilitySource: text('win_probability_source', { enum: ['model', 'prior'] }).notNull().default('prior'),
    forecastCategory: text('forecast_category').notNull(),
    drivers: jsonb('drivers').$type<unknown[]>().notNull(),
    nextAction: jsonb('next_action').$type<Record<string, unknown> | null>(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    profileVersion: integer('profile_version').notNull(),
    modelVersion: text('model_version'),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.opportunityId] }), index('opportunity_scores_org_band_idx').on(t.orgId, t.dealRiskBand)],
);

/** Per-tenant win-probability models learned from closed deals. */
export const models = pgTable(
  'models',
  {
    ...tenantColumns(),
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    coefficients: jsonb('coefficients').$type<Record<string, number>>().notNull(),
    calibration: jsonb('calibration').$type<Record<string, unknown>>().notNull().default({}),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull().default({}),
    active: boolean('active').notNull().default(false),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('models_org_kind_version_uq').on(t.orgId, t.kind, t.version)],
);

export const predictions = pgTable(
  'predictions',
  {
    ...tenantColumns(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    modelVersion: text('model_version').notNull(),
    proba: real('proba').notNull(),
    topFeatures: jsonb('top_features').$type<unknown[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('predictions_org_opp_idx').on(t.orgId, t.opportunityId, t.createdAt)],
);

/** Cohort figures (stage-duration medians, deal-size percentiles, win rates) reused across a cycle. */
export const benchmarksCached = pgTable(
  'benchmarks_cached',
  {
    orgId: orgRef(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.key] })],
);
