import { readFile } from 'node:fs/promises';
import { ZodError } from 'zod';
import {
  ConnectError,
  connectSalesforceOrg,
  createSalesforceConnector,
  disconnectSalesforceOrg,
  salesforceCredentialsSchema,
  type SalesforceConnectionDeps,
  type SalesforceCredentials,
} from '../crm/salesforce/connection';
import type { Runtime } from '../runtime';
import { type CommandArgs, CommandError, requireOrganization, text } from './args';

type Args = CommandArgs;

export const CONNECT_USAGE = `  connect salesforce --org <org> --login-url <url> --client-id <consumer key>
          (--username <user> --private-key-file <pem> [--audience <url>] | --refresh-token <token> [--client-secret <secret>])
          [--namespace <prefix>] [--api-version 62.0]
                                 connect the tenant's Salesforce org (JWT bearer or refresh token; credentials sealed at rest)
  disconnect salesforce --org <org>
                                 delete the credentials (a refresh token is revoked) and stop syncing`;


export function connectionDepsFor(runtime: Runtime, orgId: string): SalesforceConnectionDeps {
  return { db: runtime.database.db, orgId, secretBox: runtime.keys.secretBox, clock: runtime.clock, logger: runtime.logger };
}

/** The credentials the options describe, checked before anything is called. */
export async function credentialsFromArgs(args: Args): Promise<SalesforceCredentials> {
  const loginUrl = text(args.values['login-url']) ?? 'https://login.salesforce.com';
  const clientId = text(args.values['client-id']);
  if (!clientId) throw new CommandError('Add --client-id <the connected app\u2019s consumer key>');
  const refreshToken = text(args.values['refresh-token']);
  const keyFile = text(args.values['private-key-file']);
  if (refreshToken && keyFile) throw new CommandError('Use either --private-key-file (JWT bearer) or --refresh-token, not both');
  const common = {
    loginUrl,
    ...(text(args.values.audience) ? { audience: text(args.values.audience) } : {}),
    ...(text(args.values.namespace) ? { namespace: text(args.values.namespace) } : {}),
    ...(text(args.values['api-version']) ? { apiVersion: text(args.values['api-version']) } : {}),
  };
  let raw: unknown;
  if (refreshToken) {
    const clientSecret = text(args.values['client-secret']);
    raw = { ...common, auth: { kind: 'refreshToken', clientId, refreshToken, ...(clientSecret ? { clientSecret } : {}) } };
  } else {
    const username = text(args.values.username);
    if (!username || !keyFile) throw new CommandError('JWT bearer needs --username <integration user> and --private-key-file <pem> (or use --refresh-token)');
    let privateKey: string;
    try {
      privateKey = await readFile(keyFile, 'utf8');
    } catch (error) {
      throw new CommandError(`Cannot read --private-key-file ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    raw = { ...common, auth: { kind: 'jwt', consumerKey: clientId, username, privateKey } };
  }
  try {
    return salesforceCredentialsSchema.parse(raw);
  } catch (error) {
    if (error instanceof ZodError) throw new CommandError(`Invalid credentials: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    throw error;
  }
}

/** `pillar connect salesforce …`: authorises once, stores the connection, then checks Pillar's fields. */
export async function connectCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const [provider] = args.positionals;
  if (provider !== 'salesforce') throw new CommandError('Usage: pillar connect salesforce --org <org> … (HubSpot connects from its app install)');
  const org = await requireOrganization(runtime, args);
  const credentials = await credentialsFromArgs(args);
  const deps = connectionDepsFor(runtime, org.id);
  let connected;
  try {
    connected = await connectSalesforceOrg(deps, credentials, { id: null, kind: 'system' });
  } catch (error) {
    if (error instanceof ConnectError) throw new CommandError(`Salesforce refused the connection: ${error.message}`);
    throw error;
  }
  const c = connected.connection;
  console.log(`Connected ${org.slug} to Salesforce org ${c.externalOrgId} (${c.instanceUrl}) as ${c.username ?? 'the refresh token\u2019s user'}.`);
  if (connected.resetState) console.log('This is a different Salesforce org than before: cursors and write-back state were reset; the next sync starts over.');
  try {
    const fields = await createSalesforceConnector(deps).provisionFields();
    const missing = fields.fields.filter((f) => f.state !== 'present');
    if (missing.length === 0) console.log(`Field check: all ${fields.fields.length} Pillar fields are present and writable.`);
    else {
      console.log(`Field check: ${missing.length} of ${fields.fields.length} Pillar fields cannot be written (install the Pillar package and assign Pillar_Integration):`);
      for (const f of missing) console.log(`  ${f.object}.${f.field}: ${f.state.replace('_', '-')}`);
    }
  } catch (error) {
    console.log(`Field check failed: ${(error as Error).message}`);
  }
  console.log(`Next: pillar sync --org ${org.slug}`);
  return 'exit';
}

/** `pillar disconnect salesforce --org X`. */
export async function disconnectCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const [provider] = args.positionals;
  if (provider !== 'salesforce') throw new CommandError('Usage: pillar disconnect salesforce --org <org>');
  const org = await requireOrganization(runtime, args);
  const view = await disconnectSalesforceOrg(connectionDepsFor(runtime, org.id), { id: null, kind: 'system' });
  if (!view) throw new CommandError(`${org.slug} has no Salesforce connection`);
  console.log(`Disconnected ${org.slug} from Salesforce org ${view.externalOrgId}; the credentials are deleted.`);
  return 'exit';
}
