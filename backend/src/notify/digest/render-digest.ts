import type { DigestActivity } from '../../db/queries/notifications';

/** Everything a digest shows, gathered by buildDigests. */
export interface DigestModel {
  recipientName: string;
  period: 'daily' | 'weekly';
  /** The local date the digest is for (YYYY-MM-DD). */
  periodStart: string;
  changes: DigestActivity['changes'];
  attention: DigestActivity['attention'];
  tasks: (DigestActivity['tasks'][number] & { overdue: boolean })[];
  playsStarted: number;
  playsCompleted: number;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

const STATE_WORD: Record<string, string> = {
  PENDING: 'raised',
  ACTIVE: 'active',
  ACKNOWLEDGED: 'acknowledged',
  IN_PROGRESS: 'in progress',
  RESOLVED: 'resolved',
  EXPIRED: 'expired',
  SUPPRESSED: 'suppressed',
};

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function changeLine(c: DigestModel['changes'][number]): string {
  const what = c.fromState === null ? 'New signal' : `${STATE_WORD[c.fromState] ?? c.fromState} → ${STATE_WORD[c.toState] ?? c.toState}`;
  return `${what}: ${c.title}${c.recordName ? ` (${c.recordName})` : ''}`;
}

function attentionLine(a: DigestModel['attention'][number]): string {
  return `[${a.severity}] ${a.title}${a.recordName ? ` (${a.recordName})` : ''}${a.recommendedAction ? ` — ${a.recommendedAction}` : ''}`;
}

function taskLine(t: DigestModel['tasks'][number]): string {
  return `${t.overdue ? 'OVERDUE ' : ''}${t.title} — ${t.playName}${t.recordName ? ` (${t.recordName})` : ''}, due ${t.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Whether the digest has anything to say (empty digests are not sent). */
export function digestIsEmpty(model: DigestModel): boolean {
  return model.changes.length === 0 && model.attention.length === 0 && model.tasks.length === 0 && model.playsStarted === 0 && model.playsCompleted === 0;
}

/** The digest as e-mail subject, HTML and plain text (same content; every value escaped in the HTML). */
export function renderDigest(model: DigestModel): RenderedDigest {
  const label = model.period === 'daily' ? 'Daily' : 'Weekly';
  const needs = model.attention.length + model.tasks.length;
  const subject = `Pillar ${label.toLowerCase()} digest ${model.periodStart}: ${needs === 0 ? 'nothing needs you today' : `${needs} item${needs === 1 ? '' : 's'} need${needs === 1 ? 's' : ''} attention today`}`;
  const sections: { title: string; lines: string[] }[] = [
    { title: 'Needs attention today', lines: model.attention.map(attentionLine) },
    { title: 'Your tasks due', lines: model.tasks.map(taskLine) },
    { title: model.period === 'daily' ? 'What changed since yesterday' : 'What changed this week', lines: model.changes.map(changeLine) },
  ];
  const playsLine = `Plays: ${model.playsStarted} started, ${model.playsCompleted} completed.`;

  const text = [
    `Pillar ${label} digest for ${model.recipientName} — ${model.periodStart}`,
    '',
    ...sections.flatMap((s) => [s.title, ...(s.lines.length ? s.lines.map((l) => `  - ${l}`) : ['  (none)']), '']),
    playsLine,
    '',
  ].join('\n');

  const list = (lines: string[]) => (lines.length ? `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '<p style="color:#6b7280">None.</p>');
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"><title>',
    escapeHtml(subject),
    '</title></head><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827;max-width:640px">',
    `<h1 style="font-size:20px">Pillar ${label} digest</h1>`,
    `<p>For ${escapeHtml(model.recipientName)} — ${escapeHtml(model.periodStart)}</p>`,
    ...sections.map((s) => `<h2 style="font-size:16px">${escapeHtml(s.title)}</h2>${list(s.lines)}`),
    `<p>${escapeHtml(playsLine)}</p>`,
    '</body></html>',
  ].join('');
  return { subject, html, text };
}
