import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_CATALOG, RuleMetaSchema } from '@pillar/shared';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { generateDataset, loadDataset } from '../backend/src/demo';
import { runPillar } from './support/pillar-cli';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** `pillar score` and `pillar rules` as an operator runs them: the CLI in its own process. */

let database: TestDatabase;
let dataDir: string;

const pillar = (args: string[], env: Record<string, string> = {}) => runPillar(args, { PILLAR_DATA_DIR: dataDir, ...env });

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-scoring-cli-'));
  database = await createTestDatabase('scoring-cli');
  const { id } = await ensureOrganization(database.ownerPool, 'Cli Tenant');
  await loadDataset({ db: database.db, orgId: id, batches: generateDataset({ seed: 3, accounts: 30, oppsPerAccount: 2, activitiesPerAccount: 12, now: new Date() }) });
});

afterAll(async () => {
  await database?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('pillar rules', () => {
  it('prints the catalog as JSON with --json, without a database', async () => {
    const { code, stdout } = await pillar(['rules', '--json'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(code).toBe(0);
    const parsed = RuleMetaSchema.array().parse(JSON.parse(stdout));
    expect(parsed).toEqual(RULE_CATALOG);
    expect(parsed).toHaveLength(97);
  });

  it('lists every rule with its id, category, weight and name', async () => {
    const { code, stdout } = await pillar(['rules']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    for (const rule of RULE_CATALOG) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${rule.id} +${rule.category} +${rule.weight} +${rule.name.replace(/[()]/g, '\\$&')}$`)));
    }
    expect(lines.at(-1)).toBe('97 rules');
  });
});

describe('pillar score', () => {
  it('scores as of another day with --as-of and stamps the rows with that time', async () => {
    const { code, stdout, stderr } = await pillar(['score', '--org', 'cli-tenant', '--as-of', '2026-01-15'], { DATABASE_URL: database.url });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/as of 2026-01-15T00:00:00\.000Z/);
    const { rows } = await database.ownerPool.query<{ at: Date }>('select max(scored_at) as at from account_scores');
    expect(rows[0]!.at.toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });

  it('refuses an --as-of that is not a date, or on a command that runs continuously', async () => {
    const bad = await pillar(['score', '--org', 'cli-tenant', '--as-of', 'yesterday'], { DATABASE_URL: database.url });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--as-of: expected a date like 2018-01-02/);
    const server = await pillar(['start', '--as-of', '2026-01-15'], { DATABASE_URL: database.url });
    expect(server.code).toBe(1);
    expect(server.stderr).toMatch(/--as-of only applies to pillar score and pillar cycle/);
  });

  it('scores the tenant and prints accounts, bands, deals, top drivers and timings', async () => {
    const { code, stdout, stderr } = await pillar(['score', '--org', 'cli-tenant'], { DATABASE_URL: database.url });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Scored cli-tenant \(.+\) as of .+ with scoring profile v1 in [\d.]+ s$/m);
    expect(stdout).toMatch(/^Accounts: 30 scored, 0 skipped \(insufficient data\)/m);
    expect(stdout).toMatch(/^Health bands: HEALTHY \d+ · WATCH \d+ · AT_RISK \d+ · CRITICAL \d+$/m);
    expect(stdout).toMatch(/^Deals: \d+ scored/m);
    expect(stdout.match(/^ {2}\d\. [A-Z]+-\d{3} /gm)).toHaveLength(5);
    const { rows } = await database.ownerPool.query<{ n: number }>('select count(*)::int as n from account_scores');
    expect(rows[0]!.n).toBe(30);
  });

  it('prints the summary as JSON with --json', async () => {
    const { code, stdout } = await pillar(['score', '--org', 'cli-tenant', '--json'], { DATABASE_URL: database.url });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { accounts: { scored: number }; topDrivers: unknown[]; benchmarks: string };
    expect(summary.accounts.scored).toBe(30);
    expect(summary.topDrivers).toHaveLength(5);
    expect(summary.benchmarks).toBe('computed');
  });

  it('refuses an unknown organization with a readable error', async () => {
    const { code, stdout, stderr } = await pillar(['score', '--org', 'no-such-tenant'], { DATABASE_URL: database.url });
    expect(code).toBe(1);
    // The error goes to the JSON log (quotes escaped).
    expect(stdout + stderr).toMatch(/No organization \\?"no-such-tenant\\?"/);
  });
});
