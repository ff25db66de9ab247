import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrganization } from '../backend/src/db/queries/organizations';
import { repoRoot, runPillar } from './support/pillar-cli';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** `pillar import csv` as an admin runs it: its own process, the real Maven export, a real Postgres. */

let database: TestDatabase;
let dataDir: string;
const maven = path.join(repoRoot, 'backend/fixtures/maven-crm');

beforeAll(async () => {
  database = await createTestDatabase('csv-import-cli');
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-import-cli-'));
});
afterAll(async () => {
  await database?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const pillar = (args: string[]) => runPillar(args, { DATABASE_URL: database.url, PILLAR_DATA_DIR: dataDir });

describe('pillar import csv', () => {
  it('creates the tenant, imports the Maven export and reports what it wrote', async () => {
    const { code, stdout, stderr } = await pillar(['import', 'csv', maven, '--org', 'Maven CLI']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/Created organization "Maven CLI"/);
    expect(stdout).toMatch(/opportunities: 8,800 new/);
    expect(stdout).toMatch(/accounts: 85 new/);
    expect(stdout).toMatch(/1,425 × account: no account; the deal is kept/);
    expect(await findOrganization(database.ownerPool, 'maven-cli')).toMatchObject({ name: 'Maven CLI' });
  });

  it('changes nothing on a second import', async () => {
    const { code, stdout } = await pillar(['import', 'csv', maven, '--org', 'Maven CLI']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/opportunities: 0 new, 0 updated, 8,800 unchanged/);
    expect(stdout).not.toMatch(/Created organization/);
  });

  it('exits non-zero naming the file, line and field when a file is refused', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-bad-csv-'));
    await fs.writeFile(path.join(dir, 'accounts.csv'), 'account,sector\nAcme,software\n');
    const { code, stderr } = await pillar(['import', 'csv', dir, '--org', 'Maven CLI']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/accounts\.csv/);
    expect(stderr).toMatch(/year_established|revenue|employees/);
  });

  it('explains its usage when the directory or tenant is missing', async () => {
    expect((await pillar(['import', 'csv', maven])).stderr).toMatch(/--org <name>/);
    expect((await pillar(['import', 'xml', maven, '--org', 'x'])).stderr).toMatch(/import csv <dir> --org <name>/);
  });
});
