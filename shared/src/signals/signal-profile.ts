import { z } from 'zod';

/**
 * A tenant's signal settings, part of its scoring profile (`signals`): threshold overrides and switched-off
 * signal types. The defaults are the published PILLAR GTM values where they exist (reference §7: renewal
 * 85/50/30, hygiene 50/70, pushes 2/3, stagnation 30 d, coverage 3.0/2.0, stale contacts 120 d, expansion
 * ready 70, commit min contacts 2, commit activity gap 14 d, economics ladders); Pillar's own choices
 * otherwise, marked "Pillar default". Names follow the published snake_case keys so a tenant's profile reads
 * like the docs. Shared, so the admin API validates the same schema the signal engine resolves.
 */
export const DEFAULT_SIGNAL_THRESHOLDS = {
  // RENEWAL
  renewal_critical_score: 85,
  renewal_warning_score: 50,
  renewal_info_score: 30,
  engagement_decay_critical_pct: 80,
  engagement_decay_warning_pct: 50,
  stakeholder_turnover_critical: 3,
  stakeholder_turnover_warning: 1,
  exec_sponsor_gap_enabled: true,
  contracting_stall_lag_days: 90,
  nps_decline_threshold: 5,
  /** Pillar default: a drop of this many points between surveys also counts as a decline. */
  nps_decline_points: 2,
  support_burden_critical: 70,
  support_burden_warning: 40,
  budget_shift_critical_pct: 10,
  budget_shift_warning_pct: 5,
  // PIPELINE
  pipeline_warning_score: 50,
  pipeline_critical_score: 70,
  /** Pillar default: forecast confidence below this on a Commit / Best Case deal. */
  forecast_confidence_min: 40,
  forecast_commit_min_contacts: 2,
  forecast_activity_gap_days: 14,
  push_count_warning: 2,
  push_count_critical: 3,
  stage_stagnation_days: 30,
  /** Pillar default: deal-risk bands (DEAL_RISK_BANDS high = 60). */
  deal_risk_warning: 60,
  deal_risk_critical: 80,
  competitive_window_days: 60,
  rep_coverage_ratio_warning: 3.0,
  rep_coverage_ratio_critical: 2.0,
  deal_track_healthy_contacts: 3,
  deal_track_activity_days: 14,
  deal_track_min_score: 60,
  // EXPANSION
  expansion_ready_score: 70,
  cross_sell_min_adoption_pct: 50,
  /** Pillar defaults for the unpublished expansion thresholds. */
  whitespace_min_pct: 50,
  whitespace_min_health: 70,
  usage_threshold_pct: 80,
  low_adoption_pct: 30,
  // ACCOUNT
  stale_contact_days: 120,
  /** Pillar defaults. */
  meeting_gap_days: 45,
  contact_disengagement_score: 30,
  competitor_contract_horizon_days: 180,
  // COVERAGE (unpublished: Pillar defaults)
  multithread_min_contacts: 3,
  single_thread_renewal_days: 90,
  territory_imbalance_ratio: 1.5,
  // WORKFLOW (Pillar defaults: acknowledgement SLA per severity; momentum drops)
  ack_sla_critical_hours: 24,
  ack_sla_warning_hours: 72,
  momentum_drop_7d: 10,
  momentum_drop_30d: 20,
  // STARBRIDGE
  starbridge_budget_decline_critical_pct: 10,
  starbridge_budget_decline_warning_pct: 5,
  starbridge_budget_growth_info_pct: 10,
  // ECONOMICS
  budget_overrun_critical_pct: 25,
  budget_overrun_warning_pct: 10,
  breakeven_critical_ratio: 0.5,
  breakeven_warning_ratio: 0.3,
  headcount_pnl_critical: -100_000,
  headcount_pnl_warning: 0,
  ltv_cac_critical: 2,
  ltv_cac_warning: 3,
  payback_critical_months: 24,
  payback_warning_months: 18,
  retention_acquisition_critical: 6,
  retention_acquisition_warning: 4,
  sm_spend_critical_pct: 70,
  sm_spend_warning_pct: 55,
  // Lifecycle
  /** Hours a resolved signal's key stays quiet before the same condition may raise it again. */
  cooldown_hours: 72,
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends boolean ? boolean : T[K] extends number ? number : T[K] };
export type SignalThresholds = Readonly<Widen<typeof DEFAULT_SIGNAL_THRESHOLDS>>;
export type SignalThresholdKey = keyof SignalThresholds;

