import { z } from 'zod';

/**
 * Reasons are data: a typed code plus parameters. The engine never builds English; cards and reports call
 * `renderReason`. Each template's placeholders ARE its parameter list (the type of `params` is derived
 * from the template text), so a reason cannot be emitted without the values its sentence needs.
 *
 * Placeholder syntax: `{name}` or `{name:unit}` / `{name:singular|plural}` for a counted noun
 * ("{count:meeting}" renders "1 meeting" / "3 meetings"). Formatting follows the parameter name:
 * `…Usd` money, `…DeltaPct` signed percent, `…Pct` percent, `…Ratio` multiplier ("1.8×"),
 * `…Delta` signed number; other numbers print with at most one decimal.
 */
export const REASON_TEMPLATES = {
  // Engagement
  USAGE_TREND: 'Product usage {usageDeltaPct} quarter over quarter',
  ACTIVITY_LAST_DAYS_AGO: 'Last activity {days:day} ago',
  ACTIVITY_NONE_RECORDED: 'No activity recorded',
  ACTIVITY_VOLUME_30D: '{count:activity|activities} logged in the last 30 days',
  EMAIL_MEETING_SHARE: '{sharePct} of activity in the last 90 days was email or meetings',
  CONTACT_ENGAGEMENT_AVG: 'Active contacts average an engagement score of {score}',
  ADOPTION_DEPTH: '{adoptionPct} of licensed capability in use',
  MEETINGS_30D: '{count:meeting} in the last 30 days',
  TWO_WAY_SHARE: '{inboundPct} of directed activity in 90 days came from the customer',
  ACTIVITY_TREND: 'Activity in the last 30 days is {trendDeltaPct} against the prior monthly average',
  CONTACTS_ENGAGED_90D: '{count:contact} engaged in the last 90 days',
  SEAT_UTILISATION: '{utilisationPct} of licensed seats active',
  CONVERSATION_LAST: 'Last meeting or call {days:day} ago',
  CONVERSATION_NONE: 'No meeting or call recorded',
  // Fit
  ARR_TIER: 'ARR {arrUsd}',
  SEGMENT: '{segment} segment',
  STUDENT_ENROLLMENT: '{students} students enrolled',
  TECH_SPEND: 'Technology spend propensity {score} of 100',
  AI_READINESS: 'AI adoption readiness {score} of 100',
  TECH_BUDGET: 'Technology budget {budgetUsd}',
  THEME_ALIGNMENT: 'Strategic themes align {score} of 100 with the product',
  PROCUREMENT_COMPLEXITY: 'Procurement complexity {complexity} of 100',
  COOP_PATHWAY_YES: 'A cooperative purchasing contract is available',
  COOP_PATHWAY_NO: 'No cooperative purchasing pathway',
  ACCOUNT_TIER: 'Tier {tier} account',
  STARTUP_FRIENDLINESS: 'Startup friendliness {score} of 100',
  PERSONA_FIT: 'Best contact persona fit {score} of 100',
  // Intent
  CROSS_SELL_SIGNALS: '{count:expansion signal} active',
  BUDGET_CONFIRMED: 'Budget confirmed',
  BUDGET_NOT_CONFIRMED: 'Budget not confirmed',
  GRANT_WINDOW_CLOSING: 'Grant window open, closing in {days:day}',
  GRANT_WINDOW_OPEN: 'A grant funding window is open',
  GRANT_NONE: 'No open grant funding window',
  WHITESPACE: '{whitespacePct} of the catalog not yet owned',
  COMPETITOR_CONTRACT_ENDS: 'Competitor contract ends in {days:day}',
  COMPETITOR_CONTRACT_ENDED: 'Competitor contract ended {days:day} ago',
  MQLS_90D: '{count:MQL} in the last 90 days',
  RFP_ACTIVE: 'Active RFP detected',
  RFP_NONE: 'No active RFP',
  BUDGET_TREND: 'Budget {trendDeltaPct} year over year',
  THEME_MATCH: 'Stated priorities match the product',
  THEME_NO_MATCH: 'Stated priorities do not match the product',
  HIRING_SIGNALS: '{count:relevant job posting} in 90 days',
  BOARD_MENTIONS: '{count:board mention} of the product area in 90 days',
  DEMO_REQUESTED: 'Demo or trial requested {days:day} ago',
  DEMO_NOT_REQUESTED: 'No demo or trial requested',
  // Velocity
  STAGE_VELOCITY: 'Open deals have spent {velocityRatio} the median time in their stage',
  CLOSE_DATE_PUSHES: '{count:close-date push|close-date pushes} on the primary deal',
  MEETINGS_90D: '{count:meeting} in the last 90 days',
  INBOUND_LAST: 'Customer last reached out {days:day} ago',
  INBOUND_NONE: 'No customer-initiated activity recorded',
  SCORE_MOMENTUM: 'Health moved {pointsDelta} points from 30 to 7 days ago',
  CONTRACT_SIGNED: 'Renewal contract signed',
  CONTRACT_OPEN: 'Renewal contract out for signature for {days:day}',
  CYCLE_PACE: 'Primary deal is at {cycleRatio} the median won-deal cycle',
  STAGE_ADVANCES: '{count:stage advance} across open deals in 30 days',
  STAGE_CHANGE_LAST: 'Most recent stage change {days:day} ago',
  ACTIVITY_ACCELERATION: 'The last 7 days run at {paceRatio} the 30-day activity pace',
  RENEWAL_SIGNED: 'Renewal signed',
  RENEWAL_FAR: 'Renewal in {days:day}',
  RENEWAL_IN_MOTION: 'Renewal contracting under way, {days:day} to renewal',
  RENEWAL_NOT_STARTED: 'Renewal in {days:day} and contracting has not started',
  RENEWAL_OVERDUE: 'Renewal date passed {days:day} ago without a signature',
  // Pipeline health
  EB_COVERAGE: '{sharePct} of open deals have an economic buyer',
  DEAL_CONTACTS_AVG: 'Open deals average {count} contacts',
  FORECAST_CONSISTENCY: '{sharePct} of open deals have a forecast category consistent with stage and probability',
  STALE_DEALS: '{sharePct} of open deals have sat 30+ days in one stage',
  DEAL_MEETING_LAST: 'Last meeting on the primary deal {days:day} ago',
  DEAL_MEETING_NONE: 'No meeting logged on the primary deal',
  MISSING_AMOUNTS: '{sharePct} of open deals have a zero or missing amount',
  BAD_CLOSE_DATES: '{sharePct} of open deals have a close date that is missing, past due or over 12 months out',
  STAGE_SKIPS: '{sharePct} of open deals skipped a stage',
  UNOWNED_DEALS: '{sharePct} of open deals have no owner',
  PIPELINE_COVERAGE: 'Open pipeline is {coverageRatio} ARR',
  GOVERNANCE: '{sharePct} of open deals break a governance rule (commit without economic buyer, no next step, no recent meeting)',
  RENEWAL_INTEGRITY: '{count:renewal record issue} (duplicates or missing dates)',
  HANDOFF_STAKEHOLDERS: '{sharePct} of late-stage deals have 3 or more contacts',
  HANDOFF_NEXT_STEPS: '{sharePct} of late-stage deals have a next step',
  HANDOFF_EB: '{sharePct} of late-stage deals have an economic buyer',
  HANDOFF_COMPOSITE: '{sharePct} of late-stage deals meet every handoff criterion',
  // Relationship
  CHAMPION_ACTIVE: '{count:active champion}',
  CHAMPION_NONE: 'No active champion',
  CHAMPION_LAST_ENGAGED: 'Champion last engaged {days:day} ago',
  CHAMPION_NEVER_ENGAGED: 'Champion has no recorded engagement',
  EXEC_SPONSOR_NONE: 'No executive sponsor',
  EXEC_SPONSOR_PRESENT: 'Executive sponsor identified',
  EXEC_SPONSOR_LAST: 'Executive sponsor last engaged {days:day} ago',
  EXEC_SPONSOR_NEVER: 'Executive sponsor has never engaged',
  EB_NONE: 'No economic buyer among contacts',
  EB_PRESENT: 'Economic buyer identified',
  EB_ENGAGED: 'Economic buyer engaged {days:day} ago',
  EB_SILENT: 'Economic buyer silent for {days:day}',
  EB_NEVER: 'Economic buyer has never engaged',
  ROLES_COVERED: '{count:buying role} covered by active contacts',
  STAKEHOLDER_COVERAGE: 'Stakeholder coverage {score} of 100 (champion, sponsor, buyer, breadth)',
  TURNOVER: '{count:contact} left the organisation in 180 days',
  CHAMPION_RETAINED: 'No champion departure in 180 days',
  CHAMPION_REPLACED: 'Champion left in the last 180 days; a new champion is in place',
  CHAMPION_DEPARTED: 'Champion left in the last 180 days with no replacement',
  BLOCKERS: '{count:active blocker}',
  STALE_CONTACTS: '{sharePct} of active contacts have not engaged for 120+ days',
  EXEC_TOUCHES: '{count:meeting or call|meetings or calls} with executives in 90 days',
  // Risk
  RENEWAL_RISK: 'Renewal risk {risk} of 100',
  LATE_PAYMENTS: '{count:late payment} in 12 months',
  SUPPORT_ESCALATION: '{escalationPct} of support tickets escalated',
  SUPPORT_ESCALATION_CRITICAL: '{escalationPct} of support tickets escalated, {count:critical ticket} open',
  COMPETITOR_DEALS: 'Competitors are present on {sharePct} of open deals',
  MARKET_CONTEXT: 'Market context risk {risk} of 100 (budget trend, tech budget share, grant dependency)',
  MARKET_UNKNOWN: 'No market data; treated as neutral',
  SILENT_CHURN: '{count:silent-churn sign} of 3 (no activity for 30+ days, neutral or unknown NPS, falling usage)',
  REVENUE_EXPOSURE: 'ARR {arrUsd} at renewal risk {risk}',
  ENGAGEMENT_DECAY: 'Engagement down {decayPct} against its baseline',
  RENEWAL_IMMINENT_RISK: 'Renewal in {days:day} at risk {risk}',
  NPS: 'NPS {nps} of 10',
  NPS_DROP: 'NPS {nps} of 10, down {drop} from the last survey',
  NPS_UNKNOWN: 'NPS unknown; treated as 7',
  DEALS_LOST: '{count:deal} lost in the last 180 days',
  CONTRACTING_LAG: 'Contracting is {days:day} behind',
  EXEC_SPONSOR_ACTIVE: 'Executive sponsor active',
  // Opportunity quality
  DEAL_SIZE: 'Primary deal {amountUsd} against a median of {medianUsd}',
  DEAL_WIN_RATE: "Deals at the primary deal's stage win {winPct} of the time",
  BUYER_READINESS: 'Primary deal: economic buyer {eb}, champion {champion}, next step {nextStep}',
  DEAL_PROGRESS: 'Primary deal is {progressPct} through the sales stages',
  DEAL_ACTIVITY_30D: '{count:activity|activities} on the primary deal in 30 days',
  DEAL_PAST_DUE: "Primary deal's close date passed {days:day} ago",
  DEAL_CLOSE_LATE_STAGE: 'Primary deal closes in {days:day} from a late stage',
  DEAL_CLOSE_EARLY_STAGE: 'Primary deal closes in {days:day} from an early stage',
  DEAL_CLOSE_IN: 'Primary deal closes in {days:day}',
  DEAL_CONTACTS: '{count:contact} on the primary deal',
  DEAL_COMPETITORS: '{count:competitor} on the primary deal',
  DEAL_NO_CHAMPION: 'No champion on the primary deal',
  DEAL_CHAMPION_PRESENT: 'Champion on the primary deal',
  DEAL_CHAMPION_LAST: 'Deal champion last engaged {days:day} ago',
  DEAL_CHAMPION_NEVER: 'Deal champion has never engaged',
  DEAL_DISCOUNT: '{discountPct} discount on the primary deal',
  DEAL_NEXT_STEP: 'Primary deal has a next step',
  DEAL_NO_NEXT_STEP: 'Primary deal has no next step',
  // Deal risk
  DEAL_CLOSED: 'Deal is closed',
  DEAL_ENGAGEMENT_ACTIVE: 'Deal is actively engaged; last touch {days:day} ago',
  DEAL_ENGAGEMENT_LOW: 'Engagement has faded; last touch {days:day} ago',
  DEAL_NO_ENGAGEMENT: 'No engagement recorded on the deal',
  DEAL_STAGE_STALLED: '{days:day} in {stage}, {velocityRatio} the median stay',
  DEAL_STAGE_ON_PACE: '{days:day} in {stage}, within the median stay',
  DEAL_CHAMPION_SILENT: 'Champion silent for {days:day}',
  DEAL_CHAMPION_ENGAGED: 'Champion engaged {days:day} ago',
  DEAL_CHAMPION_NEVER_ENGAGED: 'Champion has not engaged since the deal opened',
  DEAL_CHAMPION_MISSING: 'No champion on the deal',
  DEAL_COMPETITION: '{count:competitive signal} (named competitors and mentions)',
  DEAL_NO_COMPETITION: 'No competitor seen on the deal',
  DEAL_CLOSE_DATE_PUSHED: 'Close date pushed {count:time}',
  DEAL_CLOSE_DATE_STABLE: 'Close date never pushed',
  DEAL_CLOSE_DATE_PASSED: 'Close date passed {days:day} ago',
  DEAL_CLOSE_DATE_NEAR_EARLY: 'Closes in {days:day} but still in an early stage',
  DEAL_CLOSE_DATE_OK: 'Close date {days:day} away',
  // Hygiene
  HYG_NEXT_STEP_MISSING: 'No next step recorded',
  HYG_NEXT_STEP_SET: 'Next step recorded',
  HYG_CONTACTS: '{count:contact} on the deal',
  HYG_CONTACTS_UNKNOWN: 'No contact roles on the deal',
  HYG_EB_MISSING: 'No economic buyer on the deal',
  HYG_EB_PRESENT: 'Economic buyer on the deal',
  HYG_MEETING_LAST: 'Last meeting {days:day} ago',
  HYG_NO_MEETING: 'No meeting on the deal',
  // Forecast confidence
  CONF_STAGE_PROBABILITY: 'Stage probability {probabilityPct}',
  CONF_HYGIENE: 'Deal hygiene {hygiene} of 100 (higher is dirtier)',
  CONF_MEETINGS: '{count:meeting} in 30 days',
  CONF_COMPETITION: 'Competitive pressure {risk} of 100',
  CONF_EXEC_ENGAGED: 'An executive took part in the last 30 days',
  CONF_EXEC_NOT_ENGAGED: 'No executive involvement in the last 30 days',
  CONF_WIN_RATE: 'Historical win rate {winPct}',
  CONF_PROCUREMENT: 'Procurement alignment {score} of 100',
  // Win probability (rule-based prior)
  WIN_BASE_STAGE: 'Deals reaching {stage} win {winPct} of the time',
  WIN_BASE_OVERALL: 'Overall win rate {winPct}',
  WIN_BASE_DEFAULT: 'No win history yet; starting at 50%',
  WIN_STAGE_PROGRESS: 'Stage progress adds {pointsDelta} points',
  WIN_RISK_HIGH: 'High deal risk',
  WIN_RISK_MEDIUM: 'Medium deal risk',
  WIN_INACTIVE: 'No activity for {days:day}',
  WIN_RECENT_ACTIVITY: 'Activity {days:day} ago',
  WIN_AGED: 'Open {days:day}, past the p90 cycle of {p90Days} days',
  WIN_PUSHED: 'Close date pushed {count:time}',
  WIN_BUYERS_PRESENT: 'Champion and economic buyer on the deal',
} as const satisfies Record<string, string>;

