import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../../../db/queries/organizations';
import { withOrg } from '../../../db/tenant';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/support/test-database';
import { mirrorUpsertSql, upsertAccounts, upsertOpportunities, upsertRenewals, upsertStageHistory, upsertUsers } from '../index';
import type { MirrorAccount, MirrorOpportunity, MirrorUser } from '../rows';

let database: TestDatabase;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  database = await createTestDatabase('crm/mirror/mirror-upsert');
  orgA = (await ensureOrganization(database.ownerPool, 'Mirror A')).id;
  orgB = (await ensureOrganization(database.ownerPool, 'Mirror B')).id;
});
afterAll(async () => {
  await database?.close();
});

const users: MirrorUser[] = [
  { externalId: 'rep-1', name: 'Rita Rep', role: 'REP_CSM', managerExternalId: 'mgr-1', region: 'East' },
  { externalId: 'mgr-1', name: 'Max Manager', role: 'MANAGER', managerExternalId: 'vp-1', region: 'East' },
  { externalId: 'vp-1', name: 'Vera VP', role: 'LEADER' },
];
const accounts: MirrorAccount[] = [
  { externalId: 'acc-1', name: 'Acme', industry: 'technology', employees: 120, ownerExternalId: 'rep-1' },
  { externalId: 'acc-2', name: 'Globex', annualRevenue: 12_500_000.5, ownerExternalId: 'nobody' },
];
const opportunity = (id: string, accountExternalId: string | null, amount: number): MirrorOpportunity => ({
  externalId: id,
  accountExternalId,
  ownerExternalId: 'rep-1',
  name: `Deal ${id}`,
  stage: 'Won',
  rawStage: 'Won',
  isClosed: true,
  isWon: true,
  amount,
  closeDate: '2024-03-01',
  closedAt: '2024-03-01T00:00:00.000Z',
});

