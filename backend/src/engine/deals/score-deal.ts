import type { DealScores } from '@pillar/shared';
import type { OpportunityFeatures } from '../features/opportunity-features';
import { DEFAULT_PROFILE, type CompiledProfile } from '../profile/compile-profile';
import { scoreConfidence } from './confidence';
import { scoreDealRisk } from './deal-risk';
import { scoreHygiene } from './hygiene';
import type { DealTimeline } from './timeline';
import { scoreWinProbability } from './win-probability';

/** Every deal score at once: risk, hygiene, forecast confidence and the win-probability prior. */
export function scoreDeal(f: OpportunityFeatures, timeline: DealTimeline, now: Date, profile: CompiledProfile = DEFAULT_PROFILE): DealScores {
  const t = profile.thresholds;
  const risk = scoreDealRisk(timeline, f, now, { thresholds: t.dealRisk, profileVersion: profile.version });
  const hygiene = scoreHygiene(f, { thresholds: t.hygiene, profileVersion: profile.version });
  const confidence = scoreConfidence(f, hygiene.score, { thresholds: t.confidence, profileVersion: profile.version });
  const winProbability = scoreWinProbability(f, risk.band, { profileVersion: profile.version });
  return { opportunityId: f.opportunityId, risk, hygiene, confidence, winProbability, computedAt: now.toISOString() };
}
