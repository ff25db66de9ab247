import { roleSchema, type Role, type Source } from '@pillar/shared';
import { salesforceIdForms } from '../auth/salesforce-id';
import { appendAudit } from '../db/queries/audit';
import { listUsers, upsertUser } from '../db/queries/users';
import { withOrg } from '../db/tenant';
import type { Runtime } from '../runtime';
import { type CommandArgs, CommandError, requireOrganization, text } from './args';

type Args = CommandArgs;

export const USER_USAGE = `  user add --org <org> --name <name> --role <role> [--email <email>] [--manager <email|id>]
           [--salesforce-id 005…] [--hubspot-id <user id>]
                                 map a CRM user to a Pillar user and role (upsert by CRM id)
  user list --org <org>`;


/** `pillar user add|list`: who may use the cards and admin API, with which role. */
export async function userCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const [action] = args.positionals;
  const org = await requireOrganization(runtime, args);
  const { db } = runtime.database;
  if (action === 'list') {
    const users = await withOrg(db, org.id, (tx) => listUsers(tx));
    for (const u of users) console.log(`${u.id}  ${u.role.padEnd(13)} ${u.source.padEnd(10)} ${u.externalId.padEnd(20)} ${u.name} <${u.email ?? ''}>${u.active === 'active' ? '' : ' (inactive)'}`);
    return 'exit';
  }
  if (action !== 'add') throw new CommandError(`Usage:\n${USER_USAGE}`);
  const name = text(args.values.name);
  const role = roleSchema.safeParse(text(args.values.role));
  if (!name) throw new CommandError('--name is required');
  if (!role.success) throw new CommandError(`--role must be one of ${roleSchema.options.join(', ')}`);
  const email = text(args.values.email) ?? null;
  const salesforceId = text(args.values['salesforce-id']);
  const hubspotId = text(args.values['hubspot-id']);
  let identity: { source: Source; externalId: string };
  if (salesforceId) {
    const forms = salesforceIdForms(salesforceId);
    if (!forms) throw new CommandError('--salesforce-id must be a 15 or 18 character Salesforce user id');
    identity = { source: 'salesforce', externalId: forms.id18 };
  } else if (hubspotId) {
    if (!/^\d{1,20}$/.test(hubspotId)) throw new CommandError('--hubspot-id must be the numeric HubSpot user id');
    identity = { source: 'hubspot', externalId: hubspotId };
  } else {
    if (!email) throw new CommandError('Give --salesforce-id, --hubspot-id or at least --email');
    identity = { source: 'pillar', externalId: email.toLowerCase() };
  }
  const now = runtime.clock.now();
  const saved = await withOrg(db, org.id, async (tx) => {
    const managerKey = text(args.values.manager);
    let managerId: string | null = null;
    if (managerKey) {
      const manager = (await listUsers(tx)).find((u) => u.id === managerKey || u.email?.toLowerCase() === managerKey.toLowerCase());
      if (!manager) throw new CommandError(`No manager "${managerKey}" in this organization`);
      managerId = manager.id;
    }
    const { before, after } = await upsertUser(tx, { orgId: org.id, name, email, role: role.data as Role, managerId, team: text(args.values.team) ?? null, ...identity });
    await appendAudit(tx, { orgId: org.id, actorId: null, actorKind: 'system', action: before ? 'user.update' : 'user.create', entity: 'user', entityId: after.id, before, after, at: now });
    return { after, created: !before };
  });
  console.log(`${saved.created ? 'Added' : 'Updated'} ${saved.after.name} (${saved.after.role}, ${saved.after.source} ${saved.after.externalId}) in ${org.slug}: ${saved.after.id}`);
  return 'exit';
}
