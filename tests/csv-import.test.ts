import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvImportError, formatImportSummary, importCsvDirectory, type ImportProgress, type ImportSummary } from '../backend/src/crm/csv';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAVEN = path.resolve(here, '../backend/fixtures/maven-crm');
const BAD_ROWS = path.resolve(here, 'fixtures/csv/bad-rows');
const MIRROR_TABLES = ['users', 'accounts', 'products', 'opportunities', 'stage_history'] as const;

let database: TestDatabase;
let workDir: string;
let maven: string;
let first: ImportSummary;
let second: ImportSummary;

async function org(name: string): Promise<string> {
  return (await ensureOrganization(database.ownerPool, name)).id;
}

async function query<T extends Record<string, unknown>>(orgId: string, text: string): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(text)).rows as T[]);
}

/** Row count and an md5 over every column of every row (timestamps included) of each mirror table. */
async function checksums(orgId: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const table of MIRROR_TABLES) {
    const [row] = await query<{ rows: number; md5: string | null }>(orgId, `select count(*)::int as rows, md5(string_agg(t::text, '|' order by t.id)) as md5 from ${table} t`);
    out[table] = row!;
  }
  return out;
}

function changes(summary: ImportSummary): number {
  return Object.values(summary.files).reduce((n, f) => n + f.inserted + f.updated, 0);
}

/** A copy of the Maven export in which `edit` rewrites one file's text (latin1 keeps every byte as is). */
async function mavenVariant(name: string, file: string, edit: (text: string) => string): Promise<string> {
  const dir = path.join(workDir, name);
  await fs.cp(MAVEN, dir, { recursive: true });
  const target = path.join(dir, file);
  await fs.chmod(target, 0o644);
  await fs.writeFile(target, edit(await fs.readFile(target, 'latin1')), 'latin1');
  return dir;
}

/** Replaces one column of the data line `line` (1-based, the header is line 1). */
function setCell(text: string, line: number, column: number, value: string): string {
  const lines = text.split('\r\n');
  const cells = lines[line - 1]!.split(',');
  cells[column] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\r\n');
}

async function expectRefused(promise: Promise<unknown>, expected: { file: string; line: number | null; field: string | null; reason: RegExp }) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvImportError);
  const refused = error as CsvImportError;
  expect({ file: refused.file, line: refused.line, field: refused.field }).toEqual({ file: expected.file, line: expected.line, field: expected.field });
  expect(refused.reason).toMatch(expected.reason);
  expect(refused.message).toContain(`${expected.file}, line ${expected.line}, field "${expected.field}"`);
}

beforeAll(async () => {
  database = await createTestDatabase('csv-import');
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-csv-import-'));
  maven = await org('Maven');
  first = await importCsvDirectory({ db: database.db, orgId: maven, dir: MAVEN });
  second = await importCsvDirectory({ db: database.db, orgId: maven, dir: MAVEN });
});

