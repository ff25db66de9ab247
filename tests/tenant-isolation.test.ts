import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { seedEveryTable, tenantTables } from './support/seed-every-table';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Generated from the drizzle schema: a table added later is checked here without editing this file.
const TABLES = tenantTables().map((t) => t.name);

let database: TestDatabase;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  database = await createTestDatabase('tenant-isolation');
  orgA = (await ensureOrganization(database.ownerPool, 'Tenant A')).id;
  orgB = (await ensureOrganization(database.ownerPool, 'Tenant B')).id;
  await withOrg(database.db, orgA, (tx) => seedEveryTable(tx, orgA, 'a'));
  await withOrg(database.db, orgB, (tx) => seedEveryTable(tx, orgB, 'b'));
});
afterAll(() => database?.close());

const asA = <T>(fn: Parameters<typeof withOrg<T>>[2]) => withOrg(database.db, orgA, fn);

/** The database's own message (drizzle wraps it as the cause of "Failed query: …"). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    return (cause ?? (error as Error)).message;
  }
  return 'not refused';
}

describe('tenant isolation', () => {
  it('finds the tenant tables in the schema', () => {
    expect(TABLES.length).toBeGreaterThanOrEqual(28);
    expect(TABLES).toEqual(expect.arrayContaining(['organizations', 'accounts', 'signals', 'audit_log', 'webhook_deliveries']));
  });

  it('has row-level security enabled with the tenant policy on every table that has org_id', async () => {
    const { rows } = await database.ownerPool.query<{ relname: string; relrowsecurity: boolean; policies: number }>(
      `select c.relname, c.relrowsecurity, (select count(*) from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation') as policies
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)`,
    );
    expect(rows.map((r) => r.relname).sort()).toEqual(TABLES);
    for (const row of rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, policies: 1 });
  });

  it('runs the application as a role that is neither superuser nor BYPASSRLS', async () => {
    const { rows } = await database.appPool.query(`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('rejects a tenant id that is not a UUID before touching the database', async () => {
    await expect(withOrg(database.db, "x' or 1=1 --", async () => 1)).rejects.toThrow(/org id must be a UUID/);
  });

  describe.each(TABLES)('%s', (table) => {
    const t = sql.raw(`"${table}"`);

    it('has rows for both tenants (the seed covers it)', async () => {
      const { rows } = await database.ownerPool.query(`select org_id, count(*)::int as n from "${table}" group by org_id`);
      const byOrg = Object.fromEntries(rows.map((r) => [r.org_id, r.n]));
      expect(byOrg[orgA], `${table} has no row for tenant A`).toBeGreaterThan(0);
      expect(byOrg[orgB], `${table} has no row for tenant B`).toBeGreaterThan(0);
    });

    it("as tenant A returns only A's rows", async () => {
      const result = await asA((tx) => tx.execute(sql`select count(*)::int as total, count(*) filter (where org_id <> ${orgA})::int as foreign from ${t}`));
      expect(result.rows[0]).toMatchObject({ foreign: 0 });
      expect(Number(result.rows[0]!.total)).toBeGreaterThan(0);
    });

    it('returns nothing outside withOrg', async () => {
      const { rows } = await database.appPool.query(`select count(*)::int as n from "${table}"`);
      expect(rows[0].n).toBe(0);
    });

    it("refuses to insert a row carrying B's org_id in A's context", async () => {
      const copy = sql.raw(
        table === 'organizations'
          ? `insert into organizations (name, slug) values ('B copy', 'b-copy-${Date.now()}')`
          : `insert into "${table}" select (jsonb_populate_record(null::"${table}", to_jsonb(x) || jsonb_build_object('org_id', '${orgB}'))).* from "${table}" x limit 1`,
      );
      expect(await refusal(asA((tx) => tx.execute(copy)))).toMatch(/row-level security|permission denied/);
    });

    it("refuses to move A's rows to tenant B", async () => {
      const move = table === 'organizations' ? sql`update organizations set id = ${orgB}` : sql`update ${t} set org_id = ${orgB}`;
      expect(await refusal(asA((tx) => tx.execute(move)))).toMatch(/row-level security|permission denied|can only be updated to DEFAULT/);
    });

    it("cannot see, change or delete B's rows from A's context", async () => {
      // Each statement in its own transaction: 0 rows, or refused outright where the application has no such
      // right (the append-only audit log, operator-managed organizations).
      const column = sql.raw(table === 'organizations' ? 'name' : 'org_id');
      for (const statement of [sql`update ${t} set ${column} = ${column} where org_id = ${orgB}`, sql`delete from ${t} where org_id = ${orgB}`]) {
        const outcome = await asA((tx) => tx.execute(statement)).then((r) => r.rowCount, (e: { cause?: Error }) => e.cause?.message);
        expect(outcome === 0 || /permission denied/.test(String(outcome)), String(outcome)).toBe(true);
      }
      const { rows } = await database.ownerPool.query(`select count(*)::int as n from "${table}" where org_id = $1`, [orgB]);
      expect(rows[0].n).toBeGreaterThan(0);
    });
  });

  it('keeps the audit log append-only for the application', async () => {
    expect(await refusal(asA((tx) => tx.execute(sql`update audit_log set action = 'tampered'`)))).toMatch(/permission denied/);
    expect(await refusal(asA((tx) => tx.execute(sql`delete from audit_log`)))).toMatch(/permission denied/);
  });
});
