import { renderAction, type ActionCode, type CardDriver, type DealRiskBand, type DealScores } from '@pillar/shared';
import type { OpportunityInput } from '../engine';
import type { StoredOpportunityScore } from '../db/stored-scores';
import { variableCardDrivers } from './card-drivers';
import { forecastCategoryFor } from './forecast-category';

/** Engine DealScores → the stored opportunity_scores shape (db/stored-scores.ts). */

const PRIORITY: Readonly<Record<DealRiskBand, 'high' | 'medium' | 'low'>> = { HIGH: 'high', MEDIUM: 'medium', LOW: 'low' };

/**
 * The one next action of the deal: deal risk's (its primary reason, looked up in the shared reason →
 * action table), else hygiene's, confidence's, then win probability's. Its priority follows the risk band.
 */
export function nextActionOf(scores: DealScores): StoredOpportunityScore['nextAction'] {
  const code: ActionCode | null = scores.risk.nextAction ?? scores.hygiene.nextAction ?? scores.confidence.nextAction ?? scores.winProbability.nextAction;
  return code === null ? null : { code, text: renderAction(code), priority: PRIORITY[scores.risk.band] };
}

/**
 * When not one deal-risk variable could be assessed (no activities, contact roles, competitor field,
 * close-date history or stage timing known), the engine's risk is 0 with no drivers. The stored risk is
 * then that 0, and this driver says it rests on no data, so the card never shows a silent "Low".
 */
export const NO_RISK_DATA_DRIVER: CardDriver = {
  id: 'DR-NO-DATA',
  name: 'No risk data',
  category: 'dealRisk',
  contribution: 0,
  score: null,
  weight: 0,
  reason: 'Deal risk not assessed: no activity, contact roles, competitors, close-date history or stage timing is known for this deal',
  reasonCode: 'DEAL_RISK_NO_DATA',
  evidence: { dataSufficiency: 0 },
};

/** Deal risk rests on no data at all (see NO_RISK_DATA_DRIVER). */
export function riskUnassessed(scores: DealScores): boolean {
  return scores.risk.drivers.length === 0;
}

export function winNoteOf(scores: DealScores): string | null {
  const wp = scores.winProbability;
  if (wp.method === 'model') return null;
  return wp.dataSufficiency < 1
    ? 'Rule-based estimate: this organization has too few closed deals to learn a win model from yet'
    : "Rule-based estimate from this organization's own win rates; no learned win model yet";
}

export function toStoredOpportunityScore(scores: DealScores, opportunity: OpportunityInput, scoredAt: Date): StoredOpportunityScore {
  return {
    dealRisk: scores.risk.score,
    dealRiskBand: scores.risk.band,
    hygiene: scores.hygiene.score,
    confidence: scores.confidence.score,
    // The engine speaks percent; the stored probability is a fraction.
    winProbability: Math.round(scores.winProbability.score * 100) / 10_000,
    winProbabilitySource: scores.winProbability.method,
    forecastCategory: forecastCategoryFor(opportunity),
    drivers: riskUnassessed(scores) ? [NO_RISK_DATA_DRIVER] : variableCardDrivers('dealRisk', scores.risk.drivers),
    nextAction: nextActionOf(scores),
    detail: {
      hygieneGaps: variableCardDrivers('hygiene', scores.hygiene.drivers.filter((d) => d.value > 0)),
      confidenceDrivers: variableCardDrivers('confidence', scores.confidence.drivers),
      winDrivers: variableCardDrivers('winProbability', scores.winProbability.drivers),
      winNote: winNoteOf(scores),
      cohort: null,
    },
    profileVersion: scores.risk.profileVersion,
    modelVersion: null,
    scoredAt,
  };
}
