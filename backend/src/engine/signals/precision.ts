import type { SignalFamily } from '@pillar/shared';
import { signalCatalogEntries } from './catalog';

/**
 * Precision of a signal type from history: of the signals raised, the share that preceded an actual loss
 * (a closed-lost deal or a churned renewal on the same record within the window). Admins use it to tune
 * thresholds: a warning that rarely precedes a loss is noise. Pure.
 */
export interface PrecisionInput {
  readonly type: string;
  readonly family: SignalFamily;
  readonly raised: number;
  readonly followedByLoss: number;
}

export type PrecisionAssessment = 'insufficient_data' | 'noisy' | 'useful' | 'strong' | 'not_a_risk_signal';

export interface PrecisionRow extends PrecisionInput {
  readonly precision: number | null;
  readonly assessment: PrecisionAssessment;
  readonly thresholdKeys: readonly string[];
  readonly suggestion: string | null;
}

/** Types that announce an opportunity or good news: a loss after them says nothing about their precision. */
const NOT_RISK = new Set(['deal_on_track', 'rfp_active', 'starbridge_rfp_published', 'starbridge_grant_awarded', 'starbridge_board_mention', 'board_discussion_relevant', 'hiring_intent', 'strategic_alignment']);

export function assessPrecision(rows: readonly PrecisionInput[], options: { minSample?: number; noisyBelow?: number; strongFrom?: number } = {}): PrecisionRow[] {
  const minSample = options.minSample ?? 10;
  const noisyBelow = options.noisyBelow ?? 0.1;
  const strongFrom = options.strongFrom ?? 0.5;
  const keysByType = new Map<string, readonly string[]>();
  for (const entry of signalCatalogEntries()) for (const type of entry.types) keysByType.set(type, entry.thresholdKeys);
  return rows.map((row) => {
    const precision = row.raised > 0 ? Math.round((row.followedByLoss / row.raised) * 1000) / 1000 : null;
    const thresholdKeys = keysByType.get(row.type) ?? [];
    let assessment: PrecisionAssessment;
    let suggestion: string | null = null;
    if (row.family === 'EXPANSION' || NOT_RISK.has(row.type)) assessment = 'not_a_risk_signal';
    else if (row.raised < minSample) assessment = 'insufficient_data';
    else if ((precision ?? 0) < noisyBelow) {
      assessment = 'noisy';
      suggestion = thresholdKeys.length
        ? `Few ${row.type} signals preceded a loss: make ${thresholdKeys.join(', ')} stricter, or switch the type off.`
        : `Few ${row.type} signals preceded a loss: consider switching the type off.`;
    } else assessment = (precision ?? 0) >= strongFrom ? 'strong' : 'useful';
    return { ...row, precision, assessment, thresholdKeys, suggestion };
  });
}
