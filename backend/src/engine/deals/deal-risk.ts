import { dealRiskBandFor, type DealRisk, type DealRiskThresholds } from '@pillar/shared';
import type { OpportunityFeatures } from '../features/opportunity-features';
import {
  CLOSE_NEAR_MS,
  DAY_MS,
  DEAL_RISK_WEIGHTS,
  DECAY_PER_MS,
  NO_CHAMPION_RISK,
  championSilenceRisk,
  closeDateRisk,
  competitionRisk,
  engagementRisk,
  pushRisk,
  replayDealRisk,
  velocityRisk,
} from './deal-risk-model';
import { addedPoints, dealReason, dealVar, nextActionFor, primaryVar, variableDrivers, weightedScore, type DealVar } from './drivers';
import type { DealTimeline } from './timeline';

/** Response windows from the start of a high-risk episode. */
export const SLA_HIGH_VALUE_MS = 1 * DAY_MS;
export const SLA_DEFAULT_MS = 3 * DAY_MS;

export interface DealRiskOptions {
  readonly thresholds: DealRiskThresholds;
  readonly profileVersion: number;
}

function msOrNull(ms: number): number | null {
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Deal risk now, with drivers, the start of the current high-risk episode (one pass over the timeline,
 * see deal-risk-model.ts), and the SLA that follows from it. "High value" is the tenant's own bar
 * (features.isHighValue: amount ≥ the profile's quantile of the tenant's deal sizes), never a constant.
 */
export function scoreDealRisk(tl: DealTimeline, f: Pick<OpportunityFeatures, 'isHighValue' | 'highValueThreshold'>, now: Date, o: DealRiskOptions): DealRisk {
  const nowMs = now.getTime();
  if (tl.isClosed) {
    const vars: DealVar[] = [dealVar('closed', 100, 0, dealReason('DEAL_CLOSED', {}), { isClosed: true })];
    return {
      opportunityId: tl.opportunityId,
      score: 0,
      band: 'LOW',
      drivers: variableDrivers(vars, 0),
      primaryReason: null,
      nextAction: null,
      dataSufficiency: 1,
      profileVersion: o.profileVersion,
      atRiskSince: null,
      atRiskDays: null,
      slaDueAt: null,
      overdue: false,
      isHighValue: f.isHighValue,
      highValueThreshold: f.highValueThreshold,
    };
  }
  const replay = replayDealRisk(tl, nowMs, o.thresholds.high);
  const s = replay.state;
  const t = nowMs;
  const vars: DealVar[] = [];
  let known = 0;
  if (tl.activitiesKnown) {
    const e = s.eng * Math.exp(-DECAY_PER_MS * (t - s.engAt));
    const value = engagementRisk(e);
    const days = Math.round((t - s.lastTouch) / DAY_MS);
    const reason =
      s.lastTouch === Number.NEGATIVE_INFINITY
        ? dealReason('DEAL_NO_ENGAGEMENT', {})
        : value >= 50
          ? dealReason('DEAL_ENGAGEMENT_LOW', { days })
          : dealReason('DEAL_ENGAGEMENT_ACTIVE', { days });
    vars.push(dealVar('engagement', DEAL_RISK_WEIGHTS.engagement, value, reason, { decayedEngagement: Math.round(e * 100) / 100 }));
    known += DEAL_RISK_WEIGHTS.engagement;
  }
  if (s.stageMedianDays > 0) {
    const days = (t - s.stageEnteredAt) / DAY_MS;
    const ratio = days / s.stageMedianDays;
    const value = velocityRisk(ratio);
    const reason =
      value > 0
        ? dealReason('DEAL_STAGE_STALLED', { days: Math.round(days), stage: tl.stage, velocityRatio: Math.round(ratio * 10) / 10 })
        : dealReason('DEAL_STAGE_ON_PACE', { days: Math.round(days), stage: tl.stage });
    vars.push(dealVar('stageVelocity', DEAL_RISK_WEIGHTS.stageVelocity, value, reason, { daysInStage: Math.round(days), stageMedianDays: s.stageMedianDays }));
    known += DEAL_RISK_WEIGHTS.stageVelocity;
  }
  if (tl.championKnown !== null) {
    if (!tl.championKnown) {
      vars.push(dealVar('champion', DEAL_RISK_WEIGHTS.champion, NO_CHAMPION_RISK, dealReason('DEAL_CHAMPION_MISSING', {}), { hasChampion: false }));
    } else {
      const since = s.championLast > tl.createdAt ? s.championLast : tl.createdAt;
      const days = (t - since) / DAY_MS;
      const value = championSilenceRisk(days);
      const reason =
        s.championLast === Number.NEGATIVE_INFINITY
          ? dealReason('DEAL_CHAMPION_NEVER_ENGAGED', {})
          : value > 0
            ? dealReason('DEAL_CHAMPION_SILENT', { days: Math.round(days) })
            : dealReason('DEAL_CHAMPION_ENGAGED', { days: Math.round(days) });
      vars.push(dealVar('champion', DEAL_RISK_WEIGHTS.champion, value, reason, { hasChampion: true, championSilentDays: Math.round(days) }));
    }
    known += DEAL_RISK_WEIGHTS.champion;
  }
  if (tl.competitionKnown) {
    const n = tl.competitorCount + s.mentions;
    const value = competitionRisk(n);
    vars.push(dealVar('competition', DEAL_RISK_WEIGHTS.competition, value, n > 0 ? dealReason('DEAL_COMPETITION', { count: n }) : dealReason('DEAL_NO_COMPETITION', {}), { competitorsNamed: tl.competitorCount, competitorMentions: s.mentions }));
    known += DEAL_RISK_WEIGHTS.competition;
  }
  if (tl.pushesKnown) {
    const value = pushRisk(s.pushes);
    vars.push(dealVar('pushes', DEAL_RISK_WEIGHTS.pushes, value, s.pushes > 0 ? dealReason('DEAL_CLOSE_DATE_PUSHED', { count: s.pushes }) : dealReason('DEAL_CLOSE_DATE_STABLE', {}), { closeDatePushes: s.pushes }));
    known += DEAL_RISK_WEIGHTS.pushes;
  }
  if (!Number.isNaN(s.closeDate)) {
    const value = closeDateRisk(t, s.closeDate, s.early);
    const daysTo = (s.closeDate - t) / DAY_MS;
    const reason =
      value === 100
        ? dealReason('DEAL_CLOSE_DATE_PASSED', { days: Math.round(-daysTo) })
        : value > 0
          ? dealReason('DEAL_CLOSE_DATE_NEAR_EARLY', { days: Math.max(0, Math.round(daysTo)) })
          : dealReason('DEAL_CLOSE_DATE_OK', { days: Math.round(daysTo) });
    vars.push(dealVar('closeDate', DEAL_RISK_WEIGHTS.closeDate, value, reason, { daysToClose: Math.round(daysTo), earlyStage: s.early, nearWindowDays: CLOSE_NEAR_MS / DAY_MS }));
    known += DEAL_RISK_WEIGHTS.closeDate;
  }

  const score = weightedScore(vars);
  const primary = primaryVar(vars, addedPoints);
  const band = dealRiskBandFor(score, o.thresholds);
  // Rounding can lift a risk a hair under the threshold into HIGH: the episode then starts now.
  const onset = band !== 'HIGH' ? Number.NaN : Number.isNaN(replay.onset) ? nowMs : replay.onset;
  const sla = Number.isNaN(onset) ? Number.NaN : onset + (f.isHighValue === true ? SLA_HIGH_VALUE_MS : SLA_DEFAULT_MS);
  return {
    opportunityId: tl.opportunityId,
    score,
    band,
    drivers: variableDrivers(vars, score),
    primaryReason: primary === null ? null : primary.reason,
    nextAction: nextActionFor(primary),
    dataSufficiency: known / 100,
    profileVersion: o.profileVersion,
    atRiskSince: msOrNull(onset),
    atRiskDays: Number.isNaN(onset) ? null : Math.round(((nowMs - onset) / DAY_MS) * 10) / 10,
    slaDueAt: msOrNull(sla),
    overdue: !Number.isNaN(sla) && nowMs > sla,
    isHighValue: f.isHighValue,
    highValueThreshold: f.highValueThreshold,
  };
}
