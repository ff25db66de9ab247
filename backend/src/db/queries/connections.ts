import { and, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '../database';
import { crmConnections, syncCursors, writebackState } from '../schema';

/** crm_connections: a tenant's link to its CRM. Run inside withOrg; `credentials` is sealed ciphertext. */

export type ConnectionProvider = 'salesforce' | 'hubspot';
export type ConnectionStatus = 'connected' | 'syncing' | 'paused' | 'error' | 'disconnected';

export interface ConnectionRow {
  id: string;
  orgId: string;
  provider: ConnectionProvider;
  instanceUrl: string | null;
  externalOrgId: string | null;
  credentials: string;
  status: ConnectionStatus;
  statusReason: string | null;
  consecutiveFailures: number;
  lastSyncAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function findConnection(tx: TenantTx, provider: ConnectionProvider): Promise<ConnectionRow | null> {
  const [row] = await tx.select().from(crmConnections).where(eq(crmConnections.provider, provider)).limit(1);
  return row ?? null;
}

/**
 * Creates or replaces the tenant's connection to `provider` (one per provider), status 'connected'. When it
 * now points at a different CRM org than before, the cursors and write-back state of the old org are
 * dropped, so the next sync starts over and nothing written to the old org is taken as written.
 */
export async function saveConnection(
  tx: TenantTx,
  input: { orgId: string; provider: ConnectionProvider; instanceUrl: string; externalOrgId: string; credentials: string; statusReason: string; at: Date },
): Promise<{ row: ConnectionRow; previousExternalOrgId: string | null; resetState: boolean }> {
  const previous = await findConnection(tx, input.provider);
  const values = {
    instanceUrl: input.instanceUrl,
    externalOrgId: input.externalOrgId,
    credentials: input.credentials,
    status: 'connected' as const,
    statusReason: input.statusReason,
    consecutiveFailures: 0,
    lastError: null,
    updatedAt: input.at,
  };
  const [row] = await tx
    .insert(crmConnections)
    .values({ orgId: input.orgId, provider: input.provider, ...values, createdAt: input.at })
    .onConflictDoUpdate({ target: [crmConnections.orgId, crmConnections.provider], set: values })
    .returning();
  const resetState = previous !== null && previous.externalOrgId !== null && previous.externalOrgId !== input.externalOrgId;
  if (resetState) {
    await tx.delete(syncCursors).where(eq(syncCursors.provider, input.provider));
    await tx.delete(writebackState).where(eq(writebackState.provider, input.provider));
  }
  return { row: row!, previousExternalOrgId: previous?.externalOrgId ?? null, resetState };
}

/**
 * Compare-and-set of the status: applies only while the row still has the status and updated_at that were
 * read (another process did not get there first). The run lease is taken this way.
 */
export async function compareAndSetStatus(
  tx: TenantTx,
  input: { provider: ConnectionProvider; expect: { status: ConnectionStatus; updatedAt: Date }; status: ConnectionStatus; statusReason: string; at: Date },
): Promise<boolean> {
  const rows = await tx
    .update(crmConnections)
    .set({ status: input.status, statusReason: input.statusReason, updatedAt: input.at })
    .where(
      and(
        eq(crmConnections.provider, input.provider),
        eq(crmConnections.status, input.expect.status),
        // JavaScript dates hold milliseconds; the column may hold microseconds (a default now()).
        sql`date_trunc('milliseconds', ${crmConnections.updatedAt}) = ${input.expect.updatedAt.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: crmConnections.id });
  return rows.length === 1;
}

/** A running sync's heartbeat: keeps the lease fresh so no other process takes over. */
export async function touchConnection(tx: TenantTx, provider: ConnectionProvider, at: Date): Promise<void> {
  await tx.update(crmConnections).set({ updatedAt: at }).where(and(eq(crmConnections.provider, provider), eq(crmConnections.status, 'syncing')));
}

/** The state after a run (leaves a disconnected connection alone: a disconnect during a run wins). */
export async function recordRunEnd(
  tx: TenantTx,
  input: {
    provider: ConnectionProvider;
    status: Exclude<ConnectionStatus, 'syncing' | 'disconnected'>;
    statusReason: string;
    consecutiveFailures: number;
    lastError: string | null;
    lastSyncAt: Date | null;
    at: Date;
  },
): Promise<void> {
  await tx
    .update(crmConnections)
    .set({
      status: input.status,
      statusReason: input.statusReason,
      consecutiveFailures: input.consecutiveFailures,
      lastError: input.lastError,
      ...(input.lastSyncAt ? { lastSyncAt: input.lastSyncAt } : {}),
      updatedAt: input.at,
    })
    .where(and(eq(crmConnections.provider, input.provider), eq(crmConnections.status, 'syncing')));
}

/** Disconnects: the credentials are wiped (not kept sealed), the row stays for its history. */
export async function markDisconnected(tx: TenantTx, input: { provider: ConnectionProvider; statusReason: string; at: Date }): Promise<ConnectionRow | null> {
  const [row] = await tx
    .update(crmConnections)
    .set({ status: 'disconnected', statusReason: input.statusReason, credentials: '', updatedAt: input.at })
    .where(eq(crmConnections.provider, input.provider))
    .returning();
  return row ?? null;
}
