import { z } from 'zod';
import {
  DEFAULT_CONFIDENCE_THRESHOLDS,
  DEFAULT_DEAL_RISK_THRESHOLDS,
  DEFAULT_HEALTH_THRESHOLDS,
  DEFAULT_HYGIENE_THRESHOLDS,
  DEFAULT_RENEWAL_THRESHOLDS,
} from './bands';
import { DEFAULT_CATEGORY_WEIGHTS } from './categories';
import { isRuleId } from './rule-meta';
import { DEFAULT_SIGNAL_PROFILE, signalProfileSchema, type SignalProfile } from '../signals/signal-profile';

export * from '../signals/signal-profile';

/**
 * A tenant's scoring profile: category weights, rule weight overrides, disabled rules, band thresholds and
 * the signal settings (threshold overrides, switched-off signal types). Admins edit it through the API; every stored score records the profile `version` that
 * produced it. Category weights need not sum to 1 here: the engine renormalises them and checks the
 * invariant (sum 1 ± 0.001). Errors name the offending path (e.g. `ruleWeights.ENG-999`).
 */
const CategoryWeight = z.number().min(0).max(1);
const Score = z.number().min(0).max(100);

export const CategoryWeightsSchema = z
  .object({
    engagement: CategoryWeight,
    fit: CategoryWeight,
    intent: CategoryWeight,
    velocity: CategoryWeight,
    pipelineHealth: CategoryWeight,
    relationship: CategoryWeight,
    risk: CategoryWeight,
    opportunityQuality: CategoryWeight,
  })
  .strict()
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one category weight must be above 0' });

const descending = <T extends Record<string, number>>(keys: readonly (keyof T & string)[], label: string) =>
  (t: T, ctx: z.RefinementCtx) => {
    for (let i = 1; i < keys.length; i++) {
      const hi = keys[i - 1] as keyof T & string;
      const lo = keys[i] as keyof T & string;
      if (!(t[hi]! > t[lo]!)) ctx.addIssue({ code: 'custom', path: [lo], message: `${label}: ${lo} (${t[lo]}) must be below ${hi} (${t[hi]})` });
    }
  };

export const ThresholdsSchema = z
  .object({
    health: z.object({ healthy: Score, watch: Score, atRisk: Score }).strict().superRefine(descending(['healthy', 'watch', 'atRisk'], 'health bands')).default(DEFAULT_HEALTH_THRESHOLDS),
    renewal: z.object({ critical: Score, high: Score, medium: Score }).strict().superRefine(descending(['critical', 'high', 'medium'], 'renewal bands')).default(DEFAULT_RENEWAL_THRESHOLDS),
    dealRisk: z.object({ high: Score, medium: Score }).strict().superRefine(descending(['high', 'medium'], 'deal risk bands')).default(DEFAULT_DEAL_RISK_THRESHOLDS),
    hygiene: z.object({ poor: Score, needsAttention: Score }).strict().superRefine(descending(['poor', 'needsAttention'], 'hygiene bands')).default(DEFAULT_HYGIENE_THRESHOLDS),
    confidence: z.object({ high: Score, medium: Score }).strict().superRefine(descending(['high', 'medium'], 'confidence bands')).default(DEFAULT_CONFIDENCE_THRESHOLDS),
    /** Deals at or above this quantile of the tenant's own deal sizes count as "high value". */
    highValueQuantile: z.number().min(0.5).max(0.99).default(0.75),
  })
  .strict();

const RuleIdKey = z.string().refine(isRuleId, { message: 'unknown rule id' });

export const ScoringProfileSchema = z
  .object({
    version: z.number().int().positive(),
    name: z.string().min(1).max(100).default('Default'),
    categoryWeights: CategoryWeightsSchema.default(DEFAULT_CATEGORY_WEIGHTS),
    /** Rule weight overrides 0–10 by rule id; rules not listed keep their catalog weight. */
    ruleWeights: z.record(z.string(), z.number().min(0).max(10)).default({}),
    disabledRules: z.array(RuleIdKey).default([]),
    thresholds: ThresholdsSchema.default(ThresholdsSchema.parse({})),
    /** Signal thresholds and switched-off types (shared/src/signals/signal-profile.ts); defaults when omitted. */
    signals: signalProfileSchema.default(() => ({ ...DEFAULT_SIGNAL_PROFILE, thresholds: {}, disabledTypes: [] })),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const id of Object.keys(p.ruleWeights)) {
      if (!isRuleId(id)) ctx.addIssue({ code: 'custom', path: ['ruleWeights', id], message: `unknown rule id ${id}` });
    }
  });

/** What an admin sends (defaults may be omitted). */
export type ScoringProfileInput = z.input<typeof ScoringProfileSchema>;
/** A validated profile with every default filled in. */
export type ScoringProfile = z.output<typeof ScoringProfileSchema>;
export type Thresholds = ScoringProfile['thresholds'];

export const DEFAULT_SCORING_PROFILE: ScoringProfile = ScoringProfileSchema.parse({ version: 1, name: 'Pillar defaults' });

export interface ProfileIssue {
  readonly path: string;
  readonly message: string;
}

/** Validates a profile; errors carry a dotted path to the offending value. */
export function parseScoringProfile(raw: unknown): { ok: true; profile: ScoringProfile } | { ok: false; issues: ProfileIssue[] } {
  const r = ScoringProfileSchema.safeParse(raw);
  if (r.success) return { ok: true, profile: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}

/**
 * The signal settings of a stored profile (the `profile` JSON of the active scoring_profiles row, or null when
 * the tenant never saved one), as runSignalCycle's `signalProfile` option. Profiles saved before signal
 * settings existed get the defaults. A stored value that no longer validates is an error naming its path.
 */
export function signalProfileOf(stored: Readonly<Record<string, unknown>> | null | undefined): SignalProfile {
  const parsed = signalProfileSchema.safeParse(stored?.signals ?? {});
  if (parsed.success) return parsed.data;
  throw new Error(`Invalid stored signal settings: ${parsed.error.issues.map((i) => `${['signals', ...i.path].join('.')}: ${i.message}`).join('; ')}`);
}
