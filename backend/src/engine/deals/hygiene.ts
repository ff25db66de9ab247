import { hygieneBandFor, type Hygiene, type HygieneThresholds } from '@pillar/shared';
import type { OpportunityFeatures } from '../features/opportunity-features';
import { addedPoints, dealReason, dealVar, nextActionFor, primaryVar, variableDrivers, weightedScore, type DealVar } from './drivers';

/**
 * Pipeline hygiene of one deal, 0–100, HIGHER = DIRTIER (published variables and weights):
 * stage velocity 20 (days in stage / tenant median ≥ 2× 100, ≥ 1.5× 70), close-date slips 20 (3+ 100,
 * 2 60, 1 30), next step 20 (missing 100), contact coverage 15 (3+ 0, 2 40, ≤ 1 100), economic buyer 15
 * (missing 100), meeting recency 10 (≥ 21 d 100, ≥ 14 d 70, ≥ 7 d 30, never 100).
 */
export const HYGIENE_WEIGHTS = { stageVelocity: 20, closeDateSlips: 20, nextStep: 20, contactCoverage: 15, economicBuyer: 15, meetingRecency: 10 } as const;

export function scoreHygiene(f: OpportunityFeatures, o: { thresholds: HygieneThresholds; profileVersion: number }): Hygiene {
  const vars: DealVar[] = [];
  let known = 0;
  if (f.stageVelocityRatio !== null && f.daysInStage !== null) {
    const r = f.stageVelocityRatio;
    vars.push(dealVar('stageVelocity', HYGIENE_WEIGHTS.stageVelocity, r >= 2 ? 100 : r >= 1.5 ? 70 : 0,
      
        r >= 1.5
          ? dealReason('DEAL_STAGE_STALLED', { days: Math.round(f.daysInStage), stage: f.stage, velocityRatio: Math.round(r * 10) / 10 })
          : dealReason('DEAL_STAGE_ON_PACE', { days: Math.round(f.daysInStage), stage: f.stage }),
      { daysInStage: Math.round(f.daysInStage), stageMedianDays: f.stageMedianDays }));
    known += HYGIENE_WEIGHTS.stageVelocity;
  }
  if (f.closeDatePushes !== null) {
    const n = f.closeDatePushes;
    vars.push(dealVar('closeDateSlips', HYGIENE_WEIGHTS.closeDateSlips, n >= 3 ? 100 : n === 2 ? 60 : n === 1 ? 30 : 0,
      n > 0 ? dealReason('DEAL_CLOSE_DATE_PUSHED', { count: n }) : dealReason('DEAL_CLOSE_DATE_STABLE', {}),
      { closeDatePushes: n }));
    known += HYGIENE_WEIGHTS.closeDateSlips;
  }
  vars.push(dealVar('nextStep', HYGIENE_WEIGHTS.nextStep, f.hasNextStep ? 0 : 100,
    f.hasNextStep ? dealReason('HYG_NEXT_STEP_SET', {}) : dealReason('HYG_NEXT_STEP_MISSING', {}),
    { hasNextStep: f.hasNextStep }));
  known += HYGIENE_WEIGHTS.nextStep;
  if (f.contactCount !== null) {
    const n = f.contactCount;
    vars.push(dealVar('contactCoverage', HYGIENE_WEIGHTS.contactCoverage, n >= 3 ? 0 : n === 2 ? 40 : 100,
      n === 0 ? dealReason('HYG_CONTACTS_UNKNOWN', {}) : dealReason('HYG_CONTACTS', { count: n }),
      { contactCount: n }));
    known += HYGIENE_WEIGHTS.contactCoverage;
  }
  if (f.hasEconomicBuyer !== null) {
    vars.push(dealVar('economicBuyer', HYGIENE_WEIGHTS.economicBuyer, f.hasEconomicBuyer ? 0 : 100,
      f.hasEconomicBuyer ? dealReason('HYG_EB_PRESENT', {}) : dealReason('HYG_EB_MISSING', {}),
      { hasEconomicBuyer: f.hasEconomicBuyer }));
    known += HYGIENE_WEIGHTS.economicBuyer;
  }
  if (f.daysSinceLastMeeting !== null) {
    const d = f.daysSinceLastMeeting;
    const never = d === Number.POSITIVE_INFINITY;
    vars.push(dealVar('meetingRecency', HYGIENE_WEIGHTS.meetingRecency, never || d >= 21 ? 100 : d >= 14 ? 70 : d >= 7 ? 30 : 0,
      never ? dealReason('HYG_NO_MEETING', {}) : dealReason('HYG_MEETING_LAST', { days: Math.round(d) }),
      { daysSinceLastMeeting: never ? null : Math.round(d) }));
    known += HYGIENE_WEIGHTS.meetingRecency;
  }
  const score = weightedScore(vars);
  const primary = primaryVar(vars, addedPoints);
  return {
    opportunityId: f.opportunityId,
    score,
    band: hygieneBandFor(score, o.thresholds),
    drivers: variableDrivers(vars, score),
    primaryReason: primary === null ? null : primary.reason,
    nextAction: nextActionFor(primary),
    dataSufficiency: known / 100,
    profileVersion: o.profileVersion,
  };
}
