// Issue 5's must-show at full size, with the real jsforce against the emulated org: a first sync of 10,000
// accounts, 30,000 opportunities and 100,000 tasks (with contacts, contact roles, stage history and events)
// whose counts match; 37 edits in Salesforce that the next sync pulls exactly; the scored tenant written
// back; 1,000 changed scores written in exactly 5 Collections calls; nothing changed → no call; and the
// written values not coming back as changes.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSalesforceOrg, createSalesforceConnector } from '../backend/src/crm/salesforce/connection';
import { connectionDeps, credentialsFor, mirrorCounts, orgCounts, startOrg } from '../backend/src/crm/salesforce/sync/__tests__/harness';
import type { SalesforceEmulator } from '../backend/src/emulators/salesforce';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { scoreTenant } from '../backend/src/scoring';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let emu: SalesforceEmulator;
let orgId: string;
let connector: ReturnType<typeof createSalesforceConnector>;

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(query)).rows as T[]);
}

beforeAll(async () => {
  database = await createTestDatabase('salesforce-sync-scale');
  emu = await startOrg({ dailyApiLimit: 1_000_000 });
  emu.seed({ accounts: 10_000, contactsPerAccount: 2, opportunities: 30_000, tasks: 100_000, events: 5_000, users: 20, seed: 11 });
  orgId = (await ensureOrganization(database.ownerPool, 'Scale')).id;
  const deps = connectionDeps(database.db, orgId, { writeback: { bulkPollIntervalMs: 20 } });
  await connectSalesforceOrg(deps, credentialsFor(emu));
  connector = createSalesforceConnector(deps);
}, 120_000);

afterAll(async () => {
  await emu?.close();
  await database?.close();
});

describe('Salesforce sync at 10k accounts / 30k opportunities / 100k tasks', () => {
  it('first sync brings every record, and the counts match', async () => {
    const report = await connector.pull();
    expect(report.status).toBe('succeeded');
    expect(report.objects.Account).toMatchObject({ read: 10_000, inserted: 10_000, skipped: 0 });
    expect(report.objects.Opportunity).toMatchObject({ read: 30_000, inserted: 30_000, skipped: 0 });
    expect(report.objects.Task).toMatchObject({ read: 100_000, inserted: 100_000, skipped: 0 });
    const counts = await mirrorCounts(database.db, orgId);
    for (const [table, n] of Object.entries(orgCounts(emu))) {
      expect(counts[table]!.rows, table).toBe(n);
      expect(counts[table]!.distinct, table).toBe(n);
    }
    // One query per page of 2,000 plus authorisation and the limits check.
    const pages = Object.values(report.objects).reduce((n, c) => n + c.pages, 0);
    expect(report.apiCalls).toBe(pages + 2);
  }, 300_000);

  it('then 37 edits in Salesforce: the next sync pulls exactly those', async () => {
    const accounts = emu.org.records('Account').slice(100, 115);
    const opportunities = emu.org.records('Opportunity').slice(200, 210);
    const tasks = emu.org.records('Task').slice(300, 312);
    for (const a of accounts) emu.org.update(a.Id, { Industry: a.Industry === 'Retail' ? 'Finance' : 'Retail' });
    for (const o of opportunities) emu.org.update(o.Id, { NextStep: `Edited ${o.Id}` });
    for (const t of tasks) emu.org.update(t.Id, { Subject: `Edited ${t.Id}` });
    const report = await connector.pull();
    expect(report.status).toBe('succeeded');
    const fresh = Object.values(report.objects).reduce((n, c) => n + c.new, 0);
    const changed = Object.values(report.objects).reduce((n, c) => n + c.inserted + c.updated + c.deleted, 0);
    expect(fresh).toBe(37);
    expect(changed).toBe(37);
    expect(report.objects.Account).toMatchObject({ new: 15, updated: 15 });
    expect(report.objects.Opportunity).toMatchObject({ new: 10, updated: 10 });
    expect(report.objects.Task).toMatchObject({ new: 12, updated: 12 });
    const edited = await rows<{ external_id: string }>(sql`SELECT external_id FROM activities WHERE subject LIKE 'Edited %' ORDER BY external_id`);
    expect(edited.map((e) => e.external_id)).toEqual(tasks.map((t) => t.Id).sort());
  }, 120_000);

  it('writes the scored tenant back, then 1,000 changed scores in exactly 5 Collections calls, then nothing', async () => {
    const summary = await scoreTenant({ db: database.db, orgId, now: new Date() });
    expect(summary.accounts.scored).toBeGreaterThan(1400);
    emu.stats.reset();
    const initial = await connector.writeBack();
    expect(initial.status).toBe('succeeded');
    expect(initial.objects.Account).toMatchObject({ sent: summary.accounts.scored, succeeded: summary.accounts.scored, method: 'bulk' });
    expect(emu.stats.count('compositeUpdate')).toBe(0);

    // A rescore that moves 1,000 accounts' health by one point.
    await rows(sql`
      UPDATE account_scores SET health_score = CASE WHEN health_score >= 99 THEN health_score - 1 ELSE health_score + 1 END
      WHERE account_id IN (SELECT account_id FROM account_scores ORDER BY account_id LIMIT 1000)`);
    emu.stats.reset();
    const changed = await connector.writeBack();
    expect(changed.status).toBe('succeeded');
    expect(changed.objects.Account).toMatchObject({ sent: 1000, succeeded: 1000, method: 'collections' });
    expect(changed.objects.Opportunity!.sent).toBe(0);
    expect(emu.stats.count('compositeUpdate')).toBe(5);
    expect(emu.stats.count('bulk2Ingest')).toBe(0);

    emu.stats.reset();
    const nothing = await connector.writeBack();
    expect(nothing).toMatchObject({ runId: null, apiCalls: 0 });
    expect(emu.stats.apiCalls()).toBe(0);
  }, 300_000);

  it('Pillar’s own writes do not come back as changes on the next pull', async () => {
    const report = await connector.pull();
    expect(report.status).toBe('succeeded');
    expect(report.objects.Account!.new).toBeGreaterThanOrEqual(1000);
    for (const [object, c] of Object.entries(report.objects)) expect(c.inserted + c.updated + c.deleted, object).toBe(0);
  }, 120_000);
});
