import {
  CATEGORIES,
  DEFAULT_SCORING_PROFILE,
  parseScoringProfile,
  type Category,
  type ProfileIssue,
  type ScoringProfile,
  type Thresholds,
} from '@pillar/shared';
import { RULES } from '../rules/catalog';

/** Weights must add up to 1 within this tolerance after renormalisation (published invariant). */
export const WEIGHT_SUM_TOLERANCE = 0.001;

/**
 * A validated profile in the form the engine scores with: arrays aligned with RULES and CATEGORIES (no
 * map lookups per account), category weights renormalised to sum to 1.
 */
export interface CompiledProfile {
  readonly version: number;
  readonly name: string;
  /** Renormalised category weights in CATEGORIES order (sum 1 ± 0.001). */
  readonly categoryWeights: Float64Array;
  /** Effective weight 0–10 of each rule in RULES order; 0 when disabled. */
  readonly ruleWeights: Float64Array;
  readonly thresholds: Thresholds;
  readonly highValueQuantile: number;
}

export class ProfileInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileInvariantError';
  }
}

/** Scales non-negative weights to sum to 1; throws when they are all zero. */
export function normaliseWeights(weights: ArrayLike<number>): Float64Array {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]!;
  if (!(sum > 0)) throw new ProfileInvariantError('weights sum to 0: at least one weight must be positive');
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = weights[i]! / sum;
  assertWeightInvariant(out);
  return out;
}

export function assertWeightInvariant(weights: ArrayLike<number>): void {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0)) throw new ProfileInvariantError(`weight ${i} is negative or not a number`);
    sum += w;
  }
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) throw new ProfileInvariantError(`weights sum to ${sum}, not 1 ± ${WEIGHT_SUM_TOLERANCE}`);
}

/** Compiles an already validated profile. */
export function compileScoringProfile(p: ScoringProfile): CompiledProfile {
  const cat = normaliseWeights(CATEGORIES.map((c: Category) => p.categoryWeights[c]));
  const disabled = new Set<string>(p.disabledRules);
  const ruleWeights = new Float64Array(RULES.length);
  for (let i = 0; i < RULES.length; i++) {
    const r = RULES[i]!;
    ruleWeights[i] = disabled.has(r.id) ? 0 : (p.ruleWeights[r.id] ?? r.weight);
  }
  return { version: p.version, name: p.name, categoryWeights: cat, ruleWeights, thresholds: p.thresholds, highValueQuantile: p.thresholds.highValueQuantile };
}

/** Validates and compiles raw profile JSON; errors name the offending path. */
export function compileProfile(raw: unknown): { ok: true; profile: CompiledProfile } | { ok: false; issues: ProfileIssue[] } {
  const parsed = parseScoringProfile(raw);
  if (!parsed.ok) return parsed;
  return { ok: true, profile: compileScoringProfile(parsed.profile) };
}

export const DEFAULT_PROFILE: CompiledProfile = compileScoringProfile(DEFAULT_SCORING_PROFILE);
