import type { AccountFeatures } from '../features/account-features';

/**
 * Account priority 0–100 (published variables and weights): ARR value 20%, risk urgency 15%, expansion
 * potential 15%, engagement trend 10%, territory impact 10%, market context 10%, strategic alignment 10%,
 * tech spend propensity 10%. Variables without data are left out and the rest renormalised, except
 * tech spend propensity, which the published rule sets to 50 without data. Null when only that default
 * would remain.
 */
export function arrValueScore(arr: number): number {
  if (arr >= 500_000) return 100;
  if (arr >= 200_000) return 85 + ((arr - 200_000) / 300_000) * 15;
  return Math.max(0, (arr / 200_000) * 85);
}

export function priorityScore(f: AccountFeatures, renewalRisk: number | null): number | null {
  let sum = 0;
  let w = 0;
  if (f.arr !== null) {
    sum += 20 * arrValueScore(f.arr);
    w += 20;
  }
  if (renewalRisk !== null) {
    sum += 15 * renewalRisk;
    w += 15;
  }
  if (f.whitespacePct !== null) {
    sum += 15 * Math.max(0, Math.min(100, f.whitespacePct));
    w += 15;
  }
  if (f.activityTrendPct !== null) {
    sum += 10 * ((Math.max(-100, Math.min(100, f.activityTrendPct)) + 100) / 2);
    w += 10;
  }
  if (f.quotaContributionPct !== null) {
    sum += 10 * Math.max(0, Math.min(100, f.quotaContributionPct));
    w += 10;
  }
  if (f.budgetTrendPct !== null) {
    sum += 10 * (f.budgetTrendPct > 0 ? 80 : f.budgetTrendPct < 0 ? 10 : 45);
    w += 10;
  }
  if (f.strategicThemeMatch !== null) {
    sum += 10 * (f.strategicThemeMatch ? 100 : 0);
    w += 10;
  }
  if (w === 0) return null;
  sum += 10 * (f.techSpendPropensity ?? 50);
  w += 10;
  return Math.round((sum / w) * 100) / 100;
}
