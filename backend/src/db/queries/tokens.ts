import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, TenantTx } from '../database';
import { apiTokens, users } from '../schema';

export interface ApiTokenRow {
  id: string;
  name: string;
  jti: string;
  scope: 'salesforce' | 'admin';
  createdBy: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  jti: apiTokens.jti,
  scope: apiTokens.scope,
  createdBy: apiTokens.createdBy,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
  lastUsedAt: apiTokens.lastUsedAt,
  createdAt: apiTokens.createdAt,
};

export async function insertApiToken(
  tx: TenantTx,
  token: { orgId: string; name: string; jti: string; scope: 'salesforce' | 'admin'; createdBy: string | null; expiresAt: Date | null },
): Promise<ApiTokenRow> {
  const [row] = await tx.insert(apiTokens).values(token).returning(columns);
  return row!;
}

export async function findApiTokenByJti(tx: TenantTx, jti: string): Promise<ApiTokenRow | null> {
  // Named prepared statement: run on every authenticated request.
  const [row] = await tx.select(columns).from(apiTokens).where(eq(apiTokens.jti, sql.placeholder('jti'))).limit(1).prepare('pillar_api_token_by_jti').execute({ jti });
  return row ?? null;
}

/** Records use at most once per `staleMs`, so a busy token does not turn every read into a write. */
export async function touchApiToken(tx: TenantTx, id: string, now: Date, staleMs: number): Promise<void> {
  await tx
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - staleMs)))));
}

export async function listApiTokens(tx: TenantTx): Promise<(ApiTokenRow & { createdByName: string | null })[]> {
  return tx
    .select({ ...columns, createdByName: users.name })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes by id or jti. Returns the row before and after, or null when no such token exists in this tenant. */
export async function revokeApiToken(tx: TenantTx, idOrJti: string, now: Date): Promise<{ before: ApiTokenRow; after: ApiTokenRow } | null> {
  const where = /^[0-9a-f-]{36}$/i.test(idOrJti) ? or(eq(apiTokens.id, idOrJti), eq(apiTokens.jti, idOrJti)) : eq(apiTokens.jti, idOrJti);
  const [before] = await tx.select(columns).from(apiTokens).where(where).for('update');
  if (!before) return null;
  if (before.revokedAt) return { before, after: before };
  const [after] = await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, before.id)).returning(columns);
  return { before, after: after! };
}

/**
 * The tenant an inbound CRM request belongs to (HubSpot portal id, Salesforce org id), before any tenant is
 * set: the one cross-tenant read, through the SECURITY DEFINER function of the tenant-isolation migration.
 */
export async function orgForConnection(db: Db, provider: 'salesforce' | 'hubspot', externalOrgId: string): Promise<string | null> {
  const result = await db.execute<{ org_id: string | null }>(sql`select pillar_org_for_connection(${provider}, ${externalOrgId}) as org_id`);
  return result.rows[0]?.org_id ?? null;
}