const thresholdShape = Object.fromEntries(
  Object.entries(DEFAULT_SIGNAL_THRESHOLDS).map(([key, value]) => [key, typeof value === 'boolean' ? z.boolean() : z.number().finite()]),
) as { [K in SignalThresholdKey]: SignalThresholds[K] extends boolean ? z.ZodBoolean : z.ZodNumber };

/** Pairs that must stay ordered after overrides: [more severe, less severe, direction]. */
const ORDERED: readonly [SignalThresholdKey, SignalThresholdKey, 'higher' | 'lower'][] = [
  ['renewal_critical_score', 'renewal_warning_score', 'higher'],
  ['renewal_warning_score', 'renewal_info_score', 'higher'],
  ['engagement_decay_critical_pct', 'engagement_decay_warning_pct', 'higher'],
  ['stakeholder_turnover_critical', 'stakeholder_turnover_warning', 'higher'],
  ['support_burden_critical', 'support_burden_warning', 'higher'],
  ['budget_shift_critical_pct', 'budget_shift_warning_pct', 'higher'],
  ['pipeline_critical_score', 'pipeline_warning_score', 'higher'],
  ['push_count_critical', 'push_count_warning', 'higher'],
  ['deal_risk_critical', 'deal_risk_warning', 'higher'],
  ['rep_coverage_ratio_critical', 'rep_coverage_ratio_warning', 'lower'],
  ['budget_overrun_critical_pct', 'budget_overrun_warning_pct', 'higher'],
  ['breakeven_critical_ratio', 'breakeven_warning_ratio', 'higher'],
  ['headcount_pnl_critical', 'headcount_pnl_warning', 'lower'],
  ['ltv_cac_critical', 'ltv_cac_warning', 'lower'],
  ['payback_critical_months', 'payback_warning_months', 'higher'],
  ['retention_acquisition_critical', 'retention_acquisition_warning', 'higher'],
  ['sm_spend_critical_pct', 'sm_spend_warning_pct', 'higher'],
  ['starbridge_budget_decline_critical_pct', 'starbridge_budget_decline_warning_pct', 'higher'],
];

/**
 * Threshold overrides (any subset of the keys above; unknown keys are refused so a typo does not silently keep
 * the default) and signal types switched off. After merging over the defaults, every severity ladder must stay
 * ordered; the issue names the overridden key that broke it (`thresholds.renewal_warning_score`).
 */
export const signalProfileSchema = z
  .object({
    thresholds: z.object(thresholdShape).partial().strict().default({}),
    disabledTypes: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const overrides: Partial<Record<SignalThresholdKey, unknown>> = profile.thresholds;
    const merged = { ...DEFAULT_SIGNAL_THRESHOLDS, ...profile.thresholds } as SignalThresholds;
    for (const [severe, mild, direction] of ORDERED) {
      const a = merged[severe] as number;
      const b = merged[mild] as number;
      if (direction === 'higher' ? a >= b : a <= b) continue;
      const blamed = overrides[severe] !== undefined ? severe : mild;
      ctx.addIssue({ code: 'custom', path: ['thresholds', blamed], message: `${severe} (${a}) must be ${direction === 'higher' ? '≥' : '≤'} ${mild} (${b})` });
    }
    if (merged.cooldown_hours < 0) ctx.addIssue({ code: 'custom', path: ['thresholds', 'cooldown_hours'], message: 'cooldown_hours must not be negative' });
  });
export type SignalProfile = z.infer<typeof signalProfileSchema>;
export type SignalProfileInput = z.input<typeof signalProfileSchema>;

export const DEFAULT_SIGNAL_PROFILE: SignalProfile = { thresholds: {}, disabledTypes: [] };
