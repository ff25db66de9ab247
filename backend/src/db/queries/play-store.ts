import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { OpenPlayRef, PlannedPlay, PlayTemplate, PlayTrigger } from '../../engine/plays/plan-play';
import { DEFAULT_PLAY_TEMPLATES, type PlayTemplateSpec } from '../../engine/plays/templates';
import type { TenantTx } from '../database';
import { reviveTimes } from './signal-store';

/**
 * The SQL of the system side of plays: template seeding, what the planner reads (templates, open plays, the
 * people behind owner rules) and the bulk insert of planned plays with their tasks. Inside withOrg; org_id
 * from pillar_current_org(); batches as one jsonb parameter. User-driven changes (task toggles, completion)
 * live in play-actions.ts.
 */

export type PlayExecutor = Pick<TenantTx, 'execute'>;
type Row = Record<string, unknown>;
const rows = async <T>(tx: PlayExecutor, query: ReturnType<typeof sql>): Promise<T[]> => (await tx.execute<Row>(query)).rows.map((r) => reviveTimes<T>(r));
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Seeds templates for the tenant; existing keys are left as the tenant edited them. Idempotent. */
export async function seedPlayTemplates(tx: PlayExecutor, now: Date, specs: readonly PlayTemplateSpec[] = DEFAULT_PLAY_TEMPLATES): Promise<{ inserted: number }> {
  const inserted = await rows<{ id: string }>(
    tx,
    sql`insert into play_templates (org_id, key, name, description, trigger_signal_types, sla_hours, tasks, created_at, updated_at)
        select pillar_current_org(), r.key, r.name, r.description, array(select jsonb_array_elements_text(r."triggerSignalTypes")),
          r."slaHours", r.tasks, ${now}, ${now}
        from jsonb_to_recordset(${json(specs)}) as r(key text, name text, description text, "triggerSignalTypes" jsonb, "slaHours" int, tasks jsonb)
        on conflict (org_id, key) do nothing
        returning id`,
  );
  return { inserted: inserted.length };
}

const DEFAULT_ORDER = DEFAULT_PLAY_TEMPLATES.map((t) => t.key);

/** The tenant's templates, defaults first in their published order, then the tenant's own by key. */
export async function loadPlayTemplates(tx: PlayExecutor): Promise<PlayTemplate[]> {
  const found = await rows<Omit<PlayTemplate, 'enabled'> & { enabled: 'on' | 'off' }>(
    tx,
    sql`select id, key, name, trigger_signal_types as "triggerSignalTypes", sla_hours as "slaHours", tasks, enabled
        from play_templates
        order by array_position(array(select jsonb_array_elements_text(${json(DEFAULT_ORDER)})), key) nulls last, key`,
  );
  return found.map((t) => ({ ...t, enabled: t.enabled === 'on' }));
}

/** Plays still running (DRAFT, ACTIVE, PAUSED): a new trigger does not start the same template twice. */
export async function loadOpenPlayRefs(tx: PlayExecutor): Promise<OpenPlayRef[]> {
  return rows<OpenPlayRef>(
    tx,
    sql`select template_key as "templateKey", account_id as "accountId", opportunity_id as "opportunityId" from plays where state in ('DRAFT','ACTIVE','PAUSED')`,
  );
}

/**
 * The people behind the owner rules for each record: the record owner (the deal's owner for a deal, else the
 * account's), the account owner, and the record owner's manager.
 */
export async function loadPlayOwners(
  tx: PlayExecutor,
  records: readonly { accountId: string | null; opportunityId: string | null }[],
): Promise<Map<string, PlayTrigger['owners']>> {
  const owners = new Map<string, PlayTrigger['owners']>();
  if (records.length === 0) return owners;
  const found = await rows<{ accountId: string | null; opportunityId: string | null; recordOwnerId: string | null; accountOwnerId: string | null; managerId: string | null }>(
    tx,
    sql`select r."accountId", r."opportunityId",
          coalesce(o.owner_id, a.owner_id) as "recordOwnerId", coalesce(a.owner_id, oa.owner_id) as "accountOwnerId", u.manager_id as "managerId"
        from jsonb_to_recordset(${json(records)}) as r("accountId" uuid, "opportunityId" uuid)
        left join opportunities o on o.id = r."opportunityId"
        left join accounts a on a.id = coalesce(r."accountId", o.account_id)
        left join accounts oa on oa.id = o.account_id
        left join users u on u.id = coalesce(o.owner_id, a.owner_id)`,
  );
  for (const f of found) owners.set(ownerKey(f), { recordOwnerId: f.recordOwnerId, accountOwnerId: f.accountOwnerId, managerId: f.managerId });
  return owners;
}

export function ownerKey(record: { accountId: string | null; opportunityId: string | null }): string {
  return `${record.accountId ?? ''}|${record.opportunityId ?? ''}`;
}

