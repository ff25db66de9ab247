// A tenant's Salesforce connection: connect (authorise once to learn the org and prove the credentials),
// keep the credentials sealed at rest (AES-256-GCM, bound to the tenant id), disconnect, and build the
// connector (pull, write-back, field check) on top of the stored connection.
import { OAuth2 } from 'jsforce';
import type { Logger } from 'pino';
import { z } from 'zod';
import { FIELD_CATALOG, SALESFORCE_OBJECT } from '@pillar/shared';
import type { CrmConnector, ProvisionedField, ProvisionReport } from '../connector';
import type { Db } from '../../db/database';
import { appendAudit } from '../../db/queries/audit';
import { findConnection, markDisconnected, saveConnection, type ConnectionRow } from '../../db/queries/connections';
import { appendLogs } from '../../db/queries/sync';
import { withOrg } from '../../db/tenant';
import type { Clock } from '../../runtime';
import type { SecretBox } from '../../security/secret-box';
import { DEFAULT_API_VERSION, connectSalesforce, type SalesforceAuth, type SalesforceClient, type SalesforceClientOptions, type SalesforceIdentity } from './client';
import { SalesforceApiError, classifySalesforceError } from './errors';
import { DEFAULT_GOVERNOR_POLICY, describeFailure, type GovernorPolicy } from './governor';
import { runSalesforcePull } from './sync/run-sync';
import { runSalesforceWriteback, type WritebackOptions } from './writeback/run-writeback';

// ---------------------------------------------------------------------------------------------------------
// Credentials (validated at the door, sealed at rest)

const url = z.string().trim().url().max(2048);

export const salesforceAuthInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('jwt'),
    /** The connected app's consumer key (JWT `iss`). */
    consumerKey: z.string().trim().min(1).max(256),
    /** The integration user (JWT `sub`). */
    username: z.string().trim().min(3).max(256),
    /** PEM private key of the certificate uploaded to the connected app. */
    privateKey: z.string().min(100).max(16_384).refine((k) => /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----/.test(k), 'must be a PEM private key'),
  }),
  z.object({
    kind: z.literal('refreshToken'),
    clientId: z.string().trim().min(1).max(256),
    clientSecret: z.string().min(1).max(256).optional(),
    refreshToken: z.string().min(10).max(4096),
  }),
]);

export const salesforceCredentialsSchema = z.object({
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain. */
  loginUrl: url,
  /** JWT `aud` when the token endpoint host is not the audience (a My Domain login, a local emulator). */
  audience: url.optional(),
  apiVersion: z.string().regex(/^\d{2}\.0$/, 'an API version like 62.0').optional(),
  /** The managed package's namespace prefix (fields are then ns__Pillar_…__c). */
  namespace: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,14}$/, 'a namespace prefix (letters and digits)').optional(),
  auth: salesforceAuthInputSchema,
});
export type SalesforceCredentials = z.infer<typeof salesforceCredentialsSchema>;

const sealedSchema = salesforceCredentialsSchema.extend({ version: z.literal(1) });

export function sealCredentials(box: SecretBox, orgId: string, credentials: SalesforceCredentials): string {
  return box.seal(JSON.stringify({ version: 1, ...credentials }), orgId);
}

export function openCredentials(box: SecretBox, orgId: string, sealed: string): SalesforceCredentials {
  if (!sealed) throw new SalesforceApiError({ code: 'AUTH', vendorCode: 'NO_CREDENTIALS', status: null, message: 'the connection holds no credentials (it was disconnected)', retryable: false });
  const { version: _version, ...credentials } = sealedSchema.parse(JSON.parse(box.open(sealed, orgId)));
  return credentials;
}

