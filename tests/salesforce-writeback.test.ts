// Write-back of stored scores into the emulated org's Pillar fields through the real jsforce: only changed
// fields, Collections of 200 or one Bulk 2.0 job above the threshold, per-record failures kept and retried,
// values held after repeated permanent failures, the budget, the package namespace, and no echo on the pull.
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSalesforceOrg, createSalesforceConnector } from '../backend/src/crm/salesforce/connection';
import { connectionDeps, credentialsFor, startOrg } from '../backend/src/crm/salesforce/sync/__tests__/harness';
import type { SalesforceEmulator } from '../backend/src/emulators/salesforce';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import * as s from '../backend/src/db/schema';
import { withOrg } from '../backend/src/db/tenant';
import { accountScoreFixture, opportunityScoreFixture } from './support/api-fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;

async function rows<T>(orgId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(query)).rows as T[]);
}

/** Stores account scores (health per Salesforce account id) in the shape scoring writes, replacing older ones. */
async function storeAccountScores(orgId: string, health: ReadonlyMap<string, number>, scoredAt = new Date()): Promise<void> {
  await withOrg(database.db, orgId, async (tx) => {
    const accounts = await tx.select({ id: s.accounts.id, externalId: s.accounts.externalId }).from(s.accounts).where(inArray(s.accounts.externalId, [...health.keys()]));
    if (accounts.length === 0) return;
    await tx.delete(s.accountScores).where(inArray(s.accountScores.accountId, accounts.map((a) => a.id)));
    await tx.insert(s.accountScores).values(accounts.map((a) => ({ orgId, accountId: a.id, ...accountScoreFixture(health.get(a.externalId)!, { renewal: true }), scoredAt })));
  });
}

async function storeOpportunityScores(orgId: string, risk: ReadonlyMap<string, number>): Promise<void> {
  await withOrg(database.db, orgId, async (tx) => {
    const opportunities = await tx.select({ id: s.opportunities.id, externalId: s.opportunities.externalId }).from(s.opportunities).where(inArray(s.opportunities.externalId, [...risk.keys()]));
    await tx.delete(s.opportunityScores).where(inArray(s.opportunityScores.opportunityId, opportunities.map((o) => o.id)));
    await tx.insert(s.opportunityScores).values(opportunities.map((o) => ({ orgId, opportunityId: o.id, ...opportunityScoreFixture(risk.get(o.externalId)!, { source: 'prior', cohort: false }) })));
  });
}

async function setup(name: string, emu: SalesforceEmulator, extra: Parameters<typeof credentialsFor>[1] = {}) {
  const orgId = (await ensureOrganization(database.ownerPool, name)).id;
  const deps = connectionDeps(database.db, orgId);
  await connectSalesforceOrg(deps, credentialsFor(emu, extra));
  const connector = createSalesforceConnector(deps);
  expect((await connector.pull()).status).toBe('succeeded');
  return { orgId, deps, connector };
}

const healthOf = (ids: readonly string[], base: number) => new Map(ids.map((id, i) => [id, (base + i) % 100]));

beforeAll(async () => {
  database = await createTestDatabase('salesforce-writeback');
});

afterAll(async () => {
  await database.close();
});

