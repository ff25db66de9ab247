import type { SignalSeverity } from '@pillar/shared';
import { confidenceOf, dedupeKeyOf } from '../outcome';
import type { SignalThresholds } from '../thresholds';
import type { SignalEvaluation } from '../types';
import type { StarbridgeEvent, StarbridgeEventType } from '../starbridge-event';

/**
 * STARBRIDGE family (reference §7): external intent events arrive on the webhook and raise a signal at once.
 * They are facts, not thresholds over scores, so a cycle never "clears" them: they EXPIRE after their TTL,
 * and a newer event of the same kind on the same account updates the open signal.
 */
export const STARBRIDGE_RULE = {
  ruleId: 'SIG-STB-001',
  key: 'starbridge',
  family: 'STARBRIDGE' as const,
  types: ['starbridge_rfp_published', 'starbridge_grant_awarded', 'starbridge_budget_change', 'starbridge_key_contact_departure', 'starbridge_board_mention'],
  thresholdKeys: ['starbridge_budget_decline_critical_pct', 'starbridge_budget_decline_warning_pct', 'starbridge_budget_growth_info_pct'],
  confirmCycles: 1 as const,
  ttlDays: 30,
};

const TYPE_OF: Record<StarbridgeEventType, string> = {
  rfp_published: 'starbridge_rfp_published',
  grant_awarded: 'starbridge_grant_awarded',
  budget_change: 'starbridge_budget_change',
  key_contact_departure: 'starbridge_key_contact_departure',
  board_meeting_mention: 'starbridge_board_mention',
};

const ACTION: Record<string, string> = {
  starbridge_rfp_published: 'An RFP was published: get the documents, qualify it and decide bid / no-bid this week.',
  starbridge_grant_awarded: 'They won a grant: help them scope how the funds can be spent on your product before the window closes.',
  starbridge_budget_change: 'Their budget moved: confirm what it means for the renewal or the open deal.',
  starbridge_key_contact_departure: 'A key contact left: find the successor and re-confirm the relationship map.',
  starbridge_board_mention: 'The board discussed your area: read the minutes and raise it in your next meeting.',
};

const KEY_ROLES = new Set(['champion', 'economic_buyer', 'exec_sponsor']);
const DAY = 86_400_000;

/** The signal an intent event raises on its matched account, or null (unmatched account, no material change). */
export function evaluateStarbridgeEvent(event: StarbridgeEvent, t: SignalThresholds, now: Date): SignalEvaluation | null {
  if (!event.accountId) return null;
  const type = TYPE_OF[event.type];
  let severity: SignalSeverity;
  let title: string;
  let threshold: Record<string, number | boolean | string> = { event_type: event.type };
  const evidence: Record<string, unknown> = { eventId: event.id, eventType: event.type, occurredAt: event.occurredAt, ...event.data };
  switch (event.type) {
    case 'rfp_published':
      severity = 'CRITICAL';
      title = `RFP published: ${event.data.title}`;
      break;
    case 'grant_awarded':
      severity = 'WARNING';
      title = `Grant awarded: ${event.data.program}`;
      break;
    case 'budget_change': {
      const pct = event.data.changePct;
      if (-pct > t.starbridge_budget_decline_critical_pct) {
        severity = 'CRITICAL';
        threshold = { starbridge_budget_decline_critical_pct: t.starbridge_budget_decline_critical_pct };
      } else if (-pct > t.starbridge_budget_decline_warning_pct) {
        severity = 'WARNING';
        threshold = { starbridge_budget_decline_warning_pct: t.starbridge_budget_decline_warning_pct };
      } else if (pct >= t.starbridge_budget_growth_info_pct) {
        severity = 'INFO';
        threshold = { starbridge_budget_growth_info_pct: t.starbridge_budget_growth_info_pct };
      } else return null;
      title = pct < 0 ? `Budget cut ${Math.abs(pct)}%` : `Budget up ${pct}%`;
      break;
    }
    case 'key_contact_departure': {
      const key = event.data.role !== undefined && KEY_ROLES.has(event.data.role);
      severity = key ? 'CRITICAL' : 'WARNING';
      threshold = { event_type: event.type, critical_roles: [...KEY_ROLES].join(',') };
      title = `${event.data.contactName}${event.data.title ? ` (${event.data.title})` : ''} left`;
      break;
    }
    case 'board_meeting_mention':
      severity = 'INFO';
      title = 'Board meeting mentioned your area';
      break;
  }
  const subject = { kind: 'account' as const, id: event.accountId, accountId: event.accountId, opportunityId: null, ownerId: event.accountOwnerId };
  return {
    type,
    family: 'STARBRIDGE',
    severity,
    ruleId: STARBRIDGE_RULE.ruleId,
    threshold,
    evidence,
    recommendedAction: ACTION[type]!,
    confidence: confidenceOf(0.9, 1),
    dedupeKey: dedupeKeyOf(type, subject),
    subject,
    title,
    expiresAt: new Date(now.getTime() + STARBRIDGE_RULE.ttlDays * DAY),
    confirmCycles: 1,
    cooldownHours: 0,
  };
}
