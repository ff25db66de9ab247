import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSalesforceOrg, createSalesforceConnector } from '../backend/src/crm/salesforce/connection';
import { connectionDeps, credentialsFor, startOrg } from '../backend/src/crm/salesforce/sync/__tests__/harness';
import { runTenantCycle, type TenantCycleDeps } from '../backend/src/cycle/tenant-cycle';
import type { SalesforceEmulator } from '../backend/src/emulators/salesforce';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { createLogger } from '../backend/src/logger';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The whole loop a tenant lives in, against the real jsforce and the Salesforce emulator: pull the org,
 * score it, raise signals and plays, write the scores back as Pillar fields; then an edit in Salesforce is
 * pulled and rescored on the next incremental cycle, and Pillar's own writes never come back as changes.
 */

let database: TestDatabase;
let emu: SalesforceEmulator;
let orgId: string;
let deps: TenantCycleDeps;

const count = async (query: ReturnType<typeof sql>) =>
  withOrg(database.db, orgId, async (tx) => Number((await tx.execute<{ n: number }>(query)).rows[0]!.n));

beforeAll(async () => {
  database = await createTestDatabase('cycle-salesforce');
  emu = await startOrg();
  emu.seed({ accounts: 40, contactsPerAccount: 3, opportunities: 120, contactRolesPerOpportunity: 2, tasks: 600, events: 120, users: 5, seed: 11 });
  orgId = (await ensureOrganization(database.ownerPool, 'Cycle Tenant')).id;
  const connection = connectionDeps(database.db, orgId);
  await connectSalesforceOrg(connection, credentialsFor(emu));
  deps = {
    db: database.db,
    clock: connection.clock,
    logger: createLogger({ level: 'silent' }),
    connectorFor: async () => createSalesforceConnector(connection),
  };
});

afterAll(async () => {
  await emu?.close();
  await database?.close();
});

describe('a tenant cycle against Salesforce', () => {
  it('pulls the org, scores every account, raises signals and writes Pillar fields back', async () => {
    const report = await runTenantCycle(deps, orgId, { full: false });
    expect(report.pull?.status).toBe('succeeded');
    expect(report.accountsRescored).toBe('all');
    expect(report.scoring?.accounts.scored).toBe(40);
    expect(report.signals).not.toBeNull();

    const stored = await withOrg(database.db, orgId, (tx) => tx.execute(sql`select * from account_scores`));
    expect(stored.rows).toHaveLength(40);
    expect(await count(sql`select count(*)::int as n from opportunity_scores`)).toBeGreaterThan(0);

    expect(report.writeback?.status).toBe('succeeded');
    const written = emu.org.apiWrites({ type: 'Account' });
    expect(written.length).toBeGreaterThan(0);
    const account = emu.org.records('Account').find((a) => a.Pillar_Health_Score__c !== null && a.Pillar_Health_Score__c !== undefined);
    expect(account, 'an Account carries the written-back health score').toBeDefined();
    const row = await withOrg(database.db, orgId, (tx) =>
      tx.execute<{ health_score: number; band: string }>(sql`select s.health_score, s.band from account_scores s join accounts a on a.id = s.account_id where a.external_id = ${String(account!.Id)}`),
    );
    expect(Number(account!.Pillar_Health_Score__c)).toBeCloseTo(row.rows[0]!.health_score, 1);
    expect(account!.Pillar_Health_Band__c).toBe(row.rows[0]!.band);
  });

  it('changes nothing on a second cycle when nothing changed in Salesforce', async () => {
    const writesBefore = emu.org.apiWrites().length;
    const report = await runTenantCycle(deps, orgId, { full: false });
    expect(report.scoring).toBeNull();
    expect(report.accountsRescored).toBe(0);
    expect(report.writeback?.objects.Account?.sent ?? 0).toBe(0);
    expect(emu.org.apiWrites().length).toBe(writesBefore);
  });

  it('rescores only the account edited in Salesforce on the next incremental cycle', async () => {
    const target = emu.org.records('Account')[3]!;
    emu.org.update(String(target.Id), { AnnualRevenue: 987_654_321, NumberOfEmployees: 12_000 });
    const report = await runTenantCycle(deps, orgId, { full: false });
    expect(report.pull?.objects.Account?.updated).toBe(1);
    expect(report.accountsRescored).toBe(1);
    expect(report.scoring?.accounts.scored).toBe(1);
  });

  it('rescores everything on a full cycle', async () => {
    const report = await runTenantCycle(deps, orgId, { full: true });
    expect(report.accountsRescored).toBe('all');
    expect(report.scoring?.accounts.scored).toBe(40);
    expect(await count(sql`select count(*)::int as n from signals s where not exists (select 1 from signal_transitions t where t.signal_id = s.id)`)).toBe(0);
  });
});
