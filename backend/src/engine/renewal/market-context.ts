/**
 * Published market-context composite (0–100, higher = riskier): budget trend 50% (YoY < −5% 80, < 0%
 * 50, < 5% 30, else 0), technology budget share 30% (< 2% 60, < 5% 30, else 0), grant dependency 20%
 * (over 30% grant-dependent: the full 20 points). Parts with no data are left out and the weights
 * renormalised; with no part known the composite is null (renewal risk then treats it as 50).
 */
export function marketContextRisk(budgetTrendPct: number | null, techBudgetSharePct: number | null, grantDependencyPct: number | null): number | null {
  let sum = 0;
  let w = 0;
  if (budgetTrendPct !== null) {
    sum += 0.5 * (budgetTrendPct < -5 ? 80 : budgetTrendPct < 0 ? 50 : budgetTrendPct < 5 ? 30 : 0);
    w += 0.5;
  }
  if (techBudgetSharePct !== null) {
    sum += 0.3 * (techBudgetSharePct < 2 ? 60 : techBudgetSharePct < 5 ? 30 : 0);
    w += 0.3;
  }
  if (grantDependencyPct !== null) {
    sum += 0.2 * (grantDependencyPct > 30 ? 100 : 0);
    w += 0.2;
  }
  return w === 0 ? null : sum / w;
}
