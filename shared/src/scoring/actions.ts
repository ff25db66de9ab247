import { z } from 'zod';
import type { Reason, ReasonCode } from './reasons';

/** Recommended next actions on a deal, as codes; `renderAction` gives the sentence. */
export const ACTION_TEMPLATES = {
  SEND_FOLLOW_UP: 'Send a follow-up and book the next meeting',
  RE_ENGAGE_CHAMPION: 'Re-engage the champion: confirm they still sponsor the deal',
  FIND_CHAMPION: 'Identify and enable a champion inside the account',
  ADVANCE_OR_REQUALIFY: 'Agree the exit criteria for this stage, or requalify the deal',
  COUNTER_COMPETITION: 'Run the competitive play: confirm decision criteria and differentiate',
  CONFIRM_CLOSE_PLAN: 'Confirm a mutual close plan and a realistic close date',
  UPDATE_CLOSE_DATE: 'Update the close date to one the buyer has agreed',
  ADD_NEXT_STEP: 'Record a dated next step agreed with the buyer',
  MULTI_THREAD: 'Map the buying group and add contacts to the deal',
  ENGAGE_ECONOMIC_BUYER: 'Identify and meet the economic buyer',
  BOOK_MEETING: 'Book a meeting with the buying group',
  ENGAGE_EXECUTIVE: 'Bring in an executive sponsor on both sides',
  MAP_PROCUREMENT: 'Map the procurement path and its timeline',
  REVIEW_FORECAST: 'Review the forecast category with the manager',
} as const satisfies Record<string, string>;

export type ActionCode = keyof typeof ACTION_TEMPLATES;
export const ACTION_CODES = Object.keys(ACTION_TEMPLATES) as [ActionCode, ...ActionCode[]];
export const ActionCodeSchema = z.enum(ACTION_CODES);

/**
 * The ONE table from deal reason codes to next actions. Every reason a deal scorer (risk, hygiene,
 * confidence, win prior) may emit is a key here; the scorers' reason type is `DealReasonCode`, so a new
 * reason that lacks an action does not compile. `null` = the reason is not a problem (no action).
 */
export const DEAL_REASON_ACTIONS = {
  DEAL_CLOSED: null,
  DEAL_ENGAGEMENT_ACTIVE: null,
  DEAL_ENGAGEMENT_LOW: 'SEND_FOLLOW_UP',
  DEAL_NO_ENGAGEMENT: 'BOOK_MEETING',
  DEAL_STAGE_STALLED: 'ADVANCE_OR_REQUALIFY',
  DEAL_STAGE_ON_PACE: null,
  DEAL_CHAMPION_SILENT: 'RE_ENGAGE_CHAMPION',
  DEAL_CHAMPION_ENGAGED: null,
  DEAL_CHAMPION_NEVER_ENGAGED: 'RE_ENGAGE_CHAMPION',
  DEAL_CHAMPION_MISSING: 'FIND_CHAMPION',
  DEAL_COMPETITION: 'COUNTER_COMPETITION',
  DEAL_NO_COMPETITION: null,
  DEAL_CLOSE_DATE_PUSHED: 'CONFIRM_CLOSE_PLAN',
  DEAL_CLOSE_DATE_STABLE: null,
  DEAL_CLOSE_DATE_PASSED: 'UPDATE_CLOSE_DATE',
  DEAL_CLOSE_DATE_NEAR_EARLY: 'CONFIRM_CLOSE_PLAN',
  DEAL_CLOSE_DATE_OK: null,
  HYG_NEXT_STEP_MISSING: 'ADD_NEXT_STEP',
  HYG_NEXT_STEP_SET: null,
  HYG_CONTACTS: 'MULTI_THREAD',
  HYG_CONTACTS_UNKNOWN: 'MULTI_THREAD',
  HYG_EB_MISSING: 'ENGAGE_ECONOMIC_BUYER',
  HYG_EB_PRESENT: null,
  HYG_MEETING_LAST: 'BOOK_MEETING',
  HYG_NO_MEETING: 'BOOK_MEETING',
  CONF_STAGE_PROBABILITY: 'ADVANCE_OR_REQUALIFY',
  CONF_HYGIENE: 'ADD_NEXT_STEP',
  CONF_MEETINGS: 'BOOK_MEETING',
  CONF_COMPETITION: 'COUNTER_COMPETITION',
  CONF_EXEC_ENGAGED: null,
  CONF_EXEC_NOT_ENGAGED: 'ENGAGE_EXECUTIVE',
  CONF_WIN_RATE: 'REVIEW_FORECAST',
  CONF_PROCUREMENT: 'MAP_PROCUREMENT',
  WIN_BASE_STAGE: null,
  WIN_BASE_OVERALL: null,
  WIN_BASE_DEFAULT: null,
  WIN_STAGE_PROGRESS: null,
  WIN_RISK_HIGH: 'SEND_FOLLOW_UP',
  WIN_RISK_MEDIUM: 'SEND_FOLLOW_UP',
  WIN_INACTIVE: 'SEND_FOLLOW_UP',
  WIN_RECENT_ACTIVITY: null,
  WIN_AGED: 'ADVANCE_OR_REQUALIFY',
  WIN_PUSHED: 'CONFIRM_CLOSE_PLAN',
  WIN_BUYERS_PRESENT: null,
} as const satisfies Partial<Record<ReasonCode, ActionCode | null>>;

export type DealReasonCode = keyof typeof DEAL_REASON_ACTIONS;
export type DealReason = Extract<Reason, { code: DealReasonCode }>;

export function isDealReasonCode(code: ReasonCode): code is DealReasonCode {
  return Object.prototype.hasOwnProperty.call(DEAL_REASON_ACTIONS, code);
}

/** The next action for a deal reason: a lookup in the one table, nothing else. */
export function actionForReason(code: DealReasonCode): ActionCode | null {
  return DEAL_REASON_ACTIONS[code];
}

export function renderAction(code: ActionCode): string {
  return ACTION_TEMPLATES[code];
}