describe('write-back', () => {
  let emu: SalesforceEmulator;
  let orgId: string;
  let connector: ReturnType<typeof createSalesforceConnector>;
  let accountIds: string[];
  let opportunityIds: string[];

  beforeAll(async () => {
    emu = await startOrg();
    emu.seed({ accounts: 30, contactsPerAccount: 1, opportunities: 40, tasks: 20, users: 3, seed: 5 });
    ({ orgId, connector } = await setup('Write-back', emu));
    accountIds = emu.org.records('Account').map((a) => a.Id);
    opportunityIds = emu.org.records('Opportunity').map((o) => o.Id);
  });

  afterAll(async () => {
    await emu.close();
  });

  it('writes every catalog field of each scored record in Collections calls', async () => {
    await storeAccountScores(orgId, healthOf(accountIds, 40));
    await storeOpportunityScores(orgId, new Map(opportunityIds.map((id, i) => [id, (i * 7) % 100])));
    const [account] = await rows<{ id: string }>(orgId, sql`SELECT id FROM accounts WHERE external_id = ${accountIds[0]!}`);
    await withOrg(database.db, orgId, (tx) =>
      tx.insert(s.signals).values(
        (['ACTIVE', 'ACKNOWLEDGED', 'RESOLVED'] as const).map((state, i) => ({
          orgId,
          type: 'ENGAGEMENT_DROP',
          family: 'ACCOUNT',
          severity: 'WARNING' as const,
          state,
          title: 'Engagement dropped',
          ruleId: 'SIG-ENG-1',
          threshold: {},
          evidence: {},
          confidence: 0.8,
          dedupeKey: `eng-drop-${i}`,
          accountId: account!.id,
        })),
      ),
    );
    emu.stats.reset();
    const report = await connector.writeBack();
    expect(report.status).toBe('succeeded');
    expect(report.objects.Account).toMatchObject({ considered: 30, sent: 30, succeeded: 30, failed: 0, method: 'collections' });
    expect(report.objects.Opportunity).toMatchObject({ considered: 40, sent: 40, succeeded: 40, method: 'collections' });
    expect(emu.stats.count('compositeUpdate')).toBe(2);
    const stored = accountScoreFixture(40, { renewal: true });
    const written = emu.org.get(accountIds[0]!)!;
    expect(written.Pillar_Health_Score__c).toBe(40);
    expect(written.Pillar_Health_Band__c).toBe(stored.band);
    expect(written.Pillar_Open_Signals__c).toBe(2);
    expect(written.Pillar_Renewal_Risk__c).toBe(stored.renewalRisk);
    expect(written.Pillar_Renewal_Risk_Band__c).toBe(stored.renewalBand);
    expect(written.Pillar_Fit_Score__c).toBe(stored.categoryScores.fit);
    // Percent fields hold 0–100; the stored share is 0–1.
    expect(written.Pillar_Data_Sufficiency__c).toBe(stored.dataSufficiency * 100);
    expect(String(written.Pillar_Top_Drivers__c).split('\n')).toEqual([
      '6 meetings in the last 30 days (+9.2)',
      'The champion has not replied for 41 days (\u22126.1)',
      'Open pipeline covers 1.4× the renewal ARR (+4.4)',
      '3 escalations this quarter (\u22123.2)',
      'Software is a target industry (+2.5)',
    ]);
    const deal = emu.org.get(opportunityIds[9]!)!;
    const dealScore = opportunityScoreFixture(63, { source: 'prior', cohort: false });
    expect(deal.Pillar_Deal_Risk__c).toBe(63);
    expect(deal.Pillar_Deal_Risk_Band__c).toBe(dealScore.dealRiskBand);
    expect(deal.Pillar_Win_Probability__c).toBeCloseTo(dealScore.winProbability * 100, 6);
    expect(deal.Pillar_Forecast_Category__c).toBe(dealScore.forecastCategory);
    expect(String(deal.Pillar_Risk_Reasons__c).split('\n')).toEqual(dealScore.drivers.map((d) => d.reason));
    expect(deal.Pillar_Next_Best_Action__c).toBe(dealScore.nextAction!.text);
    const state = await rows<{ n: number }>(orgId, sql`SELECT count(*)::int AS n FROM writeback_state WHERE pending IS NULL AND written_at IS NOT NULL`);
    expect(state[0]!.n).toBe(70);
  });

  it('makes no API call when nothing changed', async () => {
    const calls = emu.stats.apiCalls();
    const report = await connector.writeBack();
    expect(report).toMatchObject({ runId: null, status: 'succeeded', apiCalls: 0 });
    expect(report.objects.Account).toMatchObject({ considered: 30, unchanged: 30, sent: 0 });
    expect(emu.stats.apiCalls()).toBe(calls);
  });

  it('does not come back as changes on the next pull (no echo loop)', async () => {
    const report = await connector.pull();
    expect(report.status).toBe('succeeded');
    expect(report.objects.Account!.new).toBe(30);
    expect(report.objects.Opportunity!.new).toBe(40);
    for (const [object, c] of Object.entries(report.objects)) expect(c.inserted + c.updated + c.deleted, object).toBe(0);
    expect((await connector.writeBack()).apiCalls).toBe(0);
  });

  it('sends only the field that changed', async () => {
    const [account] = await rows<{ id: string }>(orgId, sql`SELECT id FROM accounts WHERE external_id = ${accountIds[1]!}`);
    await withOrg(database.db, orgId, (tx) =>
      tx.insert(s.signals).values({
        orgId,
        type: 'RENEWAL_RISK',
        family: 'RENEWAL',
        severity: 'CRITICAL',
        state: 'PENDING',
        title: 'Renewal at risk',
        ruleId: 'SIG-REN-1',
        threshold: {},
        evidence: {},
        confidence: 0.9,
        dedupeKey: 'ren-1',
        accountId: account!.id,
      }),
    );
    emu.org.clearWriteLog();
    const report = await connector.writeBack();
    expect(report.objects.Account).toMatchObject({ sent: 1, succeeded: 1, fields: 1 });
    const [write] = emu.org.apiWrites({ type: 'Account' });
    expect(write!.fields).toEqual({ Pillar_Open_Signals__c: 1 });
  });

  it('sends a rescore’s changed fields with its scoring time, and leaves the unchanged ones out', async () => {
    const rescoredAt = new Date(Date.now() + 60_000);
    await storeAccountScores(orgId, new Map([[accountIds[1]!, 55]]), rescoredAt);
    emu.org.clearWriteLog();
    const report = await connector.writeBack();
    expect(report.objects.Account).toMatchObject({ sent: 1, succeeded: 1 });
    const [write] = emu.org.apiWrites({ type: 'Account' });
    const sent = Object.keys(write!.fields);
    expect(sent).toEqual(expect.arrayContaining(['Pillar_Health_Score__c', 'Pillar_Health_Band__c', 'Pillar_Scored_At__c']));
    // The fixture's fit and opportunity-quality scores and its drivers do not depend on health.
    expect(sent).not.toContain('Pillar_Fit_Score__c');
    expect(sent).not.toContain('Pillar_Opportunity_Quality_Score__c');
    expect(sent).not.toContain('Pillar_Top_Drivers__c');
    expect(emu.org.get(accountIds[1]!)!.Pillar_Scored_At__c).toBe(rescoredAt.toISOString().replace('Z', '+0000'));
  });

  it('keeps a rescore that changes only the scoring time to itself', async () => {
    await storeAccountScores(orgId, new Map([[accountIds[2]!, 42]]), new Date(Date.now() + 120_000));
    const report = await connector.writeBack();
    expect(report).toMatchObject({ runId: null, apiCalls: 0 });
  });

  it('keeps rows that failed to lock as pending and writes them on the next cycle', async () => {
    const changed = accountIds.slice(3, 8);
    await storeAccountScores(orgId, healthOf(changed, 80));
    const locked = [changed[0]!, changed[3]!];
    emu.faults.inject({ kind: 'lockRow', ids: locked, times: 1 });
    const first = await connector.writeBack();
    expect(first.status).toBe('partial');
    expect(first.objects.Account).toMatchObject({ sent: 5, succeeded: 3, failed: 2 });
    expect(first.failures.map((f) => f.externalId).sort()).toEqual([...locked].sort());
    expect(first.failures[0]!.code).toBe('UNABLE_TO_LOCK_ROW');
    const pending = await rows<{ external_id: string; attempts: number; last_error: string; pending: Record<string, unknown> }>(
      orgId,
      sql`SELECT external_id, attempts, last_error, pending FROM writeback_state WHERE pending IS NOT NULL ORDER BY external_id`,
    );
    expect(pending.map((p) => p.external_id)).toEqual([...locked].sort());
    expect(pending[0]).toMatchObject({ attempts: 1 });
    expect(pending[0]!.last_error).toMatch(/^RECORD_LOCKED UNABLE_TO_LOCK_ROW/);
    expect(emu.org.get(locked[0]!)!.Pillar_Health_Score__c).not.toBe(80);
    const [conn] = await rows<{ status: string }>(orgId, sql`SELECT status FROM crm_connections`);
    expect(conn!.status).toBe('connected');

    const second = await connector.writeBack();
    expect(second.status).toBe('succeeded');
    expect(second.objects.Account).toMatchObject({ sent: 2, retried: 2, succeeded: 2 });
    expect(emu.org.get(locked[0]!)!.Pillar_Health_Score__c).toBe(80);
    expect(emu.org.get(locked[1]!)!.Pillar_Health_Score__c).toBe(83);
    expect(await rows(orgId, sql`SELECT 1 FROM writeback_state WHERE pending IS NOT NULL`)).toHaveLength(0);
  });

  it('switches to one Bulk API 2.0 job above the threshold', async () => {
    await storeAccountScores(orgId, healthOf(accountIds, 10));
    emu.stats.reset();
    const report = await connector.writeBack({ bulkThreshold: 20 });
    expect(report.objects.Account).toMatchObject({ sent: 30, succeeded: 30, method: 'bulk' });
    expect(emu.stats.count('compositeUpdate')).toBe(0);
    expect(emu.stats.count('bulk2Ingest')).toBeGreaterThanOrEqual(6);
    expect(emu.org.get(accountIds[5]!)!.Pillar_Health_Score__c).toBe(15);
  });

  it('holds values that keep failing for a reason retries cannot fix, and reports them', async () => {
    const gone = opportunityIds[0]!;
    await storeOpportunityScores(orgId, new Map([[gone, 99]]));
    emu.org.delete(gone);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const report = await connector.writeBack();
      expect(report.objects.Opportunity).toMatchObject({ sent: 1, failed: 1 });
      expect(report.failures[0]).toMatchObject({ externalId: gone, code: 'ENTITY_IS_DELETED' });
    }
    const calls = emu.stats.apiCalls();
    const held = await connector.writeBack();
    expect(held).toMatchObject({ runId: null, apiCalls: 0 });
    expect(held.objects.Opportunity).toMatchObject({ sent: 0, held: 1 });
    expect(emu.stats.apiCalls()).toBe(calls);
    const [state] = await rows<{ attempts: number; pending: unknown }>(orgId, sql`SELECT attempts, pending FROM writeback_state WHERE external_id = ${gone}`);
    expect(state!.attempts).toBe(5);
    expect(state!.pending).not.toBeNull();
    // Once the pull sees the deletion, the record is no longer considered.
    await connector.pull();
    expect((await connector.writeBack()).objects.Opportunity).toMatchObject({ considered: 39, held: 0 });
  });

  it('pauses before the daily allowance share and writes on a later cycle', async () => {
    await storeAccountScores(orgId, healthOf(accountIds.slice(0, 4), 60));
    emu.allowance.set({ used: 12_400, dailyMax: 15_000 });
    const paused = await connector.writeBack();
    expect(paused.status).toBe('paused');
    expect(paused.reason).toMatch(/used 12,40\d of its 15,000 daily API requests/);
    expect(paused.objects.Account!.succeeded).toBe(0);
    const [conn] = await rows<{ status: string; status_reason: string }>(orgId, sql`SELECT status, status_reason FROM crm_connections`);
    expect(conn).toMatchObject({ status: 'paused' });
    emu.allowance.set({ used: 100 });
    const resumed = await connector.writeBack();
    expect(resumed.objects.Account).toMatchObject({ sent: 4, succeeded: 4 });
  });
});

