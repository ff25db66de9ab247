import { z } from 'zod';
import {
  categoryKeySchema,
  dealRiskBandSchema,
  driverSchema,
  forecastCategorySchema,
  healthBandSchema,
  isoDate,
  nextActionSchema,
  renewalRiskBandSchema,
  score100,
} from '@pillar/shared';

/**
 * The shape of the computed rows the cards read: `account_scores` and `opportunity_scores`. Scoring writes
 * exactly this (property names are the drizzle column keys, so a parsed value can be inserted as is); the API
 * parses every row it reads with these schemas, so a mismatch is an error in the log, never a broken card.
 *
 * Drivers are CardDrivers (shared/src/contracts/common.ts) sorted by |contribution|, largest first.
 */

const drivers = z.array(driverSchema);
const fraction = z.number().min(0).max(1);

/** All 8 categories; null when no rule of the category was applicable (missing data, not zero). */
export const storedCategoryScoresSchema = z.record(categoryKeySchema, score100.nullable());

export const storedRenewalDetailSchema = z.object({
  renewalDate: isoDate.nullable(),
  daysToRenewal: z.number().int().nullable(),
  arr: z.number().nullable(),
  urgencyMultiplier: z.number().min(0),
  variables: drivers,
});

export const storedAccountDetailSchema = z.object({
  /** The weight each category had in this score (the profile's weights; they sum to 1). */
  categoryWeights: z.record(categoryKeySchema, fraction),
  /** Null when the account has no renewal to score. */
  renewal: storedRenewalDetailSchema.nullable(),
});

export const storedAccountScoreSchema = z
  .object({
    healthScore: score100,
    band: healthBandSchema,
    categoryScores: storedCategoryScoresSchema,
    renewalRisk: score100.nullable(),
    renewalBand: renewalRiskBandSchema.nullable(),
    priorityScore: score100.nullable(),
    /** Health points gained (+) or lost (−) over 7 and 30 days; null without history that old. */
    trend7d: z.number().min(-100).max(100).nullable(),
    trend30d: z.number().min(-100).max(100).nullable(),
    drivers,
    detail: storedAccountDetailSchema,
    dataSufficiency: fraction,
    profileVersion: z.number().int().min(0),
    scoredAt: z.date(),
  })
  .refine((s) => (s.renewalRisk === null) === (s.renewalBand === null) && (s.renewalRisk === null) === (s.detail.renewal === null), {
    message: 'renewalRisk, renewalBand and detail.renewal are either all set or all null',
    path: ['renewalRisk'],
  });
export type StoredAccountScore = z.infer<typeof storedAccountScoreSchema>;

export const storedCohortSchema = z.object({
  label: z.string(),
  dealCount: z.number().int().min(0),
  winRate: fraction,
  medianCycleDays: z.number().nullable(),
});

export const storedOpportunityDetailSchema = z.object({
  hygieneGaps: drivers,
  confidenceDrivers: drivers,
  /** Per-feature contributions of the win-probability model (or of the prior). */
  winDrivers: drivers,
  /** Shown with the probability, e.g. why the prior is used instead of a learned model. */
  winNote: z.string().nullable(),
  cohort: storedCohortSchema.nullable(),
});

export const storedOpportunityScoreSchema = z.object({
  dealRisk: score100,
  dealRiskBand: dealRiskBandSchema,
  /** Hygiene gap score: higher means more gaps (band from HYGIENE_BANDS). */
  hygiene: score100,
  confidence: score100,
  winProbability: fraction,
  winProbabilitySource: z.enum(['model', 'prior']),
  forecastCategory: forecastCategorySchema,
  /** The deal-risk reasons. */
  drivers,
  nextAction: nextActionSchema.nullable(),
  detail: storedOpportunityDetailSchema,
  profileVersion: z.number().int().min(0),
  modelVersion: z.string().nullable(),
  scoredAt: z.date(),
});
export type StoredOpportunityScore = z.infer<typeof storedOpportunityScoreSchema>;

/** One daily point of `score_history`. */
export const storedScorePointSchema = z.object({ day: isoDate, healthScore: score100 });
