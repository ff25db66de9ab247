import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '../database';
import { plays, playTasks } from '../schema';

export interface TaskState {
  id: string;
  playId: string;
  title: string;
  doneAt: Date | null;
  doneBy: string | null;
}

/** The tasks of a play, locked for the rest of the transaction. */
export async function lockPlayTasks(tx: TenantTx, playId: string): Promise<TaskState[]> {
  return tx
    .select({ id: playTasks.id, playId: playTasks.playId, title: playTasks.title, doneAt: playTasks.doneAt, doneBy: playTasks.doneBy })
    .from(playTasks)
    .where(eq(playTasks.playId, playId))
    .orderBy(playTasks.orderNum)
    .for('update');
}

export async function setTaskDone(tx: TenantTx, task: { playId: string; taskId: string }, change: { done: boolean; at: Date; by: string }): Promise<TaskState> {
  const [row] = await tx
    .update(playTasks)
    .set({ doneAt: change.done ? change.at : null, doneBy: change.done ? change.by : null, updatedAt: change.at })
    .where(and(eq(playTasks.id, task.taskId), eq(playTasks.playId, task.playId)))
    .returning({ id: playTasks.id, playId: playTasks.playId, title: playTasks.title, doneAt: playTasks.doneAt, doneBy: playTasks.doneBy });
  return row!;
}

export async function markPlayCompleted(tx: TenantTx, playId: string, outcome: { outcome: string; note: string | null; at: Date }): Promise<void> {
  await tx
    .update(plays)
    .set({ state: 'COMPLETED', outcome: outcome.outcome, outcomeNote: outcome.note, completedAt: outcome.at, updatedAt: outcome.at })
    .where(eq(plays.id, playId));
}