describe('mirror upserts', () => {
  it('inserts users with managers resolved even when reports come before their managers', async () => {
    const result = await withOrg(database.db, orgA, (tx) => upsertUsers(tx, 'csv', users));
    expect(result).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, rejected: 0, unresolved: [] });
    const { rows } = await withOrg(database.db, orgA, (tx) =>
      tx.execute(`select u.external_id, m.external_id as manager from users u left join users m on m.id = u.manager_id order by u.external_id`),
    );
    expect(rows).toEqual([
      { external_id: 'mgr-1', manager: 'vp-1' },
      { external_id: 'rep-1', manager: 'mgr-1' },
      { external_id: 'vp-1', manager: null },
    ]);
  });

  it('reports a reference that matches no row and keeps the row with the reference empty', async () => {
    const result = await withOrg(database.db, orgA, (tx) => upsertAccounts(tx, 'csv', accounts));
    expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(result.unresolved).toEqual([{ externalId: 'acc-2', reference: 'owner', value: 'nobody', kept: true }]);
  });

  it('reports every row unchanged when the same rows are upserted again, and writes nothing', async () => {
    const before = await withOrg(database.db, orgA, (tx) => tx.execute(`select max(updated_at) as at from accounts`));
    const again = await withOrg(database.db, orgA, async (tx) => ({
      users: await upsertUsers(tx, 'csv', users),
      accounts: await upsertAccounts(tx, 'csv', [...accounts].reverse()),
    }));
    expect(again.users).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(again.accounts).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const after = await withOrg(database.db, orgA, (tx) => tx.execute(`select max(updated_at) as at from accounts`));
    expect(after.rows).toEqual(before.rows);
  });

  it('updates only the rows whose content changed', async () => {
    const changed = accounts.map((a) => (a.externalId === 'acc-1' ? { ...a, employees: 130 } : a));
    const result = await withOrg(database.db, orgA, (tx) => upsertAccounts(tx, 'csv', changed));
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const { rows } = await withOrg(database.db, orgA, (tx) => tx.execute(`select employees from accounts where external_id = 'acc-1'`));
    expect(rows).toEqual([{ employees: 130 }]);
  });

  it('treats null and an absent key as the same value', async () => {
    const withNulls = accounts.map((a) => (a.externalId === 'acc-1' ? { ...a, employees: 130, domain: null, segment: undefined } : a));
    const result = await withOrg(database.db, orgA, (tx) => upsertAccounts(tx, 'csv', withNulls));
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('fills a reference that resolves later even though the row itself did not change', async () => {
    const result = await withOrg(database.db, orgA, async (tx) => {
      await upsertUsers(tx, 'csv', [{ externalId: 'nobody', name: 'Late Owner' }]);
      return upsertAccounts(tx, 'csv', accounts.map((a) => (a.externalId === 'acc-1' ? { ...a, employees: 130 } : a)));
    });
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, unresolved: [] });
  });

  it('writes the last version when one call carries the same external id twice', async () => {
    const result = await withOrg(database.db, orgA, (tx) =>
      upsertOpportunities(tx, 'csv', [opportunity('o-1', 'acc-1', 100), opportunity('o-2', null, 5), opportunity('o-1', 'acc-1', 250)]),
    );
    expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    const { rows } = await withOrg(database.db, orgA, (tx) => tx.execute(`select external_id, amount, account_id is null as no_account from opportunities order by 1`));
    expect(rows).toEqual([
      { external_id: 'o-1', amount: '250.00', no_account: false },
      { external_id: 'o-2', amount: '5.00', no_account: true },
    ]);
  });

  it('refuses rows whose required reference is missing and reports them', async () => {
    const result = await withOrg(database.db, orgA, async (tx) => ({
      renewals: await upsertRenewals(tx, 'csv', [
        { externalId: 'r-1', accountExternalId: 'acc-1', renewalDate: '2025-01-01', arr: 1000 },
        { externalId: 'r-2', accountExternalId: 'acc-404', renewalDate: '2025-01-01', arr: 1000 },
      ]),
      history: await upsertStageHistory(tx, 'csv', [
        { externalId: 'o-1:closed', opportunityExternalId: 'o-1', fromStage: 'Engaging', toStage: 'Won', changedAt: '2024-03-01T00:00:00.000Z' },
        { externalId: 'o-9:closed', opportunityExternalId: 'o-9', toStage: 'Won', changedAt: '2024-03-01T00:00:00.000Z' },
      ]),
    }));
    expect(result.renewals).toMatchObject({ inserted: 1, rejected: 1, unchanged: 0 });
    expect(result.renewals.unresolved).toEqual([{ externalId: 'r-2', reference: 'account', value: 'acc-404', kept: false }]);
    expect(result.history).toMatchObject({ inserted: 1, rejected: 1, unchanged: 0 });
  });

  it('detects changes in tables without a source hash by comparing the written columns', async () => {
    const change = { externalId: 'o-1:closed', opportunityExternalId: 'o-1', fromStage: 'Engaging', toStage: 'Won', changedAt: '2024-03-01T00:00:00.000Z' };
    const same = await withOrg(database.db, orgA, (tx) => upsertStageHistory(tx, 'csv', [change]));
    const moved = await withOrg(database.db, orgA, (tx) => upsertStageHistory(tx, 'csv', [{ ...change, toStage: 'Lost' }]));
    expect(same).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(moved).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
  });

  it('keeps tenants apart: the same external ids in another tenant are new rows there and resolve only to its own rows', async () => {
    const result = await withOrg(database.db, orgB, async (tx) => ({
      accounts: await upsertAccounts(tx, 'csv', accounts),
      opportunities: await upsertOpportunities(tx, 'csv', [opportunity('o-1', 'acc-1', 1)]),
    }));
    expect(result.accounts).toMatchObject({ inserted: 2 });
    // rep-1 exists only in tenant A: from B it does not resolve.
    expect(result.accounts.unresolved.map((u) => u.value).sort()).toEqual(['nobody', 'rep-1']);
    expect(result.opportunities).toMatchObject({ inserted: 1 });
    const counts = async (org: string) =>
      withOrg(database.db, org, (tx) => tx.execute(`select (select count(*) from accounts) as accounts, (select count(*) from opportunities) as opps`));
    expect((await counts(orgA)).rows).toEqual([{ accounts: 2, opps: 2 }]);
    expect((await counts(orgB)).rows).toEqual([{ accounts: 2, opps: 1 }]);
  });

  it('cannot write outside withOrg', async () => {
    const client = await database.appPool.connect();
    try {
      await expect(client.query(mirrorUpsertSql('products', 'csv'), [JSON.stringify([{ externalId: 'p', name: 'P', sourceHash: 'x' }])])).rejects.toThrow(/null value|row-level security/);
    } finally {
      client.release();
    }
  });
});