afterAll(async () => {
  await database?.close();
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

describe('importing the Maven CRM export', () => {
  it('stores 85 accounts, 7 products and 8,800 opportunities', async () => {
    const [counts] = await query(maven, `select (select count(*) from accounts)::int as accounts, (select count(*) from products)::int as products,
      (select count(*) from opportunities)::int as opportunities`);
    expect(counts).toEqual({ accounts: 85, products: 7, opportunities: 8800 });
    expect(first.files['sales_pipeline.csv']).toMatchObject({ read: 8800, skipped: [] });
  });

  it('stores the 35 sales agents reporting to their 6 managers, with the regional office as region', async () => {
    const roles = await query<{ role: string; users: number; with_manager: number }>(
      maven,
      `select role, count(*)::int as users, count(manager_id)::int as with_manager from users group by role order by role`,
    );
    expect(roles).toEqual([
      { role: 'MANAGER', users: 6, with_manager: 0 },
      { role: 'REP_CSM', users: 35, with_manager: 35 },
    ]);
    const [anna] = await query(maven, `select u.region, m.name as manager, m.role as manager_role, m.region as manager_region
      from users u join users m on m.id = u.manager_id where u.name = 'Anna Snelling'`);
    expect(anna).toEqual({ region: 'Central', manager: 'Dustin Brinkmann', manager_role: 'MANAGER', manager_region: 'Central' });
  });

  it('maps the stages: Won 4,238, Lost 2,473, Engaging 1,589, Prospecting 500, with closed and won flags', async () => {
    const stages = await query(maven, `select stage, is_closed, is_won, count(*)::int as deals from opportunities group by 1, 2, 3 order by deals desc`);
    expect(stages).toEqual([
      { stage: 'Won', is_closed: true, is_won: true, deals: 4238 },
      { stage: 'Lost', is_closed: true, is_won: false, deals: 2473 },
      { stage: 'Engaging', is_closed: false, is_won: false, deals: 1589 },
      { stage: 'Prospecting', is_closed: false, is_won: false, deals: 500 },
    ]);
  });

  it('keeps amounts, dates, owners and products of a deal', async () => {
    // 1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054
    const [deal] = await query(maven, `select o.amount::float as amount, o.close_date::text as close_date, o.engaged_at = '2016-10-20T00:00:00Z' as engaged,
        o.closed_at = '2017-03-01T00:00:00Z' as closed, u.name as owner, p.name as product, a.name as account
      from opportunities o join users u on u.id = o.owner_id join products p on p.id = o.product_id join accounts a on a.id = o.account_id
      where o.external_id = '1C1I7A6R'`);
    expect(deal).toEqual({ amount: 1054, close_date: '2017-03-01', engaged: true, closed: true, owner: 'Moses Frase', product: 'GTX Plus Basic', account: 'Cancity' });
    const [totals] = await query(maven, `select sum(amount)::float as won from opportunities where is_won`);
    expect(totals).toEqual({ won: 10_005_534 });
  });

  it('derives stage history from the engage and close dates', async () => {
    const history = await query(maven, `select from_stage, to_stage, count(*)::int as changes from stage_history group by 1, 2 order by 1, 2`);
    expect(history).toEqual([
      { from_stage: 'Engaging', to_stage: 'Lost', changes: 2473 },
      { from_stage: 'Engaging', to_stage: 'Won', changes: 4238 },
      { from_stage: 'Prospecting', to_stage: 'Engaging', changes: 8800 - 500 },
    ]);
  });

  it('normalises the misspelled sector, the GTXPro product and the Philipines', async () => {
    const [normalised] = await query(maven, `select
        (select count(*) from accounts where industry = 'technolgy')::int as technolgy,
        (select count(*) from accounts where industry = 'technology')::int as technology,
        (select count(*) from accounts where country = 'Philippines')::int as philippines,
        (select count(*) from products where name in ('GTX Pro', 'GTXPro'))::int as gtx_pro_products,
        (select count(*) from opportunities o join products p on p.id = o.product_id where p.name = 'GTX Pro')::int as gtx_pro_deals,
        (select count(*) from opportunities where product_id is null)::int as without_product`);
    expect(normalised).toEqual({ technolgy: 0, technology: 12, philippines: 1, gtx_pro_products: 1, gtx_pro_deals: 1480, without_product: 0 });
  });

  it('keeps the 1,425 deals without an account and reports each one', async () => {
    const [kept] = await query(maven, `select count(*)::int as deals from opportunities where account_id is null`);
    expect(kept).toEqual({ deals: 1425 });
    const pipeline = first.files['sales_pipeline.csv']!;
    expect(pipeline.warnings).toHaveLength(1425);
    expect(pipeline.warnings[0]).toEqual({ line: 11, field: 'account', reason: 'no account; the deal is kept without one' });
    expect(formatImportSummary(first)).toContain('1,425 × account: no account; the deal is kept without one');
  });

  it('reports 0 changes on a second import of the same files', () => {
    expect(changes(first)).toBe(41 + 85 + 7 + 8800 + 15_011);
    expect(changes(second)).toBe(0);
    expect(second.files['sales_pipeline.csv']).toMatchObject({ read: 8800, inserted: 0, updated: 0, unchanged: 8800 + 15_011 });
    expect(formatImportSummary(second)).toContain('no changes');
  });

  it('reports progress per batch up to the last row of each file', async () => {
    const tenant = await org('Progress');
    const events: ImportProgress[] = [];
    await importCsvDirectory({ db: database.db, orgId: tenant, dir: MAVEN, batchSize: 2000, onProgress: (p) => events.push(p) });
    const pipeline = events.filter((e) => e.file === 'sales_pipeline.csv').map((e) => e.rows);
    expect(pipeline).toEqual([2000, 4000, 6000, 8000, 8800]);
    expect(events.at(-1)).toEqual({ file: 'sales_pipeline.csv', rows: 8800 });
    expect(events.map((e) => e.file)).toEqual(expect.arrayContaining(['sales_teams.csv', 'accounts.csv', 'products.csv']));
  });

  it('keeps two tenants imported side by side apart', async () => {
    const other = await org('Maven twin');
    const before = await checksums(maven);
    await importCsvDirectory({ db: database.db, orgId: other, dir: MAVEN });
    expect(await checksums(maven)).toEqual(before);
    const [counts] = await query(other, `select (select count(*) from opportunities)::int as opportunities, (select count(*) from users)::int as users`);
    expect(counts).toEqual({ opportunities: 8800, users: 41 });
    // Every reference of the twin's deals points at the twin's own rows.
    const owner = await database.ownerPool.query(
      `select count(*)::int as crossed from opportunities o
         left join accounts a on a.id = o.account_id left join users u on u.id = o.owner_id left join products p on p.id = o.product_id
       where o.org_id = $1 and (a.org_id <> o.org_id or u.org_id <> o.org_id or p.org_id <> o.org_id)`,
      [other],
    );
    expect(owner.rows).toEqual([{ crossed: 0 }]);
  });
});

describe('bad input', () => {
  it('skips each bad row with its line, field and reason and imports every good one', async () => {
    const tenant = await org('Bad rows');
    const summary = await importCsvDirectory({ db: database.db, orgId: tenant, dir: BAD_ROWS });
    const pipeline = summary.files['sales_pipeline.csv']!;
    expect(pipeline.read).toBe(17); // 18 lines after the header, one of them empty
    const byLine = new Map(pipeline.skipped.map((s) => [s.line, s]));
    expect(byLine.get(4)).toEqual({ line: 4, field: 'close_date', reason: '"2017-02-30" is not a date; expected YYYY-MM-DD' });
    expect(byLine.get(5)).toEqual({ line: 5, field: 'close_value', reason: '-5 is negative; amounts must be zero or more' });
    expect(byLine.get(6)?.reason).toBe('"Closed" is not a stage; expected one of Prospecting, Engaging, Won, Lost');
    expect(byLine.get(7)).toEqual({ line: 7, field: 'opportunity_id', reason: '"OK000001" is already on line 2; the first one is kept' });
    expect(byLine.get(8)).toEqual({ line: 8, field: null, reason: 'the row has 9 fields; the header has 8' });
    expect(byLine.get(9)?.field).toBe('account');
    expect(byLine.get(9)?.reason).toMatch(/not valid UTF-8 \(byte 0xE9 at byte 4 of the field\)/);
    expect(byLine.get(11)?.reason).toBe('2017-03-01 is before the engage_date 2017-03-05');
    expect(byLine.get(12)?.reason).toBe('a Won deal needs a close date');
    expect(byLine.get(15)).toMatchObject({ field: 'engage_date', reason: '"01/05/2017" is not a date; expected YYYY-MM-DD' });
    expect(byLine.get(16)).toMatchObject({ field: 'close_value', reason: '"ten" is not a number' });
    expect(byLine.get(17)).toMatchObject({ field: 'opportunity_id', reason: 'an opportunity id is required' });
    expect(byLine.get(18)).toMatchObject({ field: 'sales_agent', reason: 'the value contains a NUL byte (0x00), which text cannot hold' });
    expect(byLine.get(19)).toMatchObject({ field: 'close_value', reason: '10000000000000000 is too large (the limit is 1e+15)' });
    expect(pipeline.skipped.map((s) => s.line)).toEqual([4, 5, 6, 7, 8, 9, 11, 12, 15, 16, 17, 18, 19]);

    expect(pipeline.warnings).toEqual([
      { line: 3, field: 'account', reason: 'no account; the deal is kept without one' },
      { line: 10, field: 'account', reason: '"Nowhere Inc" is not a known account; the deal is kept without one' },
      { line: 10, field: 'sales_agent', reason: '"Zed Unknown" is not a known sales agent; the deal is kept without one' },
    ]);
    const deals = await query(tenant, `select o.external_id, o.stage, o.raw_stage, o.amount::float as amount, a.name as account, p.name as product
      from opportunities o left join accounts a on a.id = o.account_id left join products p on p.id = o.product_id order by 1`);
    expect(deals).toEqual([
      { external_id: 'OK000001', stage: 'Won', raw_stage: 'Won', amount: 4500, account: 'Acme Corporation', product: 'GTX Pro' },
      { external_id: 'OK000002', stage: 'Engaging', raw_stage: 'Engaging', amount: null, account: null, product: 'MG Special' },
      { external_id: 'OK000009', stage: 'Prospecting', raw_stage: 'Prospecting', amount: null, account: null, product: 'MG Special' },
      { external_id: 'OK000012', stage: 'Won', raw_stage: 'won', amount: 1000.5, account: 'Café Société', product: 'MG Special' },
    ]);
    const text = formatImportSummary(summary);
    expect(text).toContain('line 5, close_value: -5 is negative; amounts must be zero or more');
  });

  it('refuses the whole import when a required column is missing, before writing anything', async () => {
    const dir = await mavenVariant('missing-column', 'sales_pipeline.csv', (text) =>
      text
        .split('\r\n')
        .map((line) => line.split(',').slice(0, 7).join(','))
        .join('\r\n'),
    );
    const before = await checksums(maven);
    await expectRefused(importCsvDirectory({ db: database.db, orgId: maven, dir }), {
      file: 'sales_pipeline.csv',
      line: 1,
      field: 'close_value',
      reason: /required column "close_value" missing from the header/,
    });
    expect(await checksums(maven)).toEqual(before);
    // A tenant with nothing stored yet: not even the valid files before it were written.
    const fresh = await org('Missing column');
    await expect(importCsvDirectory({ db: database.db, orgId: fresh, dir })).rejects.toThrow(CsvImportError);
    expect(Object.values(await checksums(fresh)).map((t) => t.rows)).toEqual([0, 0, 0, 0, 0]);
  });

  it('skips a row with a malformed date or a negative amount and leaves its stored version as it was', async () => {
    // Line 3 is Z063OYW0 (GTXPro, Isdom, Won, 2016-10-25, 2017-03-11, 4514).
    const dir = await mavenVariant('bad-values', 'sales_pipeline.csv', (text) => setCell(setCell(text, 3, 6, '2017-03-32'), 4, 7, '-50'));
    const before = await checksums(maven);
    const summary = await importCsvDirectory({ db: database.db, orgId: maven, dir });
    expect(summary.files['sales_pipeline.csv']!.skipped).toEqual([
      { line: 3, field: 'close_date', reason: '"2017-03-32" is not a date; expected YYYY-MM-DD' },
      { line: 4, field: 'close_value', reason: '-50 is negative; amounts must be zero or more' },
    ]);
    expect(changes(summary)).toBe(0);
    expect(await checksums(maven)).toEqual(before);
    const [stored] = await query(maven, `select close_date::text as close_date from opportunities where external_id = 'Z063OYW0'`);
    expect(stored).toEqual({ close_date: '2017-03-11' });
  });

  it('skips a row with a 10 MB field, naming its line and field', async () => {
    const dir = await mavenVariant('ten-megabytes', 'sales_pipeline.csv', (text) => setCell(text, 100, 3, 'x'.repeat(10 * 1024 * 1024)));
    const before = await checksums(maven);
    const summary = await importCsvDirectory({ db: database.db, orgId: maven, dir });
    expect(summary.files['sales_pipeline.csv']!.skipped).toEqual([
      { line: 100, field: 'account', reason: 'the value is 10 MiB, above the limit of 1 MiB per field' },
    ]);
    expect(summary.files['sales_pipeline.csv']!.read).toBe(8800);
    expect(await checksums(maven)).toEqual(before);
  });

  it('refuses a file whose record passes the record size cap, and rolls back what that file had written', async () => {
    // Line 2 changes a stored deal (a valid edit, written in the first batch); line 5000 is a 20 MB record.
    const dir = await mavenVariant('twenty-megabytes', 'sales_pipeline.csv', (text) =>
      setCell(setCell(text, 2, 7, '999'), 5000, 2, 'y'.repeat(20 * 1024 * 1024)),
    );
    const before = await checksums(maven);
    await expectRefused(importCsvDirectory({ db: database.db, orgId: maven, dir }), {
      file: 'sales_pipeline.csv',
      line: 5000,
      field: 'product',
      reason: /larger than the limit of 16 MiB; the file is refused/,
    });
    expect(await checksums(maven)).toEqual(before);
    const [stored] = await query(maven, `select amount::float as amount from opportunities where external_id = '1C1I7A6R'`);
    expect(stored).toEqual({ amount: 1054 });
  });

  it('skips a row with a byte that is not UTF-8, naming its line and field', async () => {
    // Line 5 of accounts.csv is "Bioholding": make it "Bi\xF6holding" (latin-1 ö).
    const dir = await mavenVariant('latin1-byte', 'accounts.csv', (text) => text.replace('Bioholding,', 'Bi\u00f6holding,'));
    const before = await checksums(maven);
    const summary = await importCsvDirectory({ db: database.db, orgId: maven, dir });
    expect(summary.files['accounts.csv']!.skipped).toEqual([
      { line: 5, field: 'account', reason: 'the value is not valid UTF-8 (byte 0xF6 at byte 3 of the field); save the file as UTF-8' },
    ]);
    expect(await checksums(maven)).toEqual(before);
  });

  it('refuses a directory without export files', async () => {
    const empty = path.join(workDir, 'empty');
    await fs.mkdir(empty, { recursive: true });
    await expect(importCsvDirectory({ db: database.db, orgId: maven, dir: empty })).rejects.toThrow(/no export files found; expected sales_teams.csv/);
  });
});
