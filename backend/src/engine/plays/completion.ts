import type { z } from 'zod';
import type { playOutcomeSchema } from '@pillar/shared';

export type PlayOutcome = z.infer<typeof playOutcomeSchema>;
export type PlayState = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'COMPLETED' | 'ABANDONED';
export type RenewalDisposition = 'RENEWED' | 'CHURNED';

/**
 * Completing a play (reference §9): it needs an outcome; checking the last task is what opens the outcome
 * dialog, so every task must be done. The outcome then sets the renewal disposition (Renewed/Expanded →
 * RENEWED, Churned/Lost → CHURNED on renewal plays) and resolves the signal that started the play.
 */
export type CompletionCheck =
  | { readonly ok: true; readonly effects: { readonly renewalDisposition: RenewalDisposition | null; readonly resolveSignal: boolean } }
  | { readonly ok: false; readonly code: 'outcome_required' | 'tasks_open' | 'not_active'; readonly message: string };

const RENEWAL_DISPOSITION: Record<PlayOutcome, RenewalDisposition | null> = {
  RENEWED: 'RENEWED',
  EXPANDED: 'RENEWED',
  CHURNED: 'CHURNED',
  LOST: 'CHURNED',
  WON: null,
  RESOLVED: null,
  NO_ACTION_NEEDED: null,
};

export const RENEWAL_PLAY_TEMPLATES: ReadonlySet<string> = new Set(['renewal_rescue', 'exec_sponsor_gap']);

export function checkPlayCompletion(args: {
  state: PlayState;
  templateKey: string;
  openTasks: number;
  outcome: PlayOutcome | null | undefined;
}): CompletionCheck {
  if (args.state !== 'ACTIVE' && args.state !== 'PAUSED') return { ok: false, code: 'not_active', message: `A ${args.state} play cannot be completed` };
  if (!args.outcome) return { ok: false, code: 'outcome_required', message: 'Completing a play needs an outcome' };
  if (args.openTasks > 0) return { ok: false, code: 'tasks_open', message: `${args.openTasks} task${args.openTasks === 1 ? ' is' : 's are'} still open` };
  const disposition = RENEWAL_PLAY_TEMPLATES.has(args.templateKey) ? RENEWAL_DISPOSITION[args.outcome] : null;
  return { ok: true, effects: { renewalDisposition: disposition, resolveSignal: true } };
}

export type PlaySlaState = 'ON_TRACK' | 'DUE_SOON' | 'BREACHED' | 'MET';

/** SLA state of a play: met when completed in time, breached when past due, due soon in its last quarter. */
export function playSlaState(args: { state: PlayState; startedAt: Date; slaDueAt: Date; completedAt: Date | null; now: Date }): PlaySlaState {
  const due = args.slaDueAt.getTime();
  if (args.completedAt) return args.completedAt.getTime() <= due ? 'MET' : 'BREACHED';
  const t = args.now.getTime();
  if (t > due) return 'BREACHED';
  const span = Math.max(1, due - args.startedAt.getTime());
  return due - t <= span / 4 ? 'DUE_SOON' : 'ON_TRACK';
}