describe('write-back into a namespaced package', () => {
  it('writes the prefixed fields', async () => {
    const emu = await startOrg({ pillarFields: { namespace: 'pillar' } });
    try {
      emu.seed({ accounts: 3, opportunities: 2, users: 1, seed: 2 });
      const { orgId, connector } = await setup('Namespaced', emu, { namespace: 'pillar' });
      const ids = emu.org.records('Account').map((a) => a.Id);
      await storeAccountScores(orgId, healthOf(ids, 70));
      const report = await connector.writeBack();
      expect(report.objects.Account).toMatchObject({ sent: 3, succeeded: 3 });
      expect(emu.org.get(ids[0]!)!.pillar__Pillar_Health_Score__c).toBe(70);
      const fields = await connector.provisionFields();
      expect(fields.ready).toBe(true);
      expect(fields.fields.every((f) => f.field.startsWith('pillar__'))).toBe(true);
    } finally {
      await emu.close();
    }
  });

  it('reports the catalog fields an org is missing', async () => {
    const emu = await startOrg({ pillarFields: false });
    try {
      const orgId = (await ensureOrganization(database.ownerPool, 'No package')).id;
      const deps = connectionDeps(database.db, orgId);
      await connectSalesforceOrg(deps, credentialsFor(emu));
      const fields = await createSalesforceConnector(deps).provisionFields();
      expect(fields.ready).toBe(false);
      expect(fields.fields.filter((f) => f.state === 'missing')).toHaveLength(fields.fields.length);
    } finally {
      await emu.close();
    }
  });
});

