import { reason, renewalRiskBandFor, type Reason, type RenewalRisk, type RenewalThresholds, type VariableDriver } from '@pillar/shared';
import type { AccountFeatures } from '../features/account-features';
import { distributeCents } from '../health/rounding';

/**
 * Renewal risk 0–100 (higher = riskier) from the eight published variables and their ladders, then the
 * renewal urgency amplifier. Not computed (null) for an account without an open, dated renewal.
 *
 * Urgency amplifier (the published 9th factor; its multipliers are Pillar's): the base score is
 * multiplied by how close the renewal is, and capped at 100:
 *   past due and unsigned ×1.30 · ≤ 30 days ×1.25 · ≤ 60 ×1.15 · ≤ 90 ×1.10 · ≤ 180 ×1.00 · later ×0.90 ·
 *   contract signed ×0.50 (the renewal is secured; what remains is the health of the next term).
 * A base risk of 70 thus becomes 87.5 (Critical) inside 30 days, while the same account a year out is 63.
 */
export const RENEWAL_VARIABLES = [
  'engagementDecay',
  'supportBurden',
  'contractingLag',
  'execSponsorGap',
  'nps',
  'marketContext',
  'stakeholderTurnover',
  'paymentHistory',
] as const;
export type RenewalVariable = (typeof RENEWAL_VARIABLES)[number];

/** Published weights (percent). */
export const RENEWAL_WEIGHTS: Readonly<Record<RenewalVariable, number>> = {
  engagementDecay: 25,
  supportBurden: 20,
  contractingLag: 15,
  execSponsorGap: 10,
  nps: 10,
  marketContext: 10,
  stakeholderTurnover: 5,
  paymentHistory: 5,
};

/** Amplified decay curve: 10% drop = 40 (moderate), 20% = 75 (serious), 35% or more = 100. Linear between. */
export function engagementDecayRisk(decayPct: number): number {
  if (decayPct <= 0) return 0;
  if (decayPct < 10) return (decayPct / 10) * 40;
  if (decayPct < 20) return 40 + ((decayPct - 10) / 10) * 35;
  if (decayPct < 35) return 75 + ((decayPct - 20) / 15) * 25;
  return 100;
}

/** ≥ 80% escalated = 100, ≥ 60% = 70, scaled linearly below 60%. */
export function supportBurdenRisk(escalationPct: number): number {
  if (escalationPct >= 80) return 100;
  if (escalationPct >= 60) return 70;
  return Math.max(0, (escalationPct / 60) * 70);
}

/** ≥ 120 days = 100, scaled linearly below. */
export function contractingLagRisk(lagDays: number): number {
  return Math.max(0, Math.min(100, (lagDays / 120) * 100));
}

/** NPS 0–10: below 6 100, 6 80, 7 60, 8 30, 9–10 0 (6 is unpublished; placed between 100 and 60). */
export function npsRisk(nps: number): number {
  if (nps < 6) return 100;
  if (nps < 7) return 80;
  if (nps < 8) return 60;
  if (nps < 9) return 30;
  return 0;
}

const COUNT_RISK_TURNOVER = [0, 33, 67, 100];
const COUNT_RISK_PAYMENTS = [0, 30, 60, 100];
function countRisk(n: number, ladder: readonly number[]): number {
  return ladder[Math.min(ladder.length - 1, Math.max(0, Math.floor(n)))]!;
}

export function urgencyMultiplier(daysToRenewal: number, signed: boolean): number {
  if (signed) return 0.5;
  if (daysToRenewal < 0) return 1.3;
  if (daysToRenewal <= 30) return 1.25;
  if (daysToRenewal <= 60) return 1.15;
  if (daysToRenewal <= 90) return 1.1;
  if (daysToRenewal <= 180) return 1;
  return 0.9;
}

interface VarValue {
  readonly variable: RenewalVariable;
  readonly value: number;
  readonly imputed: boolean;
  readonly reason: Reason;
  readonly evidence: Readonly<Record<string, number | string | boolean | null>>;
}

