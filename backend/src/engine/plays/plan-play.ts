import type { PlayTaskSpec, TaskOwnerRule } from './templates';

const HOUR = 3_600_000;

/** A template as stored for a tenant (the store maps rows into this). */
export interface PlayTemplate {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly triggerSignalTypes: readonly string[];
  readonly slaHours: number;
  readonly tasks: readonly PlayTaskSpec[];
  readonly enabled: boolean;
}

/** The signal that starts a play, and the people the owner rules point at. */
export interface PlayTrigger {
  readonly signalId: string;
  readonly signalType: string;
  readonly accountId: string | null;
  readonly opportunityId: string | null;
  readonly owners: {
    /** Owner of the record the signal is about (the deal for deal signals, else the account). */
    readonly recordOwnerId: string | null;
    readonly accountOwnerId: string | null;
    /** Manager of the record owner. */
    readonly managerId: string | null;
  };
}

/** An open play already on a record: a new trigger for the same template and record starts nothing. */
export interface OpenPlayRef {
  readonly templateKey: string;
  readonly accountId: string | null;
  readonly opportunityId: string | null;
}

export interface PlannedPlay {
  readonly templateId: string;
  readonly templateKey: string;
  readonly name: string;
  readonly signalId: string;
  readonly accountId: string | null;
  readonly opportunityId: string | null;
  readonly ownerId: string | null;
  readonly slaDueAt: Date;
  readonly startedAt: Date;
  readonly tasks: readonly { readonly orderNum: number; readonly title: string; readonly description: string | null; readonly ownerId: string | null; readonly dueAt: Date }[];
}

/** The first enabled template (in the given order) that the signal type triggers. */
export function templateFor(signalType: string, templates: readonly PlayTemplate[]): PlayTemplate | null {
  return templates.find((t) => t.enabled && t.triggerSignalTypes.includes(signalType)) ?? null;
}

/**
 * Who does a task. Falls back along manager → account owner → record owner so a task is never unowned
 * while anyone is known (a deal without a manager on file still gets its manager task done by someone).
 */
export function resolveTaskOwner(rule: TaskOwnerRule, owners: PlayTrigger['owners']): string | null {
  switch (rule) {
    case 'record_owner':
      return owners.recordOwnerId ?? owners.accountOwnerId;
    case 'account_owner':
      return owners.accountOwnerId ?? owners.recordOwnerId;
    case 'manager':
      return owners.managerId ?? owners.accountOwnerId ?? owners.recordOwnerId;
  }
}

/**
 * Plans the plays a batch of triggers starts: at most one per trigger, none where an open play of the same
 * template already runs on the same record (also within the batch). Tasks are ordered 1…n, due relative to
 * `now`; the play's SLA comes from its template.
 */
export function planPlays(args: { triggers: readonly PlayTrigger[]; templates: readonly PlayTemplate[]; openPlays: readonly OpenPlayRef[]; now: Date }): PlannedPlay[] {
  const running = new Set(args.openPlays.map(recordKey));
  const planned: PlannedPlay[] = [];
  for (const trigger of args.triggers) {
    const template = templateFor(trigger.signalType, args.templates);
    if (!template) continue;
    const ref = { templateKey: template.key, accountId: trigger.accountId, opportunityId: trigger.opportunityId };
    if (running.has(recordKey(ref))) continue;
    running.add(recordKey(ref));
    const start = args.now.getTime();
    planned.push({
      templateId: template.id,
      templateKey: template.key,
      name: template.name,
      signalId: trigger.signalId,
      accountId: trigger.accountId,
      opportunityId: trigger.opportunityId,
      ownerId: trigger.owners.recordOwnerId ?? trigger.owners.accountOwnerId,
      slaDueAt: new Date(start + template.slaHours * HOUR),
      startedAt: args.now,
      tasks: template.tasks.map((task, i) => ({
        orderNum: i + 1,
        title: task.title,
        description: task.description ?? null,
        ownerId: resolveTaskOwner(task.owner, trigger.owners),
        dueAt: new Date(start + task.dueAfterHours * HOUR),
      })),
    });
  }
  return planned;
}

function recordKey(ref: OpenPlayRef): string {
  return `${ref.templateKey}|${ref.opportunityId ?? ''}|${ref.opportunityId ? '' : (ref.accountId ?? '')}`;
}
