import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsvDirectory } from '../backend/src/crm/csv';
import { MIRROR_TABLES, type MirrorTable } from '../backend/src/crm/mirror/rows';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { generateDataset, loadDataset, writeMavenCsv, type GenerateDatasetOptions } from '../backend/src/demo';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const NOW = '2025-06-02T09:00:00.000Z';
let database: TestDatabase;
let workDir: string;

beforeAll(async () => {
  database = await createTestDatabase('csv-import-generated');
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-csv-generated-'));
});
afterAll(async () => {
  await database?.close();
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

async function query(orgId: string, text: string): Promise<Array<Record<string, unknown>>> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(text)).rows);
}

describe('importing a generated Maven-shaped export', () => {
  it('imports every generated row, keeps the deals without an account and changes nothing the second time', async () => {
    const dir = path.join(workDir, 'maven-x3');
    const written = await writeMavenCsv({ dir, seed: 11, scale: 3, now: NOW });
    const orgId = (await ensureOrganization(database.ownerPool, 'Generated export')).id;
    const first = await importCsvDirectory({ db: database.db, orgId, dir });
    for (const file of Object.values(first.files)) expect(file.skipped).toEqual([]);
    expect(first.files['sales_pipeline.csv']!.warnings).toHaveLength(written.withoutAccount);

    const [counts] = await query(orgId, `select (select count(*) from accounts)::int as accounts, (select count(*) from opportunities)::int as opportunities,
      (select count(*) from users where role = 'REP_CSM')::int as agents, (select count(*) from users where role = 'MANAGER')::int as managers,
      (select count(*) from products where name = 'GTX Pro')::int as gtx_pro, (select count(*) from accounts where industry = 'technolgy')::int as technolgy`);
    expect(counts).toEqual({ accounts: written.accounts, opportunities: written.opportunities, agents: written.agents, managers: written.managers, gtx_pro: 1, technolgy: 0 });
    const stages = await query(orgId, `select stage, count(*)::int as deals from opportunities group by stage`);
    expect(Object.fromEntries(stages.map((s) => [s.stage, s.deals]))).toEqual(written.stages);

    const second = await importCsvDirectory({ db: database.db, orgId, dir });
    expect(Object.values(second.files).reduce((n, f) => n + f.inserted + f.updated, 0)).toBe(0);
  });
});

describe('loading a generated dataset directly', () => {
  const options: GenerateDatasetOptions = { seed: 21, accounts: 150, oppsPerAccount: 3, activitiesPerAccount: 20, now: NOW, batchSize: 400 };

  async function generatedCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for await (const batch of generateDataset(options)) counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
    return counts;
  }

  /** Content of every mirror table keyed by external id, without Pillar's own ids and timestamps. */
  async function content(orgId: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const table of MIRROR_TABLES) {
      const [row] = await query(
        orgId,
        `select count(*)::int as rows, md5(string_agg((to_jsonb(t) - 'id' - 'org_id' - 'created_at' - 'updated_at' - 'ingested_at'
           - 'account_id' - 'owner_id' - 'manager_id' - 'product_id' - 'contact_id' - 'opportunity_id')::text, '|' order by t.external_id)) as md5 from ${table} t`,
      );
      out[table] = row;
    }
    return out;
  }

  it('stores every generated row with its references resolved, and the same seed gives the same data in another tenant', async () => {
    const a = (await ensureOrganization(database.ownerPool, 'Demo A')).id;
    const b = (await ensureOrganization(database.ownerPool, 'Demo B')).id;
    const loaded = await loadDataset({ db: database.db, orgId: a, batches: generateDataset(options) });
    const expected = await generatedCounts();
    for (const table of Object.keys(expected) as MirrorTable[]) {
      expect(loaded[table], table).toMatchObject({ inserted: expected[table], updated: 0, unchanged: 0, rejected: 0, unresolved: [] });
    }
    const [links] = await query(a, `select (select count(*) from opportunities where account_id is null or owner_id is null)::int as unlinked_opps,
      (select count(*) from activities where account_id is null)::int as unlinked_activities,
      (select count(*) from users where role <> 'LEADER' and manager_id is null)::int as without_manager`);
    expect(links).toEqual({ unlinked_opps: 0, unlinked_activities: 0, without_manager: 0 });

    const reloaded = await loadDataset({ db: database.db, orgId: a, batches: generateDataset(options) });
    for (const table of Object.keys(expected) as MirrorTable[]) expect(reloaded[table], table).toMatchObject({ inserted: 0, updated: 0, unchanged: expected[table] });

    await loadDataset({ db: database.db, orgId: b, batches: generateDataset(options) });
    expect(await content(b)).toEqual(await content(a));
  });
});
