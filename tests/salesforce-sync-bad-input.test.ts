// Bad input from the CRM never crashes a sync: each record that cannot be stored is skipped with a logged
// reason, values that can be kept are kept with a remark, and the rest of the page goes in. The pages are
// served by the emulated org as Salesforce would send them (an injected response replaces the real one).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSalesforceOrg, createSalesforceConnector } from '../backend/src/crm/salesforce/connection';
import { connectionDeps, credentialsFor, mirrorCounts, startOrg } from '../backend/src/crm/salesforce/sync/__tests__/harness';
import type { SalesforceEmulator } from '../backend/src/emulators/salesforce';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;

async function rows<T>(orgId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(query)).rows as T[]);
}

const stamp = '2026-01-05T10:00:00.000+0000';
const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(12, '0')}AAA`;
const page = (type: string, records: Array<Record<string, unknown>>) => ({
  totalSize: records.length,
  done: true,
  records: records.map((r) => ({ attributes: { type }, IsDeleted: false, SystemModstamp: stamp, LastModifiedById: null, ...r })),
});

const ACCOUNTS = page('Account', [
  { Id: id('001', 1), Name: 'Nulls Inc', Website: null, Industry: null, NumberOfEmployees: null, AnnualRevenue: null, BillingCountry: null, Type: null, OwnerId: null },
  { Id: id('001', 2), Name: 'N'.repeat(300) },
  { Id: id('001', 3), Name: 'Odd Type Ltd', Type: 'Intergalactic Partner' },
  { Id: id('001', 4), Name: null },
  { Id: 'not-a-salesforce-id', Name: 'Broken Id' },
  { Id: id('001', 6), Name: 'Gone Corp', IsDeleted: true },
  { Id: id('001', 7), Name: 'No Host', Website: 'http://', NumberOfEmployees: -5 },
  { Id: id('001', 8), Name: 'Rich', AnnualRevenue: 'lots' },
  { Id: id('001', 9), Name: 'Bad Stamp', SystemModstamp: 'last tuesday' },
]);

const OPPORTUNITIES = page('Opportunity', [
  { Id: id('006', 1), Name: 'Fine deal', StageName: 'Prospecting', CloseDate: '2026-03-01', AccountId: id('001', 1), IsClosed: false, IsWon: false },
  { Id: id('006', 2), Name: 'Bad date', StageName: 'Prospecting', CloseDate: '2024-13-45', IsClosed: false, IsWon: false },
  { Id: id('006', 3), Name: 'Martian', StageName: 'Martian Orbit', CloseDate: '2026-03-01', IsClosed: false, IsWon: false },
  { Id: id('006', 4), Name: 'Sure thing', StageName: 'Prospecting', Probability: 250, CloseDate: '2026-03-01', IsClosed: false, IsWon: false },
  { Id: id('006', 5), Name: 'Orphan', StageName: 'Prospecting', CloseDate: '2026-03-01', AccountId: id('001', 999), IsClosed: false, IsWon: false },
  { Id: id('006', 6), Name: 'No stage', StageName: null, CloseDate: '2026-03-01', IsClosed: false, IsWon: false },
  { Id: id('006', 7), Name: 'When', StageName: 'Prospecting', CloseDate: '2026-03-01', LastStageChangeDate: 'yesterday', IsClosed: false, IsWon: false },
]);

beforeAll(async () => {
  database = await createTestDatabase('salesforce-sync-bad-input');
});

afterAll(async () => {
  await database.close();
});

describe('bad records from Salesforce', () => {
  let emu: SalesforceEmulator;
  let orgId: string;
  let report: Awaited<ReturnType<ReturnType<typeof createSalesforceConnector>['pull']>>;

  beforeAll(async () => {
    emu = await startOrg();
    emu.seed({ users: 2, seed: 31 });
    orgId = (await ensureOrganization(database.ownerPool, 'Bad input')).id;
    const deps = connectionDeps(database.db, orgId);
    await connectSalesforceOrg(deps, credentialsFor(emu));
    report = await createSalesforceConnector(deps).pull({
      onObjectStart: (object) => {
        if (object === 'Account') emu.faults.inject({ kind: 'status', status: 200, body: ACCOUNTS, path: '/query' });
        if (object === 'Opportunity') emu.faults.inject({ kind: 'status', status: 200, body: OPPORTUNITIES, path: '/query' });
      },
    });
  });

  afterAll(async () => {
    await emu.close();
  });

  it('finishes the run and counts what it stored, skipped and noted', async () => {
    expect(report.status).toBe('succeeded');
    expect(report.objects.Account).toMatchObject({ read: 9, inserted: 4, deleted: 1, skipped: 4, noted: 3 });
    expect(report.objects.Opportunity).toMatchObject({ read: 7, inserted: 4, skipped: 3, noted: 2 });
    const [conn] = await rows<{ status: string }>(orgId, sql`SELECT status FROM crm_connections`);
    expect(conn!.status).toBe('connected');
  });

  it('logs every skipped record with the field and the reason', async () => {
    const skipped = await rows<{ details: { object: string; externalId: string | null; code: string; field: string | null; message: string } }>(
      orgId,
      sql`SELECT details FROM integration_logs WHERE event = 'record.skipped' AND run_id = ${report.runId} ORDER BY id`,
    );
    expect(skipped.map((s) => [s.details.object, s.details.externalId, s.details.code, s.details.field])).toEqual([
      ['Account', id('001', 4), 'MISSING_REQUIRED', 'Name'],
      ['Account', 'not-a-salesforce-id', 'MALFORMED_RECORD', 'Id'],
      ['Account', id('001', 8), 'MALFORMED_NUMBER', 'AnnualRevenue'],
      ['Account', id('001', 9), 'MALFORMED_DATE', 'SystemModstamp'],
      ['Opportunity', id('006', 2), 'MALFORMED_DATE', 'CloseDate'],
      ['Opportunity', id('006', 6), 'MISSING_REQUIRED', 'StageName'],
      ['Opportunity', id('006', 7), 'MALFORMED_DATE', 'LastStageChangeDate'],
    ]);
    expect(skipped.find((s) => s.details.code === 'MALFORMED_DATE')!.details.message).toMatch(/not a date-time: "last tuesday"/);
  });

  it('keeps what can be kept, with a logged remark', async () => {
    const noted = await rows<{ details: { externalId: string; notes: Array<{ code: string; field: string }> } }>(
      orgId,
      sql`SELECT details FROM integration_logs WHERE event = 'record.noted' AND run_id = ${report.runId} ORDER BY id`,
    );
    const codes = noted.flatMap((n) => n.details.notes.map((x) => `${n.details.externalId}:${x.code}:${x.field}`));
    expect(codes).toEqual([
      `${id('001', 2)}:TRUNCATED:Name`,
      `${id('001', 3)}:UNKNOWN_PICKLIST:Type`,
      `${id('001', 7)}:UNPARSEABLE_DOMAIN:Website`,
      `${id('001', 7)}:OUT_OF_RANGE:NumberOfEmployees`,
      `${id('006', 3)}:UNKNOWN_PICKLIST:StageName`,
      `${id('006', 4)}:OUT_OF_RANGE:Probability`,
    ]);
    const accounts = await rows<{ external_id: string; name: string; status: string | null; employees: number | null; deleted_at: Date | null }>(
      orgId,
      sql`SELECT external_id, name, status, employees, deleted_at FROM accounts ORDER BY external_id`,
    );
    expect(accounts.map((a) => a.external_id)).toEqual([1, 2, 3, 6, 7].map((n) => id('001', n)));
    expect(accounts[1]!.name).toHaveLength(255);
    expect(accounts[2]!.status).toBe('intergalactic partner');
    expect(accounts[3]!.deleted_at).not.toBeNull();
    expect(accounts[4]!.employees).toBeNull();
    const [martian] = await rows<{ stage: string; raw_stage: string }>(orgId, sql`SELECT stage, raw_stage FROM opportunities WHERE external_id = ${id('006', 3)}`);
    expect(martian).toEqual({ stage: 'discover', raw_stage: 'Martian Orbit' });
  });

  it('keeps a deal whose account is unknown, without the account, and says so', async () => {
    const [orphan] = await rows<{ account_id: string | null }>(orgId, sql`SELECT account_id FROM opportunities WHERE external_id = ${id('006', 5)}`);
    expect(orphan!.account_id).toBeNull();
    const unresolved = await rows<{ details: { externalId: string; reference: string; value: string } }>(orgId, sql`SELECT details FROM integration_logs WHERE event = 'reference.unresolved' AND run_id = ${report.runId}`);
    expect(unresolved.map((u) => u.details)).toContainEqual({ object: 'Opportunity', externalId: id('006', 5), reference: 'account', value: id('001', 999) });
  });

  it('leaves stored data untouched when a later version of a record is bad', async () => {
    const deps = connectionDeps(database.db, orgId);
    const again = await createSalesforceConnector(deps).pull({
      onObjectStart: (object) => {
        if (object === 'Account') {
          const later = page('Account', [{ Id: id('001', 1), Name: 'Nulls Inc', AnnualRevenue: 'NaN dollars', SystemModstamp: '2026-01-06T10:00:00.000+0000' }]);
          emu.faults.inject({ kind: 'status', status: 200, body: later, path: '/query' });
        }
      },
    });
    expect(again.status).toBe('succeeded');
    expect(again.objects.Account).toMatchObject({ read: 1, skipped: 1, updated: 0 });
    const [account] = await rows<{ name: string; annual_revenue: number | null }>(orgId, sql`SELECT name, annual_revenue FROM accounts WHERE external_id = ${id('001', 1)}`);
    expect(account).toEqual({ name: 'Nulls Inc', annual_revenue: null });
  });
});

describe('an account with 5,000 contacts', () => {
  it('syncs every contact with its account and their deal roles', async () => {
    const emu = await startOrg();
    try {
      emu.seed({ accounts: 1, contactsPerAccount: 5000, opportunities: 4, contactRolesPerOpportunity: 40, tasks: 100, users: 2, seed: 32 });
      const orgId = (await ensureOrganization(database.ownerPool, 'Big account')).id;
      const deps = connectionDeps(database.db, orgId);
      await connectSalesforceOrg(deps, credentialsFor(emu));
      const report = await createSalesforceConnector(deps).pull();
      expect(report.status).toBe('succeeded');
      expect(report.objects.Contact).toMatchObject({ read: 5000, inserted: 5000, skipped: 0 });
      const counts = await mirrorCounts(database.db, orgId);
      expect(counts.contacts!.rows).toBe(5000);
      const [linked] = await rows<{ n: number; roles: number }>(
        orgId,
        sql`SELECT count(*) FILTER (WHERE account_id IS NOT NULL)::int AS n, count(*) FILTER (WHERE buying_role <> 'unknown')::int AS roles FROM contacts`,
      );
      expect(linked!.n).toBe(5000);
      expect(linked!.roles).toBe(40);
      expect(counts.opportunity_contacts!.rows).toBe(160);
    } finally {
      await emu.close();
    }
  });
});
