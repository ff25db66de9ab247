// The Salesforce sync against the emulated org with the real jsforce: connecting (credentials sealed),
// the first and incremental pulls, edits and deletions, derived buying roles, stage history, the tenant's
// field-mapping overrides, and tenant isolation.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectError, connectSalesforceOrg, createSalesforceConnector, disconnectSalesforceOrg, readSalesforceConnection } from '../backend/src/crm/salesforce/connection';
import { connectionDeps, credentialsFor, INTEGRATION_USERNAME, mirrorCounts, orgCounts, startOrg, testApp } from '../backend/src/crm/salesforce/sync/__tests__/harness';
import { RunRefusedError } from '../backend/src/crm/salesforce/sync/run-lease';
import { generateConnectedApp, type SalesforceEmulator } from '../backend/src/emulators/salesforce';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { crmFieldMappings } from '../backend/src/db/schema';
import { withOrg } from '../backend/src/db/tenant';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let emu: SalesforceEmulator;

async function org(name: string): Promise<string> {
  return (await ensureOrganization(database.ownerPool, name)).id;
}

async function rows<T>(orgId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(query)).rows as T[]);
}

async function connected(name: string, target: SalesforceEmulator = emu) {
  const orgId = await org(name);
  const deps = connectionDeps(database.db, orgId);
  await connectSalesforceOrg(deps, credentialsFor(target));
  return { orgId, deps, connector: createSalesforceConnector(deps) };
}

beforeAll(async () => {
  database = await createTestDatabase('salesforce-sync');
  emu = await startOrg();
  emu.seed({ accounts: 60, contactsPerAccount: 3, opportunities: 120, tasks: 400, events: 80, users: 4, seed: 7 });
});

afterAll(async () => {
  await emu.close();
  await database.close();
});

