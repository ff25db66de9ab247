import type { KnownBlock } from '@slack/web-api';
import type { SignalMessageContext } from '../../db/queries/notifications';
import type { StoredSignal } from '../../db/queries/signal-store';
import { crmName, crmRecordUrl } from '../crm-links';
import type { SlackMessage } from './slack-client';

/** Slack mrkdwn needs &, < and > escaped in user-provided text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const SEVERITY_LABEL: Record<StoredSignal['severity'], string> = { CRITICAL: ':red_circle: Critical', WARNING: ':large_orange_circle: Warning', INFO: ':large_blue_circle: Info' };

/**
 * The Block Kit message for a signal: what happened (title, record), why (rule, threshold, evidence), what to
 * do (recommended action) and a button to the CRM record. Pure; the fallback text says the same in one line.
 */
export function signalSlackMessage(signal: Pick<StoredSignal, 'id' | 'type' | 'family' | 'severity' | 'title' | 'ruleId' | 'threshold' | 'evidence' | 'recommendedAction' | 'confidence'>, context: SignalMessageContext | null): SlackMessage {
  const useDeal = context?.opportunityExternalId != null && context.opportunitySource !== null && context.opportunitySource !== 'csv';
  const link = context
    ? crmRecordUrl({
        source: useDeal ? context.opportunitySource : context.accountSource,
        object: useDeal ? 'opportunity' : 'account',
        externalId: useDeal ? context.opportunityExternalId : context.accountExternalId,
        salesforceInstanceUrl: context.salesforceInstanceUrl,
        hubspotPortalId: context.hubspotPortalId,
      })
    : null;
  const recordName = context?.opportunityName ? `${context.opportunityName}${context.accountName ? ` (${context.accountName})` : ''}` : (context?.accountName ?? null);
  const threshold = Object.entries(signal.threshold).map(([k, v]) => `${k} ${formatValue(v)}`).join(', ');
  const evidence = Object.entries(signal.evidence)
    .slice(0, 8)
    .map(([k, v]) => `• ${escapeMrkdwn(k)}: ${escapeMrkdwn(truncate(formatValue(v), 200))}`)
    .join('\n');

  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${signal.severity === 'CRITICAL' ? 'Critical' : signal.severity === 'WARNING' ? 'Warning' : 'Info'}: ${signal.title}`, 150), emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Record*\n${escapeMrkdwn(recordName ?? 'Unknown record')}` },
        { type: 'mrkdwn', text: `*Severity*\n${SEVERITY_LABEL[signal.severity]}` },
        { type: 'mrkdwn', text: `*Signal*\n${escapeMrkdwn(signal.family)} · \`${escapeMrkdwn(signal.type)}\`` },
        { type: 'mrkdwn', text: `*Rule*\n\`${escapeMrkdwn(signal.ruleId)}\` (${escapeMrkdwn(truncate(threshold || 'no threshold', 300))})` },
      ],
    },
  ];
  if (evidence) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Evidence*\n${evidence}`, 3000) } });
  if (signal.recommendedAction) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Recommended action*\n${escapeMrkdwn(signal.recommendedAction)}`, 3000) } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Confidence ${Math.round(signal.confidence)} of 100 · Pillar signal ${signal.id}` }] });
  if (link) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: `Open in ${crmName(useDeal ? context!.opportunitySource : context!.accountSource) ?? 'CRM'}` }, url: link, style: 'primary', action_id: 'open_record' }],
    });
  }
  const text = `${signal.severity}: ${signal.title}${recordName ? ` — ${recordName}` : ''}${link ? ` (${link})` : ''}`;
  return { text, blocks };
}
