import { clear, fired, notApplicable, relativeMargin, round1 } from '../outcome';
import type { AccountSignalInput, SignalRule } from '../types';

/** EXPANSION family (reference §7 "EXPANSION"): room and readiness to grow an account. */

export const expansionReady: SignalRule<AccountSignalInput> = {
  id: 'SIG-EXP-001',
  key: 'expansion_ready',
  family: 'EXPANSION',
  types: ['expansion_ready'],
  recommendedAction: { expansion_ready: 'Open an expansion conversation: propose the next product or tier with a business case.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['expansion_ready_score'],
  evaluate(input, t) {
    const p = input.expansionPropensity;
    if (p === null) return notApplicable('expansionPropensity');
    if (p < t.expansion_ready_score) return clear({ expansionPropensity: round1(p) });
    return fired({
      type: 'expansion_ready',
      severity: 'INFO',
      title: `Expansion propensity ${Math.round(p)}`,
      threshold: { expansion_ready_score: t.expansion_ready_score },
      evidence: { expansionPropensity: round1(p) },
      margin: relativeMargin(p, t.expansion_ready_score),
    });
  },
};

export const whitespaceOpportunity: SignalRule<AccountSignalInput> = {
  id: 'SIG-EXP-002',
  key: 'whitespace_opportunity',
  family: 'EXPANSION',
  types: ['whitespace_opportunity'],
  recommendedAction: { whitespace_opportunity: 'A healthy account with unbought products: map the whitespace to their priorities.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['whitespace_min_pct', 'whitespace_min_health'],
  evaluate(input, t) {
    const ws = input.features.whitespacePct;
    if (ws === null) return notApplicable('whitespacePct');
    if (input.health === null) return notApplicable('health');
    const evidence = { whitespacePct: round1(ws), health: round1(input.health.score) };
    if (ws < t.whitespace_min_pct || input.health.score < t.whitespace_min_health) return clear(evidence);
    return fired({
      type: 'whitespace_opportunity',
      severity: 'INFO',
      title: `${Math.round(ws)}% whitespace on a healthy account`,
      threshold: { whitespace_min_pct: t.whitespace_min_pct, whitespace_min_health: t.whitespace_min_health },
      evidence,
      margin: relativeMargin(ws, t.whitespace_min_pct),
    });
  },
};

export const usageThresholdMet: SignalRule<AccountSignalInput> = {
  id: 'SIG-EXP-003',
  key: 'usage_threshold_met',
  family: 'EXPANSION',
  types: ['usage_threshold_met'],
  recommendedAction: { usage_threshold_met: 'Adoption is high: check seat and tier limits and offer the next tier before they hit them.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['usage_threshold_pct'],
  evaluate(input, t) {
    const a = input.features.adoptionPct;
    if (a === null) return notApplicable('adoptionPct');
    if (a < t.usage_threshold_pct) return clear({ adoptionPct: round1(a) });
    return fired({
      type: 'usage_threshold_met',
      severity: 'INFO',
      title: `${Math.round(a)}% adoption`,
      threshold: { usage_threshold_pct: t.usage_threshold_pct },
      evidence: { adoptionPct: round1(a) },
      margin: relativeMargin(a, t.usage_threshold_pct),
    });
  },
};

export const crossSellSignal: SignalRule<AccountSignalInput> = {
  id: 'SIG-EXP-004',
  key: 'cross_sell_signal',
  family: 'EXPANSION',
  types: ['cross_sell_signal'],
  recommendedAction: { cross_sell_signal: 'High adoption and whitespace: introduce the adjacent product to the champion.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['cross_sell_min_adoption_pct'],
  evaluate(input, t) {
    const a = input.features.adoptionPct;
    const ws = input.features.whitespacePct;
    if (a === null || ws === null) return notApplicable(...(a === null ? ['adoptionPct'] : []), ...(ws === null ? ['whitespacePct'] : []));
    const signals = input.features.crossSellSignals ?? 0;
    const evidence = { adoptionPct: round1(a), whitespacePct: round1(ws), crossSellSignals: signals };
    if (a < t.cross_sell_min_adoption_pct || ws <= 0) return clear(evidence);
    return fired({
      type: 'cross_sell_signal',
      severity: signals >= 2 ? 'WARNING' : 'INFO',
      title: `Cross-sell fit: ${Math.round(a)}% adoption, ${Math.round(ws)}% whitespace`,
      threshold: { cross_sell_min_adoption_pct: t.cross_sell_min_adoption_pct, warning_cross_sell_signals: 2 },
      evidence,
      margin: relativeMargin(a, t.cross_sell_min_adoption_pct),
    });
  },
};

export const grantFundingAvailable: SignalRule<AccountSignalInput> = {
  id: 'SIG-EXP-005',
  key: 'grant_funding_available',
  family: 'EXPANSION',
  types: ['grant_funding_available'],
  recommendedAction: { grant_funding_available: 'A grant window is open: help the customer scope a funded expansion before it closes.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const open = input.features.grantWindowOpen;
    if (open === null) return notApplicable('grantWindowOpen');
    const closesIn = input.features.grantWindowClosesInDays;
    if (!open) return clear({ grantWindowOpen: false });
    return fired({
      type: 'grant_funding_available',
      severity: 'WARNING',
      title: closesIn === null ? 'Grant funding window open' : `Grant funding window closes in ${Math.ceil(closesIn)} days`,
      threshold: { grant_window_open: true },
      evidence: { grantWindowOpen: true, grantWindowClosesInDays: closesIn },
      margin: 1,
    });
  },
};

export const strategicAlignment: SignalRule<AccountSignalInput> = {
  id: 'SIG-EXP-006',
  key: 'strategic_alignment',
  family: 'EXPANSION',
  types: ['strategic_alignment'],
  recommendedAction: { strategic_alignment: 'Their stated priorities match the product: lead the next conversation with that theme.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: [],
  evaluate(input) {
    const match = input.features.strategicThemeMatch;
    if (match === null) return notApplicable('strategicThemeMatch');
    if (!match) return clear({ strategicThemeMatch: false });
    return fired({ type: 'strategic_alignment', severity: 'WARNING', title: 'Strategic priorities match the product', threshold: { strategic_theme_match: true }, evidence: { strategicThemeMatch: true }, margin: 1 });
  },
};

export const lowAdoptionRisk: SignalRule<AccountSignalInput> = {
  id: 'SIG-EXP-007',
  key: 'low_adoption_risk',
  family: 'EXPANSION',
  types: ['low_adoption_risk'],
  recommendedAction: { low_adoption_risk: 'Adoption is low: run an enablement session before selling more.' },
  confirmCycles: 2,
  ttlDays: 30,
  thresholdKeys: ['low_adoption_pct'],
  evaluate(input, t) {
    const a = input.features.adoptionPct;
    if (a === null) return notApplicable('adoptionPct');
    if (a >= t.low_adoption_pct) return clear({ adoptionPct: round1(a) });
    return fired({
      type: 'low_adoption_risk',
      severity: 'WARNING',
      title: `Only ${Math.round(a)}% adoption`,
      threshold: { low_adoption_pct: t.low_adoption_pct },
      evidence: { adoptionPct: round1(a) },
      margin: relativeMargin(a, t.low_adoption_pct),
    });
  },
};

export const EXPANSION_RULES = [expansionReady, whitespaceOpportunity, usageThresholdMet, crossSellSignal, grantFundingAvailable, strategicAlignment, lowAdoptionRisk] as const;
