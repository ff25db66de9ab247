import { z } from 'zod';
import { ActionCodeSchema } from './actions';
import { dealRiskBandSchema, healthBandSchema, hygieneBandSchema, renewalRiskBandSchema } from '../catalog/bands';
import { confidenceBandSchema } from './bands';
import { CategorySchema } from './categories';
import { ReasonSchema } from './reasons';

/**
 * What the engine returns and the API serves. Every score carries its drivers (contributions that add
 * up to the score), its data sufficiency and the profile version that produced it.
 */
export const EvidenceSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));

/** One account rule's share of the health score. Contributions of all drivers sum to the score (±0.01). */
export const DriverSchema = z.object({
  ruleId: z.string(),
  category: CategorySchema,
  /** Points of the health score this rule accounts for. */
  contribution: z.number(),
  /** The rule's own 0–100 sub-score. */
  score: z.number().min(0).max(100),
  /** The rule's effective share of the health score (0–1): contribution = score × weight. */
  weight: z.number().min(0).max(1),
  reason: ReasonSchema,
  evidence: EvidenceSchema,
});
export type Driver = z.infer<typeof DriverSchema>;

export const CategoryScoreSchema = z.object({
  category: CategorySchema,
  /** Weighted mean of the applicable rules; null when none applied. */
  score: z.number().min(0).max(100).nullable(),
  /** Weight after renormalising over categories with at least one applicable rule (0 when none). */
  weight: z.number().min(0).max(1),
  configuredWeight: z.number().min(0).max(1),
  applicableRules: z.number().int().min(0),
  enabledRules: z.number().int().min(0),
  /** Share of the category's enabled rule weight that was applicable. */
  dataSufficiency: z.number().min(0).max(1),
});
export type CategoryScore = z.infer<typeof CategoryScoreSchema>;

export const TrendDirectionSchema = z.enum(['improving', 'stable', 'declining']);
export const TrendSchema = z.object({
  delta7d: z.number().nullable(),
  delta30d: z.number().nullable(),
  /** From the 7-day delta (30-day when no 7-day point): ±5 points or more moves the direction. */
  direction: TrendDirectionSchema.nullable(),
});
export type Trend = z.infer<typeof TrendSchema>;

/** A driver of a variable-based score (renewal risk, deal risk, hygiene, confidence, win probability). */
export const VariableDriverSchema = z.object({
  variable: z.string(),
  /** Configured weight of the variable (percent of the score). */
  weight: z.number().min(0),
  /** The variable's own 0–100 value. */
  value: z.number(),
  /** Points of the final score this variable accounts for. */
  contribution: z.number(),
  reason: ReasonSchema,
  evidence: EvidenceSchema,
});
export type VariableDriver = z.infer<typeof VariableDriverSchema>;

export const RenewalRiskSchema = z.object({
  score: z.number().min(0).max(100),
  band: renewalRiskBandSchema,
  /** Score before the urgency amplifier. */
  baseScore: z.number().min(0).max(100),
  urgencyMultiplier: z.number().positive(),
  daysToRenewal: z.number().nullable(),
  drivers: z.array(VariableDriverSchema),
  dataSufficiency: z.number().min(0).max(1),
});
export type RenewalRisk = z.infer<typeof RenewalRiskSchema>;

export const AccountHealthSchema = z.object({
  accountId: z.string(),
  /** Null only when no rule at all could be applied (no data): the account is "not scored", never 0. */
  score: z.number().min(0).max(100).nullable(),
  band: healthBandSchema.nullable(),
  categories: z.array(CategoryScoreSchema),
  drivers: z.array(DriverSchema),
  dataSufficiency: z.number().min(0).max(1),
  trend: TrendSchema,
  priority: z.number().min(0).max(100).nullable(),
  renewalRisk: RenewalRiskSchema.nullable(),
  profileVersion: z.number().int().positive(),
  computedAt: z.string(),
});
export type AccountHealth = z.infer<typeof AccountHealthSchema>;

const DealScoreBase = {
  opportunityId: z.string(),
  score: z.number().min(0).max(100),
  drivers: z.array(VariableDriverSchema),
  /** The driver that explains the score most; the next action is looked up from its reason code. */
  primaryReason: ReasonSchema.nullable(),
  nextAction: ActionCodeSchema.nullable(),
  dataSufficiency: z.number().min(0).max(1),
  profileVersion: z.number().int().positive(),
};

export const DealRiskSchema = z.object({
  ...DealScoreBase,
  band: dealRiskBandSchema,
  /** When the current high-risk episode began (epoch ms), null when the deal is not high risk. */
  atRiskSince: z.number().nullable(),
  atRiskDays: z.number().min(0).nullable(),
  /** Response due (epoch ms): 1 day after onset for high value deals, 3 days otherwise. */
  slaDueAt: z.number().nullable(),
  overdue: z.boolean(),
  isHighValue: z.boolean().nullable(),
  highValueThreshold: z.number().nullable(),
});
export type DealRisk = z.infer<typeof DealRiskSchema>;

export const HygieneSchema = z.object({ ...DealScoreBase, band: hygieneBandSchema });
export type Hygiene = z.infer<typeof HygieneSchema>;

export const ConfidenceSchema = z.object({ ...DealScoreBase, band: confidenceBandSchema });
export type Confidence = z.infer<typeof ConfidenceSchema>;

export const WinProbabilitySchema = z.object({
  ...DealScoreBase,
  /** `prior` (rule-based) until the tenant has enough closed deals for a learned model; cards say so. */
  method: z.enum(['prior', 'model']),
});
export type WinProbability = z.infer<typeof WinProbabilitySchema>;

export const DealScoresSchema = z.object({
  opportunityId: z.string(),
  risk: DealRiskSchema,
  hygiene: HygieneSchema,
  confidence: ConfidenceSchema,
  winProbability: WinProbabilitySchema,
  computedAt: z.string(),
});
export type DealScores = z.infer<typeof DealScoresSchema>;
