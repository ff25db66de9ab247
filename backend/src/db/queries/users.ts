import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Role, Source } from '@pillar/shared';
import type { TenantTx } from '../database';
import { users } from '../schema';

/** The columns the API needs to know who is acting and what they may do. */
export interface UserRow {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  managerId: string | null;
  team: string | null;
  source: Source;
  externalId: string;
  active: 'active' | 'inactive';
}

const columns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  managerId: users.managerId,
  team: users.team,
  source: users.source,
  externalId: users.externalId,
  active: users.active,
};

export async function findUserById(tx: TenantTx, id: string): Promise<UserRow | null> {
  const [row] = await tx.select(columns).from(users).where(eq(users.id, sql.placeholder('id'))).limit(1).prepare('pillar_user_by_id').execute({ id });
  return row ?? null;
}

/** A user mirrored from a CRM, by any of the spellings of its CRM id (Salesforce 15/18-character forms). */
export async function findUserByCrmId(tx: TenantTx, source: Source, externalIds: readonly string[]): Promise<UserRow | null> {
  const [row] = await tx
    .select(columns)
    .from(users)
    .where(and(eq(users.source, sql.placeholder('source')), sql`${users.externalId} = any(${sql.placeholder('ids')})`))
    .orderBy(asc(users.createdAt))
    .limit(1)
    .prepare('pillar_user_by_crm_id') // named prepared statement: run on every Salesforce card request
    .execute({ source, ids: [...externalIds] });
  return row ?? null;
}

/**
 * The Pillar user behind a HubSpot card request: the HubSpot user id when users were mirrored with it, else the
 * e-mail address (HubSpot owners are mirrored by owner id, which the card request does not carry).
 */
export async function findHubSpotUser(tx: TenantTx, identity: { userId: string | null; email: string | null }): Promise<UserRow | null> {
  const byId = identity.userId ? and(eq(users.source, 'hubspot'), eq(users.externalId, identity.userId)) : undefined;
  const byEmail = identity.email ? sql`lower(${users.email}) = lower(${identity.email})` : undefined;
  const match = or(byId, byEmail);
  if (!match) return null;
  const [row] = await tx
    .select(columns)
    .from(users)
    .where(match)
    .orderBy(
      sql`case when ${byId ?? sql`false`} then 0 when ${users.source} = 'hubspot' then 1 else 2 end`,
      sql`case when ${users.active} = 'active' then 0 else 1 end`,
      asc(users.createdAt),
    )
    .limit(1);
  return row ?? null;
}

export async function listUsers(tx: TenantTx): Promise<UserRow[]> {
  return tx.select(columns).from(users).orderBy(asc(users.name), asc(users.id));
}

export interface NewUser {
  orgId: string;
  name: string;
  email: string | null;
  role: Role;
  managerId: string | null;
  team: string | null;
  source: Source;
  externalId: string;
}

/** Adds a user, or updates name/e-mail/role/manager of the one with the same (source, external id). */
export async function upsertUser(tx: TenantTx, user: NewUser): Promise<{ before: UserRow | null; after: UserRow }> {
  const before = await findUserByCrmId(tx, user.source, [user.externalId]);
  const [after] = await tx
    .insert(users)
    .values(user)
    .onConflictDoUpdate({
      target: [users.orgId, users.source, users.externalId],
      set: { name: user.name, email: user.email, role: user.role, managerId: user.managerId, team: user.team, updatedAt: sql`now()` },
    })
    .returning(columns);
  return { before, after: after! };
}

export interface UserChange {
  role?: Role;
  managerId?: string | null;
  active?: 'active' | 'inactive';
}

export async function updateUser(tx: TenantTx, id: string, change: UserChange): Promise<{ before: UserRow; after: UserRow } | null> {
  const [before] = await tx.select(columns).from(users).where(eq(users.id, id)).for('update');
  if (!before) return null;
  const [after] = await tx
    .update(users)
    .set({ ...change, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning(columns);
  return { before, after: after! };
}
