import { playOutcomeSchema, type PlayCard } from '@pillar/shared';
import type { PlayRow, PlayTaskRow } from '../../db/queries/cards';

/** An open play is DUE_SOON inside this much time before its SLA. */
export const DUE_SOON_MS = 24 * 60 * 60 * 1000;

export function slaStateOf(play: Pick<PlayRow, 'state' | 'slaDueAt' | 'completedAt'>, now: Date): PlayCard['slaState'] {
  const due = play.slaDueAt.getTime();
  if (play.state === 'COMPLETED') return play.completedAt && play.completedAt.getTime() <= due ? 'MET' : 'BREACHED';
  if (now.getTime() > due) return 'BREACHED';
  return due - now.getTime() <= DUE_SOON_MS ? 'DUE_SOON' : 'ON_TRACK';
}

/** A play with its checklist as the play card shows it. `tasks` are this play's, in order. */
export function toPlayCard(play: PlayRow, tasks: readonly PlayTaskRow[], now: Date): PlayCard {
  const done = tasks.filter((t) => t.doneAt !== null).length;
  const outcome = playOutcomeSchema.safeParse(play.outcome);
  return {
    id: play.id,
    name: play.name,
    templateKey: play.templateKey,
    state: play.state,
    slaDueAt: play.slaDueAt.toISOString(),
    slaState: slaStateOf(play, now),
    outcome: outcome.success ? outcome.data : null,
    signal: play.signal,
    tasks: tasks.map((t) => ({
      id: t.id,
      order: t.orderNum,
      title: t.title,
      description: t.description,
      dueAt: t.dueAt.toISOString(),
      overdue: t.doneAt === null && t.dueAt.getTime() < now.getTime(),
      done: t.doneAt !== null,
      doneAt: t.doneAt?.toISOString() ?? null,
      doneBy: t.doneAt ? t.doneByName : null,
    })),
    progress: { done, total: tasks.length },
    readyToComplete: (play.state === 'ACTIVE' || play.state === 'PAUSED') && done === tasks.length,
  };
}
