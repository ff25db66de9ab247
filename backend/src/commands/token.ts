import { roleSchema } from '@pillar/shared';
import { issueToken, revokeToken } from '../auth/issue-token';
import { parseLifetime, TOKEN_SCOPES, type TokenScope } from '../auth/tenant-jwt';
import { listApiTokens } from '../db/queries/tokens';
import { listUsers, type UserRow } from '../db/queries/users';
import { withOrg } from '../db/tenant';
import type { Runtime } from '../runtime';
import { type CommandArgs, CommandError, requireOrganization, text } from './args';

type Args = CommandArgs;

export const TOKEN_USAGE = `  token issue --org <org> --name <name> [--scope salesforce|admin] [--user <email|id>] [--expires-in 90d|12h|never]
                                 sign a tenant token (Salesforce Named Credential) or a person's admin token
  token revoke --org <org> <token id or jti>
  token list --org <org>`;


function pickUser(users: UserRow[], key: string): UserRow {
  const match = users.find((u) => u.id === key || u.email?.toLowerCase() === key.toLowerCase() || u.externalId === key);
  if (!match) throw new CommandError(`No user "${key}" in this organization (see: pillar user list)`);
  return match;
}

/** `pillar token issue|revoke|list`: the operator's way to hand a tenant its API token (printed once). */
export async function tokenCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const [action, ...rest] = args.positionals;
  const org = await requireOrganization(runtime, args);
  const now = runtime.clock.now();
  const { db } = runtime.database;
  switch (action) {
    case 'issue': {
      const scopeText = text(args.values.scope) ?? 'salesforce';
      if (!TOKEN_SCOPES.includes(scopeText as TokenScope)) throw new CommandError(`--scope must be one of ${TOKEN_SCOPES.join(', ')}`);
      const scope = scopeText as TokenScope;
      const name = text(args.values.name) ?? (scope === 'salesforce' ? 'Salesforce' : 'Admin');
      const lifetime = parseLifetime(text(args.values['expires-in']) ?? (scope === 'admin' ? '12h' : 'never'));
      const issued = await withOrg(db, org.id, async (tx) => {
        let user: { id: string; role: ReturnType<typeof roleSchema.parse> } | null = null;
        if (scope === 'admin') {
          const key = text(args.values.user);
          if (!key) throw new CommandError('An admin token acts as a person: add --user <email or id>');
          const found = pickUser(await listUsers(tx), key);
          if (found.active !== 'active') throw new CommandError(`User ${found.name} is deactivated`);
          user = { id: found.id, role: found.role };
        }
        return issueToken(tx, runtime.keys.jwtSecret, { orgId: org.id, scope, name, user, lifetimeSeconds: lifetime, issuedBy: null, now });
      });
      console.log(`Issued ${scope} token "${issued.row.name}" for ${org.slug} (id ${issued.row.id}, ${issued.row.expiresAt ? `expires ${issued.row.expiresAt.toISOString()}` : 'no expiry'}).`);
      console.log('Store it now; Pillar keeps only its id and cannot show it again:\n');
      console.log(issued.token);
      return 'exit';
    }
    case 'revoke': {
      const key = rest[0];
      if (!key) throw new CommandError('Name the token to revoke: pillar token revoke --org <org> <token id or jti>');
      const row = await withOrg(db, org.id, (tx) => revokeToken(tx, { orgId: org.id, idOrJti: key, revokedBy: null, now }));
      if (!row) throw new CommandError(`No token "${key}" in ${org.slug} (see: pillar token list --org ${org.slug})`);
      console.log(`Revoked token "${row.name}" (${row.id}) at ${row.revokedAt?.toISOString()}.`);
      return 'exit';
    }
    case 'list': {
      const tokens = await withOrg(db, org.id, (tx) => listApiTokens(tx));
      if (!tokens.length) console.log(`No tokens in ${org.slug}. Issue one with: pillar token issue --org ${org.slug} --name Salesforce`);
      for (const t of tokens) {
        const status = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';
        const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used';
        console.log(`${t.id}  ${t.scope.padEnd(10)} ${t.name.padEnd(24)} ${status.padEnd(36)} ${used}`);
      }
      return 'exit';
    }
    default:
      throw new CommandError(`Usage:\n${TOKEN_USAGE}`);
  }
}
