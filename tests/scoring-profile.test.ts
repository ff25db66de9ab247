import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { saveProfileVersion } from '../backend/src/db/queries/profile-versions';
import { withOrg } from '../backend/src/db/tenant';
import { generateDataset, loadDataset } from '../backend/src/demo';
import { scoreTenant, ScoringProfileError } from '../backend/src/scoring';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** Every stored score records the scoring profile version that produced it; a broken profile scores nothing. */

const NOW = new Date('2025-06-02T09:00:00.000Z');
let database: TestDatabase;
let orgId: string;
let adminId: string;

async function query<T extends Record<string, unknown>>(text: string): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(sql.raw(text))).rows as T[]);
}

beforeAll(async () => {
  database = await createTestDatabase('scoring-profile');
  orgId = (await ensureOrganization(database.ownerPool, 'Profiled')).id;
  await loadDataset({ db: database.db, orgId, batches: generateDataset({ seed: 5, accounts: 40, oppsPerAccount: 2, activitiesPerAccount: 15, now: NOW }) });
  const [user] = await query<{ id: string }>(`select id from users order by external_id limit 1`);
  adminId = user!.id;
});

afterAll(async () => {
  await database?.close();
});

describe('scoring profile versions', () => {
  it('scores with the defaults (version 1) when the tenant has no profile', async () => {
    const summary = await scoreTenant({ db: database.db, orgId, now: NOW });
    expect(summary.profileVersion).toBe(1);
    const versions = await query<{ v: number }>(`select distinct profile_version as v from account_scores union select distinct profile_version from opportunity_scores`);
    expect(versions).toEqual([{ v: 1 }]);
  });

  it("scores with the tenant's active profile and records its version on every row", async () => {
    await withOrg(database.db, orgId, (tx) =>
      saveProfileVersion(tx, { orgId, profile: { version: 1, name: 'Engagement first', categoryWeights: { engagement: 0.6, fit: 0.05, intent: 0.05, velocity: 0.05, pipelineHealth: 0.05, relationship: 0.1, risk: 0.05, opportunityQuality: 0.05 } }, createdBy: adminId, at: NOW }),
    );
    await withOrg(database.db, orgId, (tx) => saveProfileVersion(tx, { orgId, profile: { version: 1, name: 'Engagement first, v2', disabledRules: ['ENG-002'] }, createdBy: adminId, at: NOW }));
    const before = await query<{ id: string; health: number }>(`select account_id as id, health_score as health from account_scores order by account_id`);
    const summary = await scoreTenant({ db: database.db, orgId, now: NOW });
    expect(summary.profileVersion).toBe(3); // defaults are v1; the two saved versions are v2 and v3
    const versions = await query<{ v: number }>(`select distinct profile_version as v from account_scores union select distinct profile_version from opportunity_scores`);
    expect(versions).toEqual([{ v: 3 }]);
    const used = await query<{ n: number }>(`select count(*)::int as n from account_scores, jsonb_array_elements(drivers) d where d->>'id' = 'ENG-002'`);
    expect(used[0]!.n).toBe(0);
    const after = await query<{ id: string; health: number }>(`select account_id as id, health_score as health from account_scores order by account_id`);
    expect(after.some((a, i) => a.health !== before[i]!.health)).toBe(true);
  });

  it('refuses an invalid active profile, naming the offending path, and writes nothing', async () => {
    await database.ownerPool.query(`update scoring_profiles set profile = jsonb_set(profile, '{ruleWeights}', '{"ENG-999": 3}') where org_id = $1 and active`, [orgId]);
    const before = await query<{ md5: string }>(`select md5(string_agg(t::text, '|' order by account_id)) as md5 from account_scores t`);
    const error = await scoreTenant({ db: database.db, orgId, now: new Date(NOW.getTime() + 86_400_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScoringProfileError);
    expect((error as ScoringProfileError).message).toMatch(/v3 is invalid: ruleWeights\.ENG-999/);
    expect(await query<{ md5: string }>(`select md5(string_agg(t::text, '|' order by account_id)) as md5 from account_scores t`)).toEqual(before);
  });
});
