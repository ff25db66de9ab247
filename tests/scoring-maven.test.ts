import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthBandSchema } from '@pillar/shared';
import { importCsvDirectory } from '../backend/src/crm/csv';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { accountScores, opportunityScores } from '../backend/src/db/schema';
import { storedAccountScoreSchema, storedOpportunityScoreSchema } from '../backend/src/db/stored-scores';
import { withOrg } from '../backend/src/db/tenant';
import { DEFAULT_PROFILE } from '../backend/src/engine';
import { formatScoreSummary, scoreTenant, type ScoreTenantSummary } from '../backend/src/scoring';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The Maven CRM export (85 accounts, 8,800 deals, no contacts, activities or renewals) imported through the
 * CSV importer, then scored end to end from Postgres, as `pillar score --org maven` does. The export ends
 * on 2017-12-31, so the clock stands just after it.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const MAVEN = path.resolve(here, '../backend/fixtures/maven-crm');
const NOW = new Date('2018-01-02T09:00:00.000Z');

let database: TestDatabase;
let orgId: string;
let summary: ScoreTenantSummary;

async function query<T extends Record<string, unknown>>(text: string): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(sql.raw(text))).rows as T[]);
}

async function checksums(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of [
    ['account_scores', 'account_id'],
    ['opportunity_scores', 'opportunity_id'],
    ['score_history', 'account_id, day'],
  ] as const) {
    const [row] = await query<{ n: number; md5: string | null }>(`select count(*)::int as n, md5(string_agg(t::text, '|' order by ${order})) as md5 from ${table} t`);
    out[table] = `${row!.n}:${row!.md5}`;
  }
  return out;
}

beforeAll(async () => {
  database = await createTestDatabase('scoring-maven');
  orgId = (await ensureOrganization(database.ownerPool, 'Maven')).id;
  await importCsvDirectory({ db: database.db, orgId, dir: MAVEN });
  summary = await scoreTenant({ db: database.db, orgId, now: NOW });
  console.log(formatScoreSummary(summary, 'Maven'));
});

afterAll(async () => {
  await database?.close();
});

describe('pillar score on the imported Maven tenant', () => {
  it('gives every account a score or a reasoned skip', async () => {
    const [counts] = await query<{ accounts: number; scored: number }>(`select (select count(*)::int from accounts) as accounts, (select count(*)::int from account_scores) as scored`);
    expect(counts!.accounts).toBe(85);
    expect(summary.accounts.scored + summary.accounts.skipped).toBe(85);
    expect(counts!.scored).toBe(summary.accounts.scored);
    expect(summary.accounts.skippedExamples).toHaveLength(Math.min(5, summary.accounts.skipped));
    for (const skipped of summary.accounts.skippedExamples) expect(skipped.reason).toMatch(/^no rule had data to score: .+/);
  });

  it('stores a deal score for every open deal, with or without an account, that validates against the stored schema', async () => {
    const open = await query<{ id: string; has_account: boolean; scored: boolean }>(
      `select o.id, o.account_id is not null as has_account, s.opportunity_id is not null as scored
       from opportunities o left join opportunity_scores s on s.opportunity_id = o.id where not o.is_closed`,
    );
    expect(open).toHaveLength(2089);
    expect(open.filter((o) => !o.scored)).toEqual([]);
    expect(open.filter((o) => !o.has_account).length).toBe(1425);
    const rows = await withOrg(database.db, orgId, (tx) => tx.select().from(opportunityScores));
    const parsed = rows.map((r) => storedOpportunityScoreSchema.parse(r));
    expect(parsed.every((s) => s.profileVersion === DEFAULT_PROFILE.version && s.winProbabilitySource === 'prior')).toBe(true);
    const categories = new Set(parsed.map((s) => s.forecastCategory));
    expect(categories.has('WON')).toBe(true);
    expect(categories.size).toBeGreaterThan(1);
    expect(parsed.every((s) => s.drivers.length > 0)).toBe(true);
    // Prospecting deals in the export carry no date at all: their risk rests on no data, and says so.
    const unassessed = await query<{ stage: string; risk: number; n: number }>(
      `select o.stage, s.deal_risk as risk, count(*)::int as n from opportunity_scores s join opportunities o on o.id = s.opportunity_id
       where s.drivers @> '[{"id": "DR-NO-DATA"}]' group by 1, 2`,
    );
    expect(unassessed).toEqual([{ stage: 'Prospecting', risk: 0, n: 500 }]);
    expect(summary.deals.riskUnassessed).toBe(500);
    expect(summary.deals.open).toBe(2089);
  });

  it('stores account scores the API can read, whose drivers add up to the score', async () => {
    const rows = await withOrg(database.db, orgId, (tx) => tx.select().from(accountScores));
    expect(rows.length).toBe(summary.accounts.scored);
    for (const row of rows) {
      const s = storedAccountScoreSchema.parse(row);
      expect(Math.abs(s.drivers.reduce((sum, d) => sum + d.contribution, 0) - s.healthScore)).toBeLessThanOrEqual(1);
      expect(s.renewalRisk).toBeNull();
      expect(s.trend7d).toBeNull();
      // Nothing but deals is synced: contact, activity and renewal rules stay not applicable, never zero.
      expect(s.categoryScores.relationship).toBeNull();
      expect(s.drivers.some((d) => d.id.startsWith('ENG-'))).toBe(false);
      expect(s.dataSufficiency).toBeLessThan(0.5);
    }
  });

  it('spreads accounts over more than one health band and names the top 5 drivers', () => {
    const bands = healthBandSchema.options.filter((b) => summary.healthBands[b] > 0);
    console.log(`Maven health bands: ${healthBandSchema.options.map((b) => `${b} ${summary.healthBands[b]}`).join(', ')}`);
    console.log(`Maven top 5 drivers:\n${summary.topDrivers.map((d, i) => `  ${i + 1}. ${d.id} ${d.name} (${d.category}): Σ|contribution| ${d.totalContribution} over ${d.accounts} accounts`).join('\n')}`);
    expect(bands.length).toBeGreaterThan(1);
    expect(summary.topDrivers).toHaveLength(5);
    expect(new Set(summary.topDrivers.map((d) => d.category)).size).toBeGreaterThan(1);
    for (let i = 1; i < 5; i++) expect(summary.topDrivers[i - 1]!.totalContribution).toBeGreaterThanOrEqual(summary.topDrivers[i]!.totalContribution);
    expect(summary.topDrivers[0]!.totalContribution).toBeGreaterThan(0);
  });

  it('derives close-date pushes from nothing: Maven records one close date per deal, so pushes stay unknown', async () => {
    const rows = await withOrg(database.db, orgId, (tx) => tx.select().from(accountScores));
    const ids = new Set(rows.flatMap((r) => storedAccountScoreSchema.parse(r).drivers.map((d) => d.id)));
    expect(ids.has('VEL-002')).toBe(false);
  });

  it('writes exactly the same rows when rescored with the same clock', async () => {
    const before = await checksums();
    await scoreTenant({ db: database.db, orgId, now: NOW });
    expect(await checksums()).toEqual(before);
  });
});
