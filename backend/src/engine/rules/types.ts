import { reason, type Category, type Reason, type ReasonCode, type ReasonParams } from '@pillar/shared';
import type { AccountFeatureKey, AccountFeatures } from '../features/account-features';

export type RuleId = `${'ENG' | 'FIT' | 'INT' | 'VEL' | 'PH' | 'REL' | 'RSK' | 'OQ'}-${string}`;

/** Evidence: the input values a score was computed from, for audit and the card's "why". */
export type Evidence = Readonly<Record<string, number | string | boolean | null>>;

export interface RuleResult {
  /** 0–100, higher = healthier. */
  readonly score: number;
  readonly reason: Reason;
  readonly evidence: Evidence;
}

/** A rule whose inputs are missing returns this; it is left out and lowers data sufficiency. */
export const NOT_APPLICABLE = null;
export type RuleOutcome = RuleResult | typeof NOT_APPLICABLE;

export interface RuleContext {
  readonly f: AccountFeatures;
  /** Renewal risk computed for this account before the rules run (null when it has no renewal). */
  readonly renewalRisk: number | null;
  readonly now: Date;
}

/** Keys a rule may declare in `requires`: feature keys, plus the renewal risk computed upstream. */
export type RuleInputKey = AccountFeatureKey | 'renewalRisk';

export interface AccountRule {
  readonly id: RuleId;
  readonly name: string;
  readonly category: Category;
  /** Default weight 0–10 inside its category (profiles may override). */
  readonly weight: number;
  readonly description: string;
  /** Inputs that must be known (non-null) for the rule to apply. */
  readonly requires: readonly RuleInputKey[];
  evaluate(ctx: RuleContext): RuleOutcome;
}

/** Builds a result; the evidence defaults to the reason parameters. */
export function scored<C extends ReasonCode>(score: number, code: C, params: ReasonParams<C>, evidence?: Evidence): RuleResult {
  return { score: clampScore(score), reason: reason(code, params), evidence: evidence ?? (params as Evidence) };
}

/** Clamps to 0–100 and rounds to hundredths (no float noise in stored scores). */
export function clampScore(s: number): number {
  return s <= 0 ? 0 : s >= 100 ? 100 : Math.round(s * 100) / 100;
}

/** Whole days for display (Infinity stays Infinity; callers use a "never" reason for it). */
export function days(d: number): number {
  return Math.round(d);
}

/** Share 0–1 → whole percent. */
export function pct(share: number): number {
  return Math.round(share * 100);
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