export function clientAuth(credentials: SalesforceCredentials): SalesforceAuth {
  const a = credentials.auth;
  if (a.kind === 'jwt') {
    return { kind: 'jwt', loginUrl: credentials.loginUrl, consumerKey: a.consumerKey, username: a.username, privateKey: a.privateKey, ...(credentials.audience ? { audience: credentials.audience } : {}) };
  }
  return { kind: 'refreshToken', loginUrl: credentials.loginUrl, clientId: a.clientId, refreshToken: a.refreshToken, ...(a.clientSecret ? { clientSecret: a.clientSecret } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// What callers may see of a connection (never the credentials)

export interface ConnectionView {
  provider: 'salesforce' | 'hubspot';
  status: ConnectionRow['status'];
  statusReason: string | null;
  instanceUrl: string | null;
  externalOrgId: string | null;
  authKind: 'jwt' | 'refreshToken' | null;
  username: string | null;
  consecutiveFailures: number;
  lastSyncAt: string | null;
  lastError: string | null;
  updatedAt: string;
}

export function connectionView(row: ConnectionRow, credentials: SalesforceCredentials | null = null): ConnectionView {
  return {
    provider: row.provider,
    status: row.status,
    statusReason: row.statusReason,
    instanceUrl: row.instanceUrl,
    externalOrgId: row.externalOrgId,
    authKind: credentials?.auth.kind ?? null,
    username: credentials?.auth.kind === 'jwt' ? credentials.auth.username : null,
    consecutiveFailures: row.consecutiveFailures,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastError: row.lastError,
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Connect, disconnect

/** Client settings the caller may tune (tests inject sleep and random; operators the retry policy). */
export type ClientTuning = Partial<Pick<SalesforceClientOptions, 'retry' | 'refreshLimit' | 'requestTimeoutMs' | 'sleep' | 'random' | 'now' | 'onEvent'>>;

export interface SalesforceConnectionDeps {
  db: Db;
  orgId: string;
  secretBox: SecretBox;
  clock: Clock;
  logger?: Logger;
  client?: ClientTuning;
  policy?: GovernorPolicy;
  /** Sync tuning: re-read window and page size. */
  overlapMs?: number;
  pageSize?: number;
  writeback?: WritebackOptions;
}

export interface Actor {
  id: string | null;
  kind: 'user' | 'system' | 'token';
}

export class ConnectError extends Error {
  override name = 'ConnectError';
  constructor(message: string, readonly failure: ReturnType<typeof classifySalesforceError>) {
    super(message);
  }
}

/**
 * The client keeps the wall clock for what Salesforce checks against its own (JWT expiry, the renewal
 * window) unless `deps.client.now` says otherwise; the governor's clock (deps.clock) drives Pillar's side.
 */
export async function openClient(deps: Pick<SalesforceConnectionDeps, 'client'>, credentials: SalesforceCredentials): Promise<SalesforceClient> {
  return connectSalesforce({ auth: clientAuth(credentials), apiVersion: credentials.apiVersion ?? DEFAULT_API_VERSION, ...deps.client });
}

/**
 * Connects (or reconnects) the tenant's Salesforce org: authorises once with the given credentials, which
 * proves them and names the org, then stores the connection with the credentials sealed. Throws ConnectError
 * with Salesforce's reason when authorisation fails; nothing is stored then.
 */
export async function connectSalesforceOrg(
  deps: SalesforceConnectionDeps,
  input: SalesforceCredentials,
  actor: Actor = { id: null, kind: 'system' },
): Promise<{ connection: ConnectionView; identity: SalesforceIdentity; resetState: boolean }> {
  const credentials = salesforceCredentialsSchema.parse(input);
  let client: SalesforceClient;
  try {
    client = await openClient(deps, credentials);
  } catch (error) {
    const failure = classifySalesforceError(error);
    throw new ConnectError(describeFailure(failure), failure);
  }
  const identity = client.identity;
  const now = deps.clock.now();
  const who = credentials.auth.kind === 'jwt' ? credentials.auth.username : 'the refresh token\u2019s user';
  const saved = await withOrg(deps.db, deps.orgId, async (tx) => {
    const result = await saveConnection(tx, {
      orgId: deps.orgId,
      provider: 'salesforce',
      instanceUrl: identity.instanceUrl,
      externalOrgId: identity.organizationId,
      credentials: sealCredentials(deps.secretBox, deps.orgId, credentials),
      statusReason: `Connected at ${now.toISOString()} to org ${identity.organizationId} as ${who}.`,
      at: now,
    });
    const details = { externalOrgId: identity.organizationId, instanceUrl: identity.instanceUrl, authKind: credentials.auth.kind, previousExternalOrgId: result.previousExternalOrgId, resetState: result.resetState };
    await appendLogs(tx, null, [{ level: 'info', event: 'connection.connected', details, at: now }]);
    await appendAudit(tx, { orgId: deps.orgId, actorId: actor.id, actorKind: actor.kind, action: 'connection.connect', entity: 'crm_connection', entityId: result.row.id, before: null, after: details, at: now });
    return result;
  });
  return { connection: connectionView(saved.row, credentials), identity, resetState: saved.resetState };
}

/** Disconnects: the credentials are wiped and a refresh token is revoked at Salesforce (best effort). */
export async function disconnectSalesforceOrg(deps: SalesforceConnectionDeps, actor: Actor = { id: null, kind: 'system' }): Promise<ConnectionView | null> {
  const now = deps.clock.now();
  const current = await withOrg(deps.db, deps.orgId, (tx) => findConnection(tx, 'salesforce'));
  if (!current) return null;
  let revoked: 'revoked' | 'not_applicable' | 'failed' = 'not_applicable';
  if (current.credentials) {
    try {
      const credentials = openCredentials(deps.secretBox, deps.orgId, current.credentials);
      if (credentials.auth.kind === 'refreshToken') {
        await new OAuth2({ loginUrl: credentials.loginUrl, clientId: credentials.auth.clientId }).revokeToken(credentials.auth.refreshToken);
        revoked = 'revoked';
      }
    } catch {
      revoked = 'failed';
    }
  }
  return withOrg(deps.db, deps.orgId, async (tx) => {
    const row = await markDisconnected(tx, { provider: 'salesforce', statusReason: `Disconnected at ${now.toISOString()}; credentials deleted.`, at: now });
    if (!row) return null;
    await appendLogs(tx, null, [{ level: 'info', event: 'connection.disconnected', details: { refreshToken: revoked }, at: now }]);
    await appendAudit(tx, { orgId: deps.orgId, actorId: actor.id, actorKind: actor.kind, action: 'connection.disconnect', entity: 'crm_connection', entityId: row.id, before: { status: current.status }, after: { status: row.status, refreshToken: revoked }, at: now });
    return connectionView(row);
  });
}

/** The stored connection as callers may see it (null when never connected). */
export async function readSalesforceConnection(deps: Pick<SalesforceConnectionDeps, 'db' | 'orgId' | 'secretBox'>): Promise<ConnectionView | null> {
  const row = await withOrg(deps.db, deps.orgId, (tx) => findConnection(tx, 'salesforce'));
  if (!row) return null;
  let credentials: SalesforceCredentials | null = null;
  try {
    credentials = row.credentials ? openCredentials(deps.secretBox, deps.orgId, row.credentials) : null;
  } catch {
    credentials = null;
  }
  return connectionView(row, credentials);
}

// ---------------------------------------------------------------------------------------------------------
// The connector

/** Pillar's catalog fields, as the org must have them (with the package's namespace prefix). */
export function catalogApiNames(namespace?: string): Array<{ object: 'Account' | 'Opportunity'; field: string }> {
  const prefix = namespace ? `${namespace}__` : '';
  return FIELD_CATALOG.map((f) => ({ object: SALESFORCE_OBJECT[f.object], field: `${prefix}${f.salesforce.apiName}` }));
}

const describeSchema = z.object({ fields: z.array(z.object({ name: z.string(), updateable: z.boolean() }).loose()) }).loose();

export function createSalesforceConnector(deps: SalesforceConnectionDeps): CrmConnector {
  const credentialsOf = (row: ConnectionRow) => openCredentials(deps.secretBox, deps.orgId, row.credentials);
  const runDeps = {
    db: deps.db,
    orgId: deps.orgId,
    clock: deps.clock,
    policy: deps.policy ?? DEFAULT_GOVERNOR_POLICY,
    openClient: (row: ConnectionRow) => openClient(deps, credentialsOf(row)),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.overlapMs !== undefined ? { overlapMs: deps.overlapMs } : {}),
    ...(deps.pageSize !== undefined ? { pageSize: deps.pageSize } : {}),
  };
  return {
    provider: 'salesforce',
    pull: (request) => runSalesforcePull(runDeps, request),
    writeBack: (request) =>
      runSalesforceWriteback(
        { ...runDeps, namespaceOf: (row: ConnectionRow) => credentialsOf(row).namespace ?? null },
        { ...deps.writeback, ...(request?.bulkThreshold !== undefined ? { bulkThreshold: request.bulkThreshold } : {}) },
      ),
    /**
     * Salesforce fields come with the managed package (metadata cannot be created over REST), so this checks
     * them: describe Account and Opportunity, and report each catalog field present, missing or read-only.
     */
    async provisionFields(): Promise<ProvisionReport> {
      const row = await withOrg(deps.db, deps.orgId, (tx) => findConnection(tx, 'salesforce'));
      if (!row || row.status === 'disconnected') throw new ConnectError('This organization has no Salesforce connection.', { code: 'AUTH', vendorCode: null, status: null, message: 'not connected', retryable: false });
      const credentials = credentialsOf(row);
      const client = await openClient(deps, credentials);
      const wanted = catalogApiNames(credentials.namespace);
      const fields: ProvisionedField[] = [];
      for (const object of ['Account', 'Opportunity'] as const) {
        const described = describeSchema.parse(await client.conn.sobject(object).describe());
        const byName = new Map(described.fields.map((f) => [f.name.toLowerCase(), f]));
        for (const w of wanted.filter((x) => x.object === object)) {
          const found = byName.get(w.field.toLowerCase());
          fields.push({ object, field: w.field, state: !found ? 'missing' : found.updateable ? 'present' : 'read_only' });
        }
      }
      return { fields, ready: fields.every((f) => f.state === 'present'), apiCalls: client.apiCalls() + 2 };
    },
  };
}
