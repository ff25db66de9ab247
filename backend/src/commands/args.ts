import { findOrganization } from '../db/queries/organizations';
import type { Runtime } from '../runtime';

/** What every command receives from the CLI's argument parser. */
export type CommandArgs = { positionals: string[]; values: Record<string, string | boolean | undefined> };

/** A usage or input problem the operator fixes: the CLI prints the message alone, on stderr. */
export class CommandError extends Error {
  override name = 'CommandError';
}

/** A non-blank string option, trimmed; undefined otherwise. */
export const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** The tenant named by --org (slug or id), or a CommandError saying how to find one. */
export async function requireOrganization(runtime: Runtime, args: CommandArgs): Promise<{ id: string; slug: string }> {
  const org = text(args.values.org);
  if (!org) throw new CommandError('Name the organization with --org <slug or id> (see: pillar orgs)');
  const found = await findOrganization(runtime.database.ownerPool, org);
  if (!found) throw new CommandError(`No organization "${org}" (see: pillar orgs)`);
  return found;
}