export interface StoredPlay {
  id: string;
  templateKey: string;
  name: string;
  signalId: string | null;
  accountId: string | null;
  opportunityId: string | null;
  ownerId: string | null;
  slaDueAt: Date;
  tasks: { id: string; orderNum: number; title: string; description: string | null; ownerId: string | null; dueAt: Date }[];
}

/** Inserts planned plays and their checklists in two statements; returns them with their ids. */
export async function insertPlays(tx: PlayExecutor, planned: readonly PlannedPlay[], now: Date): Promise<StoredPlay[]> {
  if (planned.length === 0) return [];
  // Ids are assigned here so each play pairs with its tasks without relying on the order of RETURNING.
  const withIds = planned.map((p) => ({ ...p, id: randomUUID() }));
  await tx.execute(
    sql`insert into plays (id, org_id, template_id, template_key, name, signal_id, account_id, opportunity_id, owner_id, state, sla_due_at, started_at, created_at, updated_at)
        select r.id, pillar_current_org(), r."templateId", r."templateKey", r.name, r."signalId", r."accountId", r."opportunityId", r."ownerId", 'ACTIVE',
          r."slaDueAt", r."startedAt", ${now}, ${now}
        from jsonb_to_recordset(${json(withIds)}) as r(id uuid, "templateId" uuid, "templateKey" text, name text, "signalId" uuid, "accountId" uuid,
          "opportunityId" uuid, "ownerId" uuid, "slaDueAt" timestamptz, "startedAt" timestamptz)`,
  );
  const tasks = withIds.flatMap((play) => play.tasks.map((t) => ({ ...t, id: randomUUID(), playId: play.id })));
  await tx.execute(
    sql`insert into play_tasks (id, org_id, play_id, order_num, title, description, owner_id, due_at, created_at, updated_at)
        select r.id, pillar_current_org(), r."playId", r."orderNum", r.title, r.description, r."ownerId", r."dueAt", ${now}, ${now}
        from jsonb_to_recordset(${json(tasks)}) as r(id uuid, "playId" uuid, "orderNum" int, title text, description text, "ownerId" uuid, "dueAt" timestamptz)`,
  );
  return withIds.map((play) => ({
    id: play.id,
    templateKey: play.templateKey,
    name: play.name,
    signalId: play.signalId,
    accountId: play.accountId,
    opportunityId: play.opportunityId,
    ownerId: play.ownerId,
    slaDueAt: play.slaDueAt,
    tasks: tasks.filter((t) => t.playId === play.id).map(({ id, orderNum, title, description, ownerId, dueAt }) => ({ id, orderNum, title, description, ownerId, dueAt })),
  }));
}

/** Records the CRM task ids of mirrored play tasks. */
export async function setCrmTaskIds(tx: PlayExecutor, mirrored: readonly { taskId: string; externalId: string }[], now: Date): Promise<void> {
  if (mirrored.length === 0) return;
  await tx.execute(
    sql`update play_tasks t set crm_task_external_id = r."externalId", updated_at = ${now}
        from jsonb_to_recordset(${json(mirrored)}) as r("taskId" uuid, "externalId" text) where t.id = r."taskId"`,
  );
}

/** What the CRM task mirror needs about a play's records: the source and CRM ids of its account and deal. */
export async function loadMirrorTargets(
  tx: PlayExecutor,
  playIds: readonly string[],
): Promise<Map<string, { account: { source: string; externalId: string } | null; opportunity: { source: string; externalId: string } | null }>> {
  const targets = new Map<string, { account: { source: string; externalId: string } | null; opportunity: { source: string; externalId: string } | null }>();
  if (playIds.length === 0) return targets;
  const found = await rows<{ playId: string; accountSource: string | null; accountExternalId: string | null; oppSource: string | null; oppExternalId: string | null }>(
    tx,
    sql`select p.id as "playId", a.source as "accountSource", a.external_id as "accountExternalId", o.source as "oppSource", o.external_id as "oppExternalId"
        from plays p left join accounts a on a.id = p.account_id left join opportunities o on o.id = p.opportunity_id
        where p.id in (select (jsonb_array_elements_text(${json(playIds)}))::uuid)`,
  );
  for (const f of found) {
    targets.set(f.playId, {
      account: f.accountSource && f.accountExternalId ? { source: f.accountSource, externalId: f.accountExternalId } : null,
      opportunity: f.oppSource && f.oppExternalId ? { source: f.oppSource, externalId: f.oppExternalId } : null,
    });
  }
  return targets;
}

/** The CRM user ids of Pillar users, for assigning mirrored tasks in that CRM. */
export async function loadCrmUserIds(tx: PlayExecutor, userIds: readonly string[], source: 'salesforce' | 'hubspot'): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const found = await rows<{ id: string; externalId: string }>(
    tx,
    sql`select id, external_id as "externalId" from users where source = ${source} and id in (select (jsonb_array_elements_text(${json(userIds)}))::uuid)`,
  );
  return new Map(found.map((f) => [f.id, f.externalId]));
}
