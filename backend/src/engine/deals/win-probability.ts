import type { DealRiskBand, VariableDriver, WinProbability } from '@pillar/shared';
import type { OpportunityFeatures } from '../features/opportunity-features';
import { dealReason, dealVar, nextActionFor, type DealVar } from './drivers';

/**
 * Rule-based win-probability prior (used until the tenant has enough closed deals for a learned model;
 * `method: 'prior'` lets the card say so). Points, starting from this tenant's own history:
 *   base: win rate of deals that reached this stage, else the overall win rate (plus stage progress ×15),
 *         else 50;
 *   deal risk High −18, Medium −6; no activity for > 21 days −12, activity within 5 days +5;
 *   open longer than the tenant's p90 closed cycle −10; close date pushed twice or more −8;
 *   champion and economic buyer both on the deal +5.
 * Clamped to 1–99 (the clamp is charged to the base driver so drivers still add up). Closed deals: won
 * 100, lost 0.
 */
export function scoreWinProbability(f: OpportunityFeatures, riskBand: DealRiskBand, o: { profileVersion: number }): WinProbability {
  const parts: DealVar[] = [];
  const add = (variable: string, points: number, reason: DealVar['reason'], evidence: DealVar['evidence']): void => {
    parts.push(dealVar(variable, 1, points, reason, evidence));
  };
  if (f.isClosed) {
    add('base', f.isWon ? 100 : 0, dealReason('WIN_BASE_STAGE', { stage: f.stage, winPct: f.isWon ? 100 : 0 }), { isWon: f.isWon });
    return finish(f, parts, o.profileVersion);
  }
  if (f.stageWinRate !== null) {
    add('base', f.stageWinRate * 100, dealReason('WIN_BASE_STAGE', { stage: f.stage, winPct: Math.round(f.stageWinRate * 100) }), { stageWinRate: f.stageWinRate });
  } else if (f.historicalWinRate !== null) {
    add('base', f.historicalWinRate * 100, dealReason('WIN_BASE_OVERALL', { winPct: Math.round(f.historicalWinRate * 100) }), { historicalWinRate: f.historicalWinRate });
    const p = Math.round(f.stageProgress * 15 * 100) / 100;
    if (p > 0) add('stageProgress', p, dealReason('WIN_STAGE_PROGRESS', { pointsDelta: p }), { stageProgress: f.stageProgress });
  } else {
    add('base', 50, dealReason('WIN_BASE_DEFAULT', {}), {});
    const p = Math.round(f.stageProgress * 15 * 100) / 100;
    if (p > 0) add('stageProgress', p, dealReason('WIN_STAGE_PROGRESS', { pointsDelta: p }), { stageProgress: f.stageProgress });
  }
  if (riskBand === 'HIGH') add('dealRisk', -18, dealReason('WIN_RISK_HIGH', {}), { riskBand });
  else if (riskBand === 'MEDIUM') add('dealRisk', -6, dealReason('WIN_RISK_MEDIUM', {}), { riskBand });
  const d = f.daysSinceLastActivity;
  if (d !== null) {
    if (d > 21) add('activity', -12, dealReason('WIN_INACTIVE', { days: d === Number.POSITIVE_INFINITY ? Math.round(f.ageDays) : Math.round(d) }), { daysSinceLastActivity: Number.isFinite(d) ? Math.round(d) : null });
    else if (d <= 5) add('activity', 5, dealReason('WIN_RECENT_ACTIVITY', { days: Math.round(d) }), { daysSinceLastActivity: Math.round(d) });
  }
  if (f.p90ClosedCycleDays !== null && f.ageDays > f.p90ClosedCycleDays) {
    add('age', -10, dealReason('WIN_AGED', { days: Math.round(f.ageDays), p90Days: Math.round(f.p90ClosedCycleDays) }), { ageDays: Math.round(f.ageDays) });
  }
  if (f.closeDatePushes !== null && f.closeDatePushes >= 2) add('pushes', -8, dealReason('WIN_PUSHED', { count: f.closeDatePushes }), { closeDatePushes: f.closeDatePushes });
  if (f.hasChampion === true && f.hasEconomicBuyer === true) add('buyers', 5, dealReason('WIN_BUYERS_PRESENT', {}), { hasChampion: true, hasEconomicBuyer: true });
  return finish(f, parts, o.profileVersion);
}

function finish(f: OpportunityFeatures, parts: DealVar[], profileVersion: number): WinProbability {
  let raw = 0;
  for (const p of parts) raw += p.value;
  const score = f.isClosed ? raw : Math.round(Math.min(99, Math.max(1, raw)) * 100) / 100;
  const clampDelta = score - raw;
  const drivers: VariableDriver[] = parts.map((p, i) => {
    const contribution = Math.round((p.value + (i === 0 ? clampDelta : 0)) * 100) / 100;
    return { variable: p.variable, weight: p.weight, value: p.value, contribution, reason: p.reason, evidence: p.evidence };
  });
  // The most negative adjustment explains a low probability best; none → no action.
  let primary: DealVar | null = null;
  for (const p of parts) if (p.variable !== 'base' && p.value < 0 && (primary === null || p.value < primary.value)) primary = p;
  return {
    opportunityId: f.opportunityId,
    score,
    drivers,
    primaryReason: primary === null ? null : primary.reason,
    nextAction: nextActionFor(primary),
    dataSufficiency: f.stageWinRate !== null || f.historicalWinRate !== null ? 1 : 0.5,
    profileVersion,
    method: 'prior',
  };
}
