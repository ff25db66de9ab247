import type { Db } from '../db/database';
import { loadCrmUserIds, loadMirrorTargets, setCrmTaskIds, type StoredPlay } from '../db/queries/play-store';
import { withOrg } from '../db/tenant';
import type { Logger } from '../logger';
import type { Clock } from '../runtime';

/** One play task as a CRM task (Salesforce Task, HubSpot task) on the play's deal or account. */
export interface CrmTaskDraft {
  readonly taskId: string;
  readonly playId: string;
  readonly subject: string;
  readonly description: string | null;
  readonly dueAt: Date;
  /** The owner's user id in that CRM (Salesforce 005…, HubSpot owner id); null leaves the CRM default. */
  readonly ownerCrmUserId: string | null;
  /** The CRM record the task hangs on: the deal when the play has one, else the account. */
  readonly record: { readonly object: 'account' | 'opportunity'; readonly externalId: string };
}

export type CrmTaskMirrorResult = { readonly taskId: string; readonly externalId: string } | { readonly taskId: string; readonly error: string };

/**
 * Mirrors play tasks into the CRM. The Salesforce and HubSpot connectors implement it (batched: sObject
 * Collections / HubSpot batch create); a failure of one task is reported in its result, never thrown.
 */
export interface CrmTaskMirror {
  readonly provider: 'salesforce' | 'hubspot';
  createTasks(drafts: readonly CrmTaskDraft[]): Promise<CrmTaskMirrorResult[]>;
}

/**
 * After a cycle committed its plays: sends their tasks to the tenant's CRM and records the CRM task ids.
 * Only records that came from that CRM are mirrored (a CSV-imported account has nowhere to put a task).
 */
export async function mirrorPlayTasks(
  deps: { db: Db; clock: Clock; logger?: Logger },
  orgId: string,
  plays: readonly StoredPlay[],
  mirror: CrmTaskMirror,
): Promise<{ mirrored: number; failed: { taskId: string; error: string }[] }> {
  if (plays.length === 0) return { mirrored: 0, failed: [] };
  const { targets, crmUsers } = await withOrg(deps.db, orgId, async (tx) => ({
    targets: await loadMirrorTargets(tx, plays.map((p) => p.id)),
    crmUsers: await loadCrmUserIds(tx, [...new Set(plays.flatMap((p) => p.tasks.map((t) => t.ownerId)).filter((id): id is string => id !== null))], mirror.provider),
  }));
  const drafts: CrmTaskDraft[] = [];
  for (const play of plays) {
    const target = targets.get(play.id);
    const record =
      target?.opportunity?.source === mirror.provider
        ? { object: 'opportunity' as const, externalId: target.opportunity.externalId }
        : target?.account?.source === mirror.provider
          ? { object: 'account' as const, externalId: target.account.externalId }
          : null;
    if (!record) continue;
    for (const task of play.tasks) {
      drafts.push({
        taskId: task.id,
        playId: play.id,
        subject: `${play.name}: ${task.title}`,
        description: task.description,
        dueAt: task.dueAt,
        ownerCrmUserId: task.ownerId ? (crmUsers.get(task.ownerId) ?? null) : null,
        record,
      });
    }
  }
  if (drafts.length === 0) return { mirrored: 0, failed: [] };
  const results = await mirror.createTasks(drafts);
  const mirrored = results.filter((r): r is { taskId: string; externalId: string } => 'externalId' in r);
  const failed = results.filter((r): r is { taskId: string; error: string } => 'error' in r);
  await withOrg(deps.db, orgId, (tx) => setCrmTaskIds(tx, mirrored, deps.clock.now()));
  if (failed.length) deps.logger?.warn({ orgId, provider: mirror.provider, failed: failed.length }, 'some play tasks could not be mirrored to the CRM');
  return { mirrored: mirrored.length, failed };
}
