import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsvDirectory } from '../backend/src/crm/csv';
import { runTenantCycle, type TenantCycleReport } from '../backend/src/cycle/tenant-cycle';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { createLogger } from '../backend/src/logger';
import { repoRoot } from './support/pillar-cli';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The public Maven export as a tenant with no CRM connection: one full cycle scores it and turns the scores
 * into signals and plays. The clock is the day after the export's last close date, so the deals are as
 * fresh as they were then.
 */

const AS_OF = new Date('2018-01-02T09:00:00Z');
let database: TestDatabase;
let orgId: string;
let report: TenantCycleReport;

beforeAll(async () => {
  database = await createTestDatabase('cycle-maven');
  orgId = (await ensureOrganization(database.ownerPool, 'Maven Cycle')).id;
  await importCsvDirectory({ db: database.db, orgId, dir: path.join(repoRoot, 'backend/fixtures/maven-crm') });
  report = await runTenantCycle(
    { db: database.db, clock: { now: () => AS_OF }, logger: createLogger({ level: 'silent' }), connectorFor: async () => null },
    orgId,
    { full: true },
  );
  const families = Object.entries(report.signals!.raised).map(([family, bySeverity]) => `${family} ${JSON.stringify(bySeverity)}`);
  console.log(`Maven as of ${AS_OF.toISOString()}: ${report.signals!.created} signals raised (${families.join('; ')}), ${report.signals!.playsCreated} plays started`);
});
afterAll(() => database?.close());

describe('the Maven tenant through a full cycle', () => {
  it('scores every account and deal without a CRM connection', () => {
    expect(report.pull).toBeNull();
    expect(report.writeback).toBeNull();
    expect(report.scoring?.accounts.scored).toBe(85);
    expect(report.scoring?.deals.scored).toBeGreaterThan(2000);
  });

  it('raises pipeline signals of more than one severity, each naming its rule and threshold', async () => {
    const pipeline = report.signals!.raised.PIPELINE ?? {};
    expect(Object.keys(pipeline).length).toBeGreaterThan(1);
    const rows = await withOrg(database.db, orgId, async (tx) =>
      (await tx.execute<{ rule_id: string; threshold: Record<string, unknown>; n: number }>(sql`select rule_id, threshold, count(*)::int as n from signals group by rule_id, threshold`)).rows,
    );
    for (const row of rows) {
      expect(row.rule_id).toMatch(/^SIG-[A-Z]+-\d{3}$/);
      expect(Object.keys(row.threshold).length, row.rule_id).toBeGreaterThan(0);
    }
  });

  it('starts a play with a task checklist for signals that trigger one, owned by the deal owner', async () => {
    expect(report.signals!.playsCreated).toBeGreaterThan(0);
    const [play] = await withOrg(database.db, orgId, async (tx) =>
      (await tx.execute<{ tasks: number; owner_id: string | null }>(sql`select p.owner_id, (select count(*)::int from play_tasks t where t.play_id = p.id) as tasks from plays p limit 1`)).rows,
    );
    expect(play!.tasks).toBeGreaterThan(1);
    expect(play!.owner_id).not.toBeNull();
  });

  it('raises nothing new when the same day is run again (one open signal per dedupe key)', async () => {
    const again = await runTenantCycle(
      { db: database.db, clock: { now: () => AS_OF }, logger: createLogger({ level: 'silent' }), connectorFor: async () => null },
      orgId,
      { full: true },
    );
    expect(again.signals!.created).toBe(0);
    expect(again.signals!.playsCreated).toBe(0);
  });
});
