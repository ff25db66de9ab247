import { DEFAULT_SCORING_PROFILE } from '@pillar/shared';
import { desc, eq, sql } from 'drizzle-orm';
import type { TenantTx } from '../database';
import { scoringProfiles, users } from '../schema';

export interface ProfileVersionRow {
  id: string;
  version: number;
  profile: Record<string, unknown>;
  active: boolean;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
}

const columns = {
  id: scoringProfiles.id,
  version: scoringProfiles.version,
  profile: scoringProfiles.profile,
  active: scoringProfiles.active,
  createdBy: scoringProfiles.createdBy,
  createdByName: users.name,
  createdAt: scoringProfiles.createdAt,
};

export async function activeProfileVersion(tx: TenantTx): Promise<ProfileVersionRow | null> {
  const [row] = await tx
    .select(columns)
    .from(scoringProfiles)
    .leftJoin(users, eq(users.id, scoringProfiles.createdBy))
    .where(eq(scoringProfiles.active, true))
    .orderBy(desc(scoringProfiles.version))
    .limit(1);
  return row ?? null;
}

export async function listProfileVersions(tx: TenantTx, limit: number): Promise<Omit<ProfileVersionRow, 'profile'>[]> {
  const { profile: _profile, ...summary } = columns;
  return tx.select(summary).from(scoringProfiles).leftJoin(users, eq(users.id, scoringProfiles.createdBy)).orderBy(desc(scoringProfiles.version)).limit(limit);
}

/**
 * Stores `profile` as the tenant's next version (its `version` field set to that number) and makes it the active one. Versions are never edited, so
 * every score keeps pointing at the configuration that produced it. Serialised per tenant by a transaction
 * advisory lock, so two admins saving at once get consecutive versions.
 */
export async function saveProfileVersion(
  tx: TenantTx,
  input: { orgId: string; profile: Record<string, unknown>; createdBy: string; at: Date },
): Promise<{ previous: ProfileVersionRow | null; saved: ProfileVersionRow }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('scoring_profiles'), hashtext(${input.orgId}))`);
  const previous = await activeProfileVersion(tx);
  // Saved versions start after the built-in defaults' version, so a score's profile version is never ambiguous.
  const [{ next } = { next: DEFAULT_SCORING_PROFILE.version + 1 }] = await tx
    .select({ next: sql<number>`coalesce(max(${scoringProfiles.version}), ${DEFAULT_SCORING_PROFILE.version})::int + 1` })
    .from(scoringProfiles);
  await tx.update(scoringProfiles).set({ active: false }).where(eq(scoringProfiles.active, true));
  const [inserted] = await tx
    .insert(scoringProfiles)
    .values({ orgId: input.orgId, version: next, profile: { ...input.profile, version: next }, active: true, createdBy: input.createdBy, createdAt: input.at })
    .returning({ id: scoringProfiles.id });
  const saved = await activeProfileVersion(tx);
  if (!saved || saved.id !== inserted!.id) throw new Error('the saved scoring profile is not the active one');
  return { previous, saved };
}