export function scoreRenewalRisk(f: AccountFeatures, thresholds?: RenewalThresholds): RenewalRisk | null {
  const daysToRenewal = f.daysToRenewal;
  if (daysToRenewal === null) return null;
  const vars: VarValue[] = [];
  if (f.engagementDecayPct !== null) {
    const d = f.engagementDecayPct;
    vars.push({ variable: 'engagementDecay', value: engagementDecayRisk(d), imputed: false, reason: reason('ENGAGEMENT_DECAY', { decayPct: Math.round(d) }), evidence: { engagementDecayPct: d } });
  }
  if (f.supportEscalationPct !== null) {
    const e = f.supportEscalationPct;
    vars.push({ variable: 'supportBurden', value: supportBurdenRisk(e), imputed: false, reason: reason('SUPPORT_ESCALATION', { escalationPct: Math.round(e) }), evidence: { supportEscalationPct: e } });
  }
  if (f.contractingLagDays !== null) {
    const l = f.contractingLagDays;
    vars.push({ variable: 'contractingLag', value: contractingLagRisk(l), imputed: false, reason: reason('CONTRACTING_LAG', { days: Math.round(l) }), evidence: { contractingLagDays: l, contractingStatus: f.contractingStatus } });
  }
  if (f.roles !== null) {
    const active = f.roles.exec_sponsor.activeCount > 0;
    vars.push({
      variable: 'execSponsorGap',
      value: active ? 0 : 100,
      imputed: false,
      reason: active ? reason('EXEC_SPONSOR_ACTIVE', {}) : reason('EXEC_SPONSOR_NONE', {}),
      evidence: { execSponsorActive: active },
    });
  }
  if (f.npsScore !== null) {
    vars.push({ variable: 'nps', value: npsRisk(f.npsScore), imputed: false, reason: reason('NPS', { nps: f.npsScore }), evidence: { npsScore: f.npsScore } });
  } else {
    vars.push({ variable: 'nps', value: npsRisk(7), imputed: true, reason: reason('NPS_UNKNOWN', {}), evidence: { npsScore: null } });
  }
  if (f.marketContextRisk !== null) {
    const m = f.marketContextRisk;
    vars.push({ variable: 'marketContext', value: m, imputed: false, reason: reason('MARKET_CONTEXT', { risk: Math.round(m) }), evidence: { marketContextRisk: m } });
  } else {
    vars.push({ variable: 'marketContext', value: 50, imputed: true, reason: reason('MARKET_UNKNOWN', {}), evidence: { marketContextRisk: null } });
  }
  if (f.contactsLeft180d !== null) {
    const n = f.contactsLeft180d;
    vars.push({ variable: 'stakeholderTurnover', value: countRisk(n, COUNT_RISK_TURNOVER), imputed: false, reason: reason('TURNOVER', { count: n }), evidence: { contactsLeft180d: n } });
  }
  if (f.latePayments12m !== null) {
    const n = f.latePayments12m;
    vars.push({ variable: 'paymentHistory', value: countRisk(n, COUNT_RISK_PAYMENTS), imputed: false, reason: reason('LATE_PAYMENTS', { count: n }), evidence: { latePayments12m: n } });
  }

  let wSum = 0;
  let known = 0;
  let acc = 0;
  for (const v of vars) {
    const w = RENEWAL_WEIGHTS[v.variable];
    wSum += w;
    acc += w * v.value;
    if (!v.imputed) known += w;
  }
  const base = acc / wSum;
  const m = urgencyMultiplier(daysToRenewal, f.contractingStatus === 'signed');
  const amplified = Math.min(100, base * m);
  const score = Math.round(amplified * 100) / 100;
  // Each variable's points scaled so that the drivers add up to the final (amplified, capped) score.
  const scale = base > 0 ? amplified / base : 0;
  const raw = vars.map((v) => ((RENEWAL_WEIGHTS[v.variable] * v.value) / wSum) * scale);
  const cents = distributeCents(raw, Math.round(score * 100));
  const drivers: VariableDriver[] = vars.map((v, i) => ({
    variable: v.variable,
    weight: RENEWAL_WEIGHTS[v.variable],
    value: v.value,
    contribution: cents[i]! / 100,
    reason: v.reason,
    evidence: v.evidence,
  }));
  return {
    score,
    band: renewalRiskBandFor(score, thresholds),
    baseScore: Math.round(base * 100) / 100,
    urgencyMultiplier: m,
    daysToRenewal: Math.round(daysToRenewal),
    drivers,
    dataSufficiency: known / 100,
  };
}