describe('connecting a Salesforce org', () => {
  it('stores the org id and instance URL and keeps the credentials sealed', async () => {
    const orgId = await org('Sealed');
    const result = await connectSalesforceOrg(connectionDeps(database.db, orgId), credentialsFor(emu));
    expect(result.connection).toMatchObject({ status: 'connected', externalOrgId: emu.org.orgId, instanceUrl: emu.url, authKind: 'jwt', username: INTEGRATION_USERNAME });
    const [stored] = await rows<{ credentials: string; status_reason: string }>(orgId, sql`SELECT credentials, status_reason FROM crm_connections`);
    expect(stored!.credentials).toMatch(/^v1\./);
    expect(stored!.credentials).not.toContain('PRIVATE KEY');
    expect(stored!.credentials).not.toContain(INTEGRATION_USERNAME);
    expect(stored!.status_reason).toContain(emu.org.orgId);
  });

  it('refuses credentials Salesforce rejects, with its reason, and stores nothing', async () => {
    const orgId = await org('Wrong key');
    const stranger = generateConnectedApp('3MVG9not-registered');
    const error = await connectSalesforceOrg(connectionDeps(database.db, orgId), {
      ...credentialsFor(emu),
      auth: { kind: 'jwt', consumerKey: stranger.app.consumerKey, username: INTEGRATION_USERNAME, privateKey: stranger.privateKey },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).failure.code).toBe('AUTH');
    expect((error as ConnectError).message).toMatch(/rejected Pillar's credentials/);
    expect(await readSalesforceConnection({ db: database.db, orgId, secretBox: connectionDeps(database.db, orgId).secretBox })).toBeNull();
  });

  it('connects with a refresh token, and disconnecting revokes it and wipes the credentials', async () => {
    const orgId = await org('Refresh token');
    const deps = connectionDeps(database.db, orgId);
    const refreshToken = emu.auth.issueRefreshToken(INTEGRATION_USERNAME, testApp.app.consumerKey);
    const credentials = { loginUrl: emu.url, auth: { kind: 'refreshToken' as const, clientId: testApp.app.consumerKey, refreshToken } };
    const result = await connectSalesforceOrg(deps, credentials);
    expect(result.connection.authKind).toBe('refreshToken');
    const view = await disconnectSalesforceOrg(deps);
    expect(view).toMatchObject({ status: 'disconnected' });
    const [stored] = await rows<{ credentials: string }>(orgId, sql`SELECT credentials FROM crm_connections`);
    expect(stored!.credentials).toBe('');
    await expect(connectSalesforceOrg(deps, credentials)).rejects.toBeInstanceOf(ConnectError);
    await expect(createSalesforceConnector(deps).pull()).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('refuses to sync an organization that never connected', async () => {
    const orgId = await org('Never connected');
    const error = await createSalesforceConnector(connectionDeps(database.db, orgId))
      .pull()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunRefusedError);
    expect((error as RunRefusedError).code).toBe('NOT_CONNECTED');
  });
});

describe('incremental pull', () => {
  let orgId: string;
  let connector: ReturnType<typeof createSalesforceConnector>;

  beforeAll(async () => {
    ({ orgId, connector } = await connected('Incremental'));
  });

  it('brings every record of every object on the first run and records the run', async () => {
    const report = await connector.pull();
    expect(report.status).toBe('succeeded');
    const counts = await mirrorCounts(database.db, orgId);
    const expected = orgCounts(emu);
    for (const [table, n] of Object.entries(expected)) {
      expect(counts[table]!.rows, table).toBe(n);
      expect(counts[table]!.distinct, table).toBe(n);
    }
    expect(counts.stage_history!.rows).toBe(emu.org.count('Opportunity'));
    expect(report.objects.Account).toMatchObject({ read: 60, new: 60, inserted: 60, skipped: 0 });
    const [run] = await rows<{ status: string; api_calls: number; counts: Record<string, number> }>(orgId, sql`SELECT status, api_calls, counts FROM sync_runs WHERE id = ${report.runId}`);
    expect(run).toMatchObject({ status: 'succeeded', api_calls: report.apiCalls });
    expect(run!.counts['Task.inserted']).toBe(400);
    const cursors = await rows<{ object: string }>(orgId, sql`SELECT object FROM sync_cursors ORDER BY object`);
    expect(cursors.map((c) => c.object)).toEqual(
      ['Account', 'Contact', 'Event', 'Opportunity', 'OpportunityContactRole', 'OpportunityContactRole:buyingRoles', 'OpportunityHistory', 'Task', 'User'].sort(),
    );
    const [conn] = await rows<{ status: string; last_sync_at: Date | null; status_reason: string }>(orgId, sql`SELECT status, last_sync_at, status_reason FROM crm_connections`);
    expect(conn!.status).toBe('connected');
    expect(conn!.last_sync_at).not.toBeNull();
    expect(conn!.status_reason).toMatch(/records read/);
  });

  it('changes nothing when nothing changed in Salesforce', async () => {
    const report = await connector.pull();
    expect(report.status).toBe('succeeded');
    for (const [object, c] of Object.entries(report.objects)) {
      expect(c.new, object).toBe(0);
      expect(c.inserted + c.updated + c.deleted, object).toBe(0);
    }
  });

  it('pulls exactly the records edited since, with their new values', async () => {
    const accounts = emu.org.records('Account').slice(0, 3);
    const contacts = emu.org.records('Contact').slice(0, 2);
    const opportunities = emu.org.records('Opportunity').filter((o) => o.IsClosed === false).slice(0, 2);
    const tasks = emu.org.records('Task').slice(0, 1);
    for (const a of accounts) emu.org.update(a.Id, { Name: `${String(a.Name)} (renamed)` });
    for (const c of contacts) emu.org.update(c.Id, { Title: 'Chief Revenue Officer' });
    for (const o of opportunities) emu.org.update(o.Id, { NextStep: 'Send the order form' });
    for (const t of tasks) emu.org.update(t.Id, { Subject: 'Renewal call' });
    const report = await connector.pull();
    expect(report.objects.Account).toMatchObject({ new: 3, updated: 3, inserted: 0 });
    expect(report.objects.Contact).toMatchObject({ new: 2, updated: 2 });
    expect(report.objects.Opportunity).toMatchObject({ new: 2, updated: 2 });
    expect(report.objects.Task).toMatchObject({ new: 1, updated: 1 });
    expect(report.objects.Event).toMatchObject({ new: 0, updated: 0 });
    const renamed = await rows<{ name: string }>(orgId, sql`SELECT name FROM accounts WHERE external_id = ANY(${sql.param(accounts.map((a) => a.Id))}::text[]) ORDER BY name`);
    expect(renamed.every((r) => r.name.endsWith('(renamed)'))).toBe(true);
  });

  it('records a stage change as stage history from the previous Pillar stage', async () => {
    const deal = emu.org.records('Opportunity').find((o) => o.StageName === 'Prospecting')!;
    emu.org.update(deal.Id, { StageName: 'Negotiation/Review' });
    const report = await connector.pull();
    expect(report.objects.OpportunityHistory).toMatchObject({ new: 1, inserted: 1 });
    const history = await rows<{ from_stage: string | null; to_stage: string }>(
      orgId,
      sql`SELECT h.from_stage, h.to_stage FROM stage_history h JOIN opportunities o ON o.id = h.opportunity_id WHERE o.external_id = ${deal.Id} ORDER BY h.changed_at`,
    );
    expect(history).toEqual([
      { from_stage: null, to_stage: 'discover' },
      { from_stage: 'discover', to_stage: 'negotiation' },
    ]);
  });

  it('derives contacts’ buying roles from their deal roles', async () => {
    const role = emu.org.records('OpportunityContactRole').find((r) => r.Role === 'Economic Buyer')!;
    const [contact] = await rows<{ buying_role: string }>(orgId, sql`SELECT buying_role FROM contacts WHERE external_id = ${role.ContactId as string}`);
    expect(contact!.buying_role).toBe('economic_buyer');
    emu.org.update(role.Id, { Role: 'Executive Sponsor' });
    const others = emu.org.records('OpportunityContactRole').filter((r) => r.ContactId === role.ContactId && r.Id !== role.Id);
    for (const o of others) emu.org.update(o.Id, { Role: 'Business User' });
    await connector.pull();
    const [after] = await rows<{ buying_role: string; is_exec_sponsor: boolean }>(orgId, sql`SELECT buying_role, is_exec_sponsor FROM contacts WHERE external_id = ${role.ContactId as string}`);
    expect(after).toEqual({ buying_role: 'exec_sponsor', is_exec_sponsor: true });
  });

  it('soft-deletes a deleted account with its contacts and deals, and removes its activities and deal roles', async () => {
    const account = emu.org.records('Account').find((a) => emu.org.records('Opportunity').some((o) => o.AccountId === a.Id))!;
    const tasksBefore = emu.org.count('Task');
    emu.org.delete(account.Id);
    const report = await connector.pull();
    expect(report.status).toBe('succeeded');
    expect(report.objects.Account!.deleted).toBe(1);
    const [acc] = await rows<{ deleted_at: Date | null }>(orgId, sql`SELECT deleted_at FROM accounts WHERE external_id = ${account.Id}`);
    expect(acc!.deleted_at).not.toBeNull();
    const counts = await mirrorCounts(database.db, orgId);
    expect(counts.accounts!.deleted).toBe(1);
    expect(counts.contacts!.rows - counts.contacts!.deleted).toBe(emu.org.count('Contact'));
    expect(counts.opportunities!.rows - counts.opportunities!.deleted).toBe(emu.org.count('Opportunity'));
    expect(counts.activities!.rows).toBe(emu.org.count('Task') + emu.org.count('Event'));
    expect(emu.org.count('Task')).toBeLessThan(tasksBefore);
    expect(counts.opportunity_contacts!.rows).toBe(emu.org.count('OpportunityContactRole'));
  });
});

describe('a full sync', () => {
  it('reads everything again and fills references left empty when the parent was missing', async () => {
    const target = await startOrg();
    try {
      target.seed({ accounts: 5, contactsPerAccount: 2, opportunities: 5, users: 2, seed: 9 });
      const [hidden, ...visible] = target.org.records('Account');
      const { orgId, connector } = await connected('Full sync', target);
      const first = await connector.pull({
        onObjectStart: (object) => {
          // The first run does not see one account (as if the integration user could not, yet).
          if (object === 'Account') target.faults.inject({ kind: 'status', status: 200, path: '/query', body: { totalSize: visible.length, done: true, records: visible } });
        },
      });
      expect(first.objects.Account!.inserted).toBe(4);
      const orphans = async () =>
        (await rows<{ n: number }>(orgId, sql`SELECT count(*)::int AS n FROM contacts WHERE account_id IS NULL`))[0]!.n;
      expect(await orphans()).toBe(2);
      expect((await connector.pull()).objects.Contact!.updated).toBe(0);

      const full = await connector.pull({ full: true });
      expect(full.kind).toBe('full');
      expect(full.objects.Account).toMatchObject({ read: 5, inserted: 1 });
      expect(full.objects.Contact).toMatchObject({ read: 10, updated: 2 });
      expect(await orphans()).toBe(0);
      const [owner] = await rows<{ external_id: string }>(orgId, sql`SELECT a.external_id FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.external_id = ${target.org.records('Contact').find((c) => c.AccountId === hidden!.Id)!.Id}`);
      expect(owner!.external_id).toBe(hidden!.Id);
    } finally {
      await target.close();
    }
  });
});

describe('field-mapping overrides', () => {
  it('feeds Pillar fields from the tenant’s CRM fields and picklist maps, and logs refused rows', async () => {
    const target = await startOrg({ customFields: [{ object: 'Account', name: 'Tier__c', type: 'picklist', picklistValues: ['Strategic', 'Core'] }] });
    try {
      target.seed({ accounts: 4, contactsPerAccount: 2, opportunities: 6, users: 2, seed: 3 });
      const [first, second] = target.org.records('Account');
      target.org.update(first!.Id, { Tier__c: 'Strategic' });
      target.org.update(second!.Id, { Tier__c: 'Core' });
      const roleId = target.org.records('OpportunityContactRole')[0]!.Id;
      target.org.update(roleId, { Role: 'Evaluator' });
      const { orgId, connector } = await connected('Mapped', target);
      await withOrg(database.db, orgId, (tx) =>
        tx.insert(crmFieldMappings).values([
          { orgId, provider: 'salesforce', object: 'Account', pillarField: 'segment', crmField: 'Tier__c', transform: { kind: 'picklist', map: { Strategic: 'enterprise', Core: 'smb' } } },
          { orgId, provider: 'salesforce', object: 'OpportunityContactRole', pillarField: 'role', crmField: 'Role', transform: { kind: 'picklist', map: { Evaluator: 'champion' } } },
          { orgId, provider: 'salesforce', object: 'Account', pillarField: 'mood', crmField: 'Mood__c', transform: { kind: 'direct' } },
          { orgId, provider: 'salesforce', object: 'Opportunity', pillarField: 'stage', crmField: 'StageName', transform: { kind: 'picklist', map: { Prospecting: 'won' } } },
        ]),
      );
      const report = await connector.pull();
      expect(report.status).toBe('succeeded');
      const segments = await rows<{ external_id: string; segment: string | null }>(orgId, sql`SELECT external_id, segment FROM accounts`);
      expect(segments.find((s) => s.external_id === first!.Id)!.segment).toBe('enterprise');
      expect(segments.find((s) => s.external_id === second!.Id)!.segment).toBe('smb');
      const contactId = target.org.get(roleId)!.ContactId as string;
      const [contact] = await rows<{ buying_role: string; is_champion: boolean }>(orgId, sql`SELECT buying_role, is_champion FROM contacts WHERE external_id = ${contactId}`);
      expect(contact).toEqual({ buying_role: 'champion', is_champion: true });
      const refused = await rows<{ details: { pillarField: string; reason: string } }>(orgId, sql`SELECT details FROM integration_logs WHERE event = 'mapping.refused' ORDER BY id`);
      expect(refused.map((r) => r.details.pillarField)).toEqual(['mood', 'stage']);
      expect(refused[1]!.details.reason).toMatch(/"Prospecting" → "won" are not Pillar values/);
    } finally {
      await target.close();
    }
  });
});

describe('tenant isolation', () => {
  it('a sync for one tenant never touches another tenant connected to the same org', async () => {
    const a = await connected('Isolated A');
    const b = await connected('Isolated B');
    await a.connector.pull();
    const bBefore = await mirrorCounts(database.db, b.orgId);
    expect(Object.values(bBefore).every((c) => c.rows === 0)).toBe(true);
    expect(await rows(b.orgId, sql`SELECT 1 FROM sync_cursors`)).toHaveLength(0);
    expect(await rows(b.orgId, sql`SELECT 1 FROM sync_runs`)).toHaveLength(0);
    const snapshot = async (orgId: string) => rows<{ md5: string }>(orgId, sql`SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS md5 FROM accounts t`);
    const aBefore = await snapshot(a.orgId);
    const bReport = await b.connector.pull();
    expect(bReport.status).toBe('succeeded');
    expect(await snapshot(a.orgId)).toEqual(aBefore);
    expect(await mirrorCounts(database.db, b.orgId)).toEqual(await mirrorCounts(database.db, a.orgId));
  });
});