export type ReasonCode = keyof typeof REASON_TEMPLATES;
export const REASON_CODES = Object.keys(REASON_TEMPLATES) as [ReasonCode, ...ReasonCode[]];

type PlaceholderName<P extends string> = P extends `${infer N}:${string}` ? N : P;
type ParamNames<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? PlaceholderName<P> | ParamNames<Rest> : never;

export type ReasonParamValue = number | string;
export type ReasonParams<C extends ReasonCode> = { readonly [K in ParamNames<(typeof REASON_TEMPLATES)[C]>]: ReasonParamValue };

/** A reason as the engine emits it: code plus exactly the parameters its sentence needs. */
export type Reason = { [C in ReasonCode]: { readonly code: C; readonly params: ReasonParams<C> } }[ReasonCode];

export function reason<C extends ReasonCode>(code: C, params: ReasonParams<C>): Reason {
  return { code, params } as unknown as Reason;
}

/** Wire shape of a reason (API, stored drivers JSON). */
export const ReasonSchema = z.object({
  code: z.enum(REASON_CODES),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type ReasonData = z.infer<typeof ReasonSchema>;

const PLACEHOLDER = /\{(\w+)(?::([^}|]+)(?:\|([^}]+))?)?\}/g;

function formatMoney(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${trim(a / 1e9)}B`;
  if (a >= 1e6) return `${sign}$${trim(a / 1e6)}M`;
  if (a >= 1e4) return `${sign}$${Math.round(a / 1e3)}K`;
  return `${sign}$${Math.round(a).toLocaleString('en-US')}`;
}

function trim(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

function signed(s: string, v: number): string {
  return v > 0 ? `+${s}` : v < 0 ? `−${s.replace('-', '')}` : s;
}

/** Formats one parameter by its naming convention. */
export function formatParam(name: string, value: ReasonParamValue): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '—';
  if (name.endsWith('Usd')) return formatMoney(value);
  if (name.endsWith('DeltaPct')) return signed(`${Math.round(value)}%`, Math.round(value));
  if (name.endsWith('Pct')) return `${Math.round(value)}%`;
  if (name.endsWith('Ratio')) return `${trim(value)}×`;
  if (name.endsWith('Delta')) return signed(trim(value), value);
  if (name === 'students') return Math.round(value).toLocaleString('en-US');
  return trim(value);
}

/** The English sentence for a reason (what cards and reports show). */
export function renderReason(r: { readonly code: ReasonCode; readonly params: Readonly<Record<string, ReasonParamValue>> }): string {
  const template: string = REASON_TEMPLATES[r.code];
  return template.replace(PLACEHOLDER, (_m, name: string, singular?: string, plural?: string) => {
    const v = r.params[name];
    if (v === undefined) return `{${name}}`;
    const text = formatParam(name, v);
    if (singular === undefined) return text;
    const one = typeof v === 'number' && Math.abs(v) === 1;
    return `${text} ${one ? singular : (plural ?? `${singular}s`)}`;
  });
}

/** Parameter names a template needs (for tests and the API docs). */
export function templateParams(code: ReasonCode): string[] {
  const names: string[] = [];
  for (const m of REASON_TEMPLATES[code].matchAll(PLACEHOLDER)) names.push(m[1] as string);
  return names;
}
