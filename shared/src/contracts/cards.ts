import { z } from 'zod';
import { dealRiskBandSchema, healthBandSchema, hygieneBandSchema, renewalRiskBandSchema } from '../catalog/bands';
import { forecastCategorySchema } from '../forecast/categories';
import { signalActionSchema, signalFamilySchema, signalSeveritySchema, signalStateSchema } from '../signals/lifecycle';
import { driverSchema, isoDate, isoDateTime, score100 } from './common';

/**
 * The card API: exactly what the Salesforce LWCs and the HubSpot cards render. The backend validates its own
 * responses against these schemas in tests, and the cards parse with them, so both sides agree by construction.
 */

export const CATEGORY_KEYS = ['engagement', 'fit', 'intent', 'velocity', 'pipelineHealth', 'relationship', 'risk', 'opportunityQuality'] as const;
export const categoryKeySchema = z.enum(CATEGORY_KEYS);

export const recordRefSchema = z.object({
  /** The CRM's id of the record (Salesforce 001…/006…, HubSpot numeric id). */
  crmId: z.string(),
  name: z.string(),
  provider: z.enum(['salesforce', 'hubspot', 'csv']),
});

export const signalCardSchema = z.object({
  id: z.string().uuid(),
  type: z.string(),
  family: signalFamilySchema,
  severity: signalSeveritySchema,
  state: signalStateSchema,
  title: z.string(),
  ruleId: z.string(),
  threshold: z.record(z.string(), z.unknown()),
  evidence: z.record(z.string(), z.unknown()),
  recommendedAction: z.string().nullable(),
  confidence: score100,
  record: recordRefSchema.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  expiresAt: isoDateTime.nullable(),
  actions: z.array(signalActionSchema),
});
export type SignalCard = z.infer<typeof signalCardSchema>;

export const renewalRiskCardSchema = z.object({
  score: score100,
  band: renewalRiskBandSchema,
  renewalDate: isoDate.nullable(),
  daysToRenewal: z.number().int().nullable(),
  arr: z.number().nullable(),
  urgencyMultiplier: z.number(),
  variables: z.array(driverSchema),
});

export const accountHealthCardSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('not_scored'), account: recordRefSchema }),
  z.object({
    status: z.literal('scored'),
    account: recordRefSchema,
    score: score100,
    band: healthBandSchema,
    trend: z.object({
      delta7d: z.number().nullable(),
      delta30d: z.number().nullable(),
      points: z.array(z.object({ day: isoDate, score: score100 })),
    }),
    categories: z.array(
      z.object({ key: categoryKeySchema, label: z.string(), score: score100.nullable(), weight: z.number(), applicable: z.boolean() }),
    ),
    topDrivers: z.array(driverSchema),
    dataSufficiency: z.number().min(0).max(1),
    insufficientData: z.boolean(),
    renewalRisk: renewalRiskCardSchema.nullable(),
    openSignals: z.array(signalCardSchema),
    profileVersion: z.number().int(),
    scoredAt: isoDateTime,
  }),
]);
export type AccountHealthCard = z.infer<typeof accountHealthCardSchema>;

export const nextActionSchema = z.object({ code: z.string(), text: z.string(), priority: z.enum(['high', 'medium', 'low']) });

export const dealInsightCardSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('not_scored'), deal: recordRefSchema }),
  z.object({
    status: z.literal('scored'),
    deal: recordRefSchema.extend({
      stage: z.string(),
      amount: z.number().nullable(),
      closeDate: isoDate.nullable(),
      isClosed: z.boolean(),
    }),
    winProbability: z.object({
      value: z.number().min(0).max(1),
      source: z.enum(['model', 'prior']),
      /** Shown on the card when the tenant has too few closed deals to learn from. */
      note: z.string().nullable(),
      drivers: z.array(driverSchema),
    }),
    dealRisk: z.object({ score: score100, band: dealRiskBandSchema, reasons: z.array(driverSchema) }),
    hygiene: z.object({ score: score100, band: hygieneBandSchema, gaps: z.array(driverSchema) }),
    confidence: z.object({ score: score100, drivers: z.array(driverSchema) }),
    forecastCategory: forecastCategorySchema,
    nextBestAction: nextActionSchema.nullable(),
    cohort: z
      .object({ label: z.string(), dealCount: z.number().int(), winRate: z.number().min(0).max(1), medianCycleDays: z.number().nullable() })
      .nullable(),
    openSignals: z.array(signalCardSchema),
    profileVersion: z.number().int(),
    scoredAt: isoDateTime,
  }),
]);
export type DealInsightCard = z.infer<typeof dealInsightCardSchema>;

export const PLAY_OUTCOMES = ['RENEWED', 'EXPANDED', 'CHURNED', 'LOST', 'WON', 'RESOLVED', 'NO_ACTION_NEEDED'] as const;
export const playOutcomeSchema = z.enum(PLAY_OUTCOMES);

export const playTaskCardSchema = z.object({
  id: z.string().uuid(),
  order: z.number().int().min(1),
  title: z.string(),
  description: z.string().nullable(),
  dueAt: isoDateTime,
  overdue: z.boolean(),
  done: z.boolean(),
  doneAt: isoDateTime.nullable(),
  doneBy: z.string().nullable(),
});

export const playCardSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  templateKey: z.string(),
  state: z.enum(['DRAFT', 'ACTIVE', 'PAUSED', 'COMPLETED', 'ABANDONED']),
  slaDueAt: isoDateTime,
  slaState: z.enum(['ON_TRACK', 'DUE_SOON', 'BREACHED', 'MET']),
  outcome: playOutcomeSchema.nullable(),
  signal: z.object({ id: z.string().uuid(), title: z.string(), severity: signalSeveritySchema }).nullable(),
  tasks: z.array(playTaskCardSchema),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** True when every task is done: completing the play then needs an outcome. */
  readyToComplete: z.boolean(),
});
export type PlayCard = z.infer<typeof playCardSchema>;

export const playChecklistSchema = z.object({ record: recordRefSchema, plays: z.array(playCardSchema), outcomes: z.array(playOutcomeSchema) });
export type PlayChecklist = z.infer<typeof playChecklistSchema>;

export const signalFeedSchema = z.object({ signals: z.array(signalCardSchema), total: z.number().int() });
export type SignalFeed = z.infer<typeof signalFeedSchema>;

// ---- requests ----

export const signalFeedQuerySchema = z.object({
  state: z.union([signalStateSchema, z.array(signalStateSchema)]).optional(),
  family: z.union([signalFamilySchema, z.array(signalFamilySchema)]).optional(),
  severity: z.union([signalSeveritySchema, z.array(signalSeveritySchema)]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const signalTransitionRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge'), note: z.string().max(2000).optional() }),
  z.object({ action: z.literal('start'), note: z.string().max(2000).optional() }),
  z.object({ action: z.literal('resolve'), note: z.string().max(2000).optional() }),
  z.object({
    action: z.literal('suppress'),
    reason: z.string().min(3, 'say why the signal is suppressed').max(2000),
    until: isoDateTime,
  }),
]);
export type SignalTransitionRequest = z.infer<typeof signalTransitionRequestSchema>;

export const taskToggleRequestSchema = z.object({ done: z.boolean() });
export const playCompleteRequestSchema = z.object({ outcome: playOutcomeSchema, note: z.string().max(4000).optional() });
