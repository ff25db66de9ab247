import { and, eq, sql } from 'drizzle-orm';
import type { RenewalDisposition } from '../../engine/plays/completion';
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

export interface RenewalDispositionChange {
  renewalId: string;
  renewalDate: string;
  before: string;
  after: RenewalDisposition;
}

/**
 * Sets the disposition of the account's renewal that a completed play decided: the renewal still open (not yet
 * RENEWED or CHURNED), preferring the one linked to the play's deal, then the one whose date is nearest to
 * `today`. Locked and updated in one statement; null when the account has no open renewal.
 */
export async function setRenewalDisposition(
  tx: TenantTx,
  change: { accountId: string; opportunityId: string | null; disposition: RenewalDisposition; today: string; at: Date },
): Promise<RenewalDispositionChange | null> {
  const { rows } = await tx.execute<{ renewalId: string; renewalDate: string; before: string; after: RenewalDisposition }>(sql`
    with target as (
      select id, disposition from renewals
      where account_id = ${change.accountId} and disposition not in ('RENEWED', 'CHURNED')
      order by (${change.opportunityId}::uuid is not null and opportunity_id is not distinct from ${change.opportunityId}::uuid) desc,
        abs(renewal_date - ${change.today}::date), renewal_date, id
      limit 1
      for update
    )
    update renewals r set disposition = ${change.disposition}, updated_at = ${change.at}
    from target where r.id = target.id
    returning r.id as "renewalId", r.renewal_date::text as "renewalDate", target.disposition as "before", r.disposition as "after"`);
  return rows[0] ?? null;
}
