import { confidenceBandFor, type Confidence, type ConfidenceThresholds } from '@pillar/shared';
import type { OpportunityFeatures } from '../features/opportunity-features';
import { competitionRisk } from './deal-risk-model';
import { dealReason, dealVar, lostPoints, nextActionFor, primaryVar, variableDrivers, weightedScore, type DealVar } from './drivers';

/**
 * Forecast confidence of one deal, 0–100, higher = more confident (published variables and weights):
 * stage probability 20 (pass-through), deal hygiene 20 (100 − hygiene), engagement velocity 15
 * (meetings in 30 d: 4+ 100, 2+ 70, 1 40, 0 10), competitor risk 15 (100 − competitive pressure),
 * executive engagement 10 (yes 100, no 20), historical win rate 10 (pass-through), procurement alignment 10
 * (complexity 40%: > 70 → 20, > 50 → 50, else 80; co-op pathway 35%: yes 80, no 30; fiscal-year
 * alignment 25%: aligned 80, else 20; over the parts that are known).
 */
export const CONFIDENCE_WEIGHTS = {
  stageProbability: 20,
  dealHygiene: 20,
  engagementVelocity: 15,
  competitorRisk: 15,
  executiveEngagement: 10,
  historicalWinRate: 10,
  procurementAlignment: 10,
} as const;

export function procurementAlignment(complexity: number | null, coop: boolean | null, fiscalAligned: boolean | null): number | null {
  let sum = 0;
  let w = 0;
  if (complexity !== null) {
    sum += 0.4 * (complexity > 70 ? 20 : complexity > 50 ? 50 : 80);
    w += 0.4;
  }
  if (coop !== null) {
    sum += 0.35 * (coop ? 80 : 30);
    w += 0.35;
  }
  if (fiscalAligned !== null) {
    sum += 0.25 * (fiscalAligned ? 80 : 20);
    w += 0.25;
  }
  return w === 0 ? null : sum / w;
}

export function scoreConfidence(f: OpportunityFeatures, hygieneScore: number, o: { thresholds: ConfidenceThresholds; profileVersion: number }): Confidence {
  const vars: DealVar[] = [];
  let known = 0;
  const prob = f.stageWinRate !== null ? f.stageWinRate * 100 : f.probability;
  if (prob !== null) {
    vars.push(dealVar('stageProbability', CONFIDENCE_WEIGHTS.stageProbability, prob, dealReason('CONF_STAGE_PROBABILITY', { probabilityPct: Math.round(prob) }), { probability: Math.round(prob) }));
    known += CONFIDENCE_WEIGHTS.stageProbability;
  }
  vars.push(dealVar('dealHygiene', CONFIDENCE_WEIGHTS.dealHygiene, 100 - hygieneScore, dealReason('CONF_HYGIENE', { hygiene: Math.round(hygieneScore) }), { hygiene: hygieneScore }));
  known += CONFIDENCE_WEIGHTS.dealHygiene;
  if (f.meetings30d !== null) {
    const m = f.meetings30d;
    vars.push(dealVar('engagementVelocity', CONFIDENCE_WEIGHTS.engagementVelocity, m >= 4 ? 100 : m >= 2 ? 70 : m === 1 ? 40 : 10, dealReason('CONF_MEETINGS', { count: m }), { meetings30d: m }));
    known += CONFIDENCE_WEIGHTS.engagementVelocity;
  }
  if (f.competitorCount !== null || f.competitorMentions !== null) {
    const risk = competitionRisk((f.competitorCount ?? 0) + (f.competitorMentions ?? 0));
    vars.push(dealVar('competitorRisk', CONFIDENCE_WEIGHTS.competitorRisk, 100 - risk, dealReason('CONF_COMPETITION', { risk }), { competitorCount: f.competitorCount, competitorMentions: f.competitorMentions }));
    known += CONFIDENCE_WEIGHTS.competitorRisk;
  }
  if (f.execEngaged30d !== null) {
    vars.push(dealVar('executiveEngagement', CONFIDENCE_WEIGHTS.executiveEngagement, f.execEngaged30d ? 100 : 20,
      f.execEngaged30d ? dealReason('CONF_EXEC_ENGAGED', {}) : dealReason('CONF_EXEC_NOT_ENGAGED', {}),
      { execEngaged30d: f.execEngaged30d }));
    known += CONFIDENCE_WEIGHTS.executiveEngagement;
  }
  if (f.historicalWinRate !== null) {
    const w = f.historicalWinRate * 100;
    vars.push(dealVar('historicalWinRate', CONFIDENCE_WEIGHTS.historicalWinRate, w, dealReason('CONF_WIN_RATE', { winPct: Math.round(w) }), { historicalWinRate: f.historicalWinRate }));
    known += CONFIDENCE_WEIGHTS.historicalWinRate;
  }
  const proc = procurementAlignment(f.procurementComplexity, f.coopPathway, f.fiscalYearAligned);
  if (proc !== null) {
    vars.push(dealVar('procurementAlignment', CONFIDENCE_WEIGHTS.procurementAlignment, proc,
      dealReason('CONF_PROCUREMENT', { score: Math.round(proc) }),
      { procurementComplexity: f.procurementComplexity, coopPathway: f.coopPathway, fiscalYearAligned: f.fiscalYearAligned }));
    known += CONFIDENCE_WEIGHTS.procurementAlignment;
  }
  const score = weightedScore(vars);
  const primary = primaryVar(vars, lostPoints);
  return {
    opportunityId: f.opportunityId,
    score,
    band: confidenceBandFor(score, o.thresholds),
    drivers: variableDrivers(vars, score),
    primaryReason: primary === null ? null : primary.reason,
    nextAction: nextActionFor(primary),
    dataSufficiency: known / 100,
    profileVersion: o.profileVersion,
  };
}
