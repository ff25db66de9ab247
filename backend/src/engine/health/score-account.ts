import { CATEGORIES, healthBandFor, type AccountHealth, type CategoryScore, type Driver } from '@pillar/shared';
import type { AccountFeatures } from '../features/account-features';
import { DEFAULT_PROFILE, type CompiledProfile } from '../profile/compile-profile';
import { RULE_CATEGORY_INDEX, RULES } from '../rules/catalog';
import type { RuleContext, RuleResult } from '../rules/types';
import { scoreRenewalRisk } from '../renewal/renewal-risk';
import { priorityScore } from './priority';
import { distributeCents } from './rounding';
import { computeTrend } from './trend';

const N_RULES = RULES.length;
const N_CATS = CATEGORIES.length;

// Scratch buffers reused across calls (the engine is synchronous and single-threaded per process);
// scoring allocates only what it returns.
const results: (RuleResult | null)[] = new Array(N_RULES).fill(null);
const catEnabled = new Float64Array(N_CATS);
const catApplicable = new Float64Array(N_CATS);
const catWeighted = new Float64Array(N_CATS);
const catCount = new Int32Array(N_CATS);
const catEnabledCount = new Int32Array(N_CATS);
const parts = new Float64Array(N_RULES);
const shares = new Float64Array(N_RULES);
const idx = new Int32Array(N_RULES);
const cents = new Int32Array(N_RULES);

let isoMs = Number.NaN;
let iso = '';
function isoOf(now: Date): string {
  const ms = now.getTime();
  if (ms !== isoMs) {
    isoMs = ms;
    iso = now.toISOString();
  }
  return iso;
}

/**
 * Account health:
 *   category score = Σ(rule score × rule weight) / Σ(rule weight) over the category's applicable rules;
 *   health = Σ category score × category weight, the category weights renormalised over categories with
 *   at least one applicable rule.
 * Drivers are the exact per-rule terms of that sum — rule score × (rule weight / category applicable
 * weight) × renormalised category weight — rounded to hundredths so that they add up to the rounded
 * score exactly. Data sufficiency = Σ category weight × (applicable rule weight / enabled rule weight).
 */
export function scoreAccount(f: AccountFeatures, now: Date, profile: CompiledProfile = DEFAULT_PROFILE): AccountHealth {
  const renewal = scoreRenewalRisk(f, profile.thresholds.renewal);
  const renewalRisk = renewal === null ? null : renewal.score;
  const ctx: RuleContext = { f, renewalRisk, now };
  const ruleW = profile.ruleWeights;

  catEnabled.fill(0);
  catApplicable.fill(0);
  catWeighted.fill(0);
  catCount.fill(0);
  catEnabledCount.fill(0);
  for (let i = 0; i < N_RULES; i++) {
    const w = ruleW[i]!;
    if (w <= 0) {
      results[i] = null;
      continue;
    }
    const c = RULE_CATEGORY_INDEX[i]!;
    catEnabled[c] = catEnabled[c]! + w;
    catEnabledCount[c] = catEnabledCount[c]! + 1;
    const r = RULES[i]!.evaluate(ctx);
    results[i] = r;
    if (r !== null) {
      catApplicable[c] = catApplicable[c]! + w;
      catWeighted[c] = catWeighted[c]! + w * r.score;
      catCount[c] = catCount[c]! + 1;
    }
  }

  // Renormalise category weights over categories that have an applicable rule.
  const catW = profile.categoryWeights;
  let liveW = 0;
  let enabledCatW = 0;
  let sufficiency = 0;
  for (let c = 0; c < N_CATS; c++) {
    if (catApplicable[c]! > 0) liveW += catW[c]!;
    if (catEnabled[c]! > 0) {
      enabledCatW += catW[c]!;
      sufficiency += catW[c]! * (catApplicable[c]! / catEnabled[c]!);
    }
  }
  const dataSufficiency = enabledCatW > 0 ? sufficiency / enabledCatW : 0;

  const categories: CategoryScore[] = new Array(N_CATS);
  let health = 0;
  for (let c = 0; c < N_CATS; c++) {
    const applicable = catApplicable[c]!;
    const score = applicable > 0 ? catWeighted[c]! / applicable : null;
    const weight = applicable > 0 && liveW > 0 ? catW[c]! / liveW : 0;
    if (score !== null) health += score * weight;
    categories[c] = {
      category: CATEGORIES[c]!,
      score: score === null ? null : Math.round(score * 100) / 100,
      weight,
      configuredWeight: catW[c]!,
      applicableRules: catCount[c]!,
      enabledRules: catEnabledCount[c]!,
      dataSufficiency: catEnabled[c]! > 0 ? applicable / catEnabled[c]! : 0,
    };
  }

  if (liveW === 0) {
    return {
      accountId: f.accountId,
      score: null,
      band: null,
      categories,
      drivers: [],
      dataSufficiency: 0,
      trend: { delta7d: null, delta30d: null, direction: null },
      priority: priorityScore(f, renewalRisk),
      renewalRisk: renewal,
      profileVersion: profile.version,
      computedAt: isoOf(now),
    };
  }

  const score = Math.round(health * 100) / 100;
  // Exact per-rule terms of the health sum, then hundredths that add up to the rounded score.
  let n = 0;
  for (let i = 0; i < N_RULES; i++) {
    const r = results[i];
    if (r === null || r === undefined) continue;
    const c = RULE_CATEGORY_INDEX[i]!;
    const share = (ruleW[i]! / catApplicable[c]!) * (catW[c]! / liveW);
    shares[n] = share;
    parts[n] = r.score * share;
    idx[n] = i;
    n++;
  }
  distributeCents(parts, Math.round(score * 100), n, cents);
  const drivers: Driver[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    const r = results[i]!;
    const rule = RULES[i]!;
    drivers[k] = {
      ruleId: rule.id,
      category: rule.category,
      contribution: cents[k]! / 100,
      score: r.score,
      weight: shares[k]!,
      reason: r.reason,
      evidence: r.evidence,
    };
  }

  return {
    accountId: f.accountId,
    score,
    band: healthBandFor(score, profile.thresholds.health),
    categories,
    drivers,
    dataSufficiency,
    trend: computeTrend(score, f.health7dAgo, f.health30dAgo),
    priority: priorityScore(f, renewalRisk),
    renewalRisk: renewal,
    profileVersion: profile.version,
    computedAt: isoOf(now),
  };
}

/** The drivers that moved the score most: largest contributions first (ties by rule order). */
export function topDrivers(health: AccountHealth, n: number): Driver[] {
  return [...health.drivers].sort((a, b) => b.contribution - a.contribution).slice(0, n);
}

/** Drivers that held the score down most: largest lost points (weight × (100 − score)) first. */
export function weakestDrivers(health: AccountHealth, n: number): Driver[] {
  return [...health.drivers].sort((a, b) => b.weight * (100 - b.score) - a.weight * (100 - a.score)).slice(0, n);
}
