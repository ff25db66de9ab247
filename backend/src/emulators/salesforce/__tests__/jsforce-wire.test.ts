import jwt from 'jsonwebtoken';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JWT_BEARER_GRANT, createSalesforceEmulator, generateConnectedApp, type SalesforceEmulator } from '../index';

// Unmodified jsforce 3.10 against the emulator: the same calls the connector makes, checked on the wire.
const { app, privateKey } = generateConnectedApp('3MVG9wire-test');
const USER = 'integration@pillar.example';

function assertion(overrides: Record<string, unknown> = {}): string {
  return jwt.sign({ iss: app.consumerKey, sub: USER, aud: 'https://login.salesforce.com', exp: Math.floor(Date.now() / 1000) + 180, ...overrides }, privateKey, {
    algorithm: 'RS256',
  });
}

/** What a promise (or jsforce thenable) rejected with, or null. */
function caught(p: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(p).then(
    () => null,
    (e: unknown) => e,
  );
}

let emu: SalesforceEmulator;
let conn: Connection;

async function login(): Promise<Connection> {
  const c = new Connection({ loginUrl: emu.url, version: '62.0' });
  await c.authorize({ grant_type: JWT_BEARER_GRANT, assertion: assertion() });
  return c;
}

beforeAll(async () => {
  emu = await createSalesforceEmulator({ apps: [app] });
  emu.seed({ accounts: 2500, contactsPerAccount: 1, opportunities: 30, tasks: 20, events: 5, seed: 7 });
  conn = await login();
});

afterAll(async () => {
  await emu.close();
});

beforeEach(() => {
  emu.faults.clear();
  emu.stats.reset();
});

describe('OAuth token endpoint', () => {
  it('authorises a JWT bearer assertion and returns the org and user ids', async () => {
    const c = new Connection({ loginUrl: emu.url, version: '62.0' });
    const info = await c.authorize({ grant_type: JWT_BEARER_GRANT, assertion: assertion() });
    expect(info.organizationId).toBe(emu.org.orgId);
    expect(info.id).toBe(emu.org.integrationUserId);
    expect(c.instanceUrl).toBe(emu.url);
  });

  it('rejects an assertion for the wrong audience with invalid_grant and no errorCode', async () => {
    const c = new Connection({ loginUrl: emu.url, version: '62.0' });
    const err = await caught(c.authorize({ grant_type: JWT_BEARER_GRANT, assertion: assertion({ aud: emu.url }) }));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('invalid_grant');
    expect((err as Error).message).toBe('audience is invalid');
    expect((err as { errorCode?: string }).errorCode).toBeUndefined();
  });

  it('rejects an assertion signed with another key, an unknown issuer, an unknown user and an expired one', async () => {
    const other = generateConnectedApp('other');
    const forged = jwt.sign({ iss: app.consumerKey, sub: USER, aud: 'https://login.salesforce.com', exp: Math.floor(Date.now() / 1000) + 60 }, other.privateKey, { algorithm: 'RS256' });
    const cases: Array<[string, string]> = [
      [forged, 'invalid_grant'],
      [assertion({ iss: 'nobody' }), 'invalid_client_id'],
      [assertion({ sub: 'ghost@nowhere.example' }), 'invalid_grant'],
      [assertion({ exp: Math.floor(Date.now() / 1000) - 600 }), 'invalid_grant'],
      [assertion({ exp: Math.floor(Date.now() / 1000) + 3600 }), 'invalid_grant'],
    ];
    for (const [a, error] of cases) {
      const c = new Connection({ loginUrl: emu.url, version: '62.0' });
      const err = await caught(c.authorize({ grant_type: JWT_BEARER_GRANT, assertion: a }));
      expect((err as Error).name).toBe(error);
    }
  });

  it('renews a session from a refresh token and refuses a revoked one', async () => {
    const refreshToken = emu.auth.issueRefreshToken(USER, app.consumerKey);
    const c = new Connection({ loginUrl: emu.url, version: '62.0', oauth2: { loginUrl: emu.url, clientId: app.consumerKey }, refreshToken, instanceUrl: emu.url });
    const result = await c.query<{ Id: string }>('SELECT Id FROM User LIMIT 1');
    expect(result.records).toHaveLength(1);
    emu.auth.revokeRefreshToken(refreshToken);
    const res = await caught(c.oauth2.refreshToken(refreshToken));
    expect((res as Error).name).toBe('invalid_grant');
  });
});

describe('query and queryMore', () => {
  it('pages 2,500 rows as 2,000 + 500 with an absolute nextRecordsUrl', async () => {
    const page1 = await conn.query<{ Id: string }>('SELECT Id, Name, SystemModstamp FROM Account ORDER BY SystemModstamp, Id');
    expect(page1.totalSize).toBe(2500);
    expect(page1.done).toBe(false);
    expect(page1.records).toHaveLength(2000);
    expect(page1.nextRecordsUrl).toMatch(new RegExp(`^${emu.url}/services/data/v62\\.0/query/01g[^/]+-2000$`));
    const page2 = await conn.queryMore<{ Id: string }>(page1.nextRecordsUrl as string);
    expect(page2.records).toHaveLength(500);
    expect(page2.done).toBe(true);
    const ids = new Set([...page1.records, ...page2.records].map((r) => r.Id));
    expect(ids.size).toBe(2500);
    expect(emu.stats.count('query')).toBe(1);
    expect(emu.stats.count('queryMore')).toBe(1);
  });

  it('follows pages with autoFetch and find().sort()', async () => {
    const all = await conn.query<{ Id: string }>('SELECT Id FROM Account', { autoFetch: true, maxFetch: 100_000 });
    expect(all.records).toHaveLength(2500);
    const sorted = await conn.sobject('Account').find({}, ['Id', 'SystemModstamp']).sort({ SystemModstamp: 1, Id: 1 }).autoFetch(true).maxFetch(100_000);
    expect(sorted).toHaveLength(2500);
    const stamps = sorted.map((r) => String(r.SystemModstamp));
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('honours Sforce-Query-Options batchSize', async () => {
    const page = await conn.request<{ records: unknown[]; done: boolean }>({
      method: 'GET',
      url: `/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
      headers: { 'Sforce-Query-Options': 'batchSize=1000' },
    });
    expect(page.records).toHaveLength(1000);
    expect(page.done).toBe(false);
  });

  it('returns relationship fields nested under the relationship name', async () => {
    const res = await conn.query<{ Name: string; Account: { Name: string } | null; Owner: { Email: string } }>(
      'SELECT Name, Account.Name, Owner.Email FROM Opportunity WHERE AccountId != null LIMIT 3',
    );
    expect(res.records).toHaveLength(3);
    for (const r of res.records) {
      expect(r.Account?.Name).toMatch(/ \d+$/);
      expect(r.Owner.Email).toMatch(/@/);
    }
  });

  it('refuses unknown objects and fields and malformed SOQL the way Salesforce does', async () => {
    const bad = async (soql: string) => (await caught(conn.query(soql))) as { errorCode: string; message: string };
    expect((await bad('SELECT Id FROM Nope__c')).errorCode).toBe('INVALID_TYPE');
    expect((await bad('SELECT Id FROM Nope__c')).message).toContain("sObject type 'Nope__c' is not supported.");
    expect((await bad('SELECT Foo FROM Account')).errorCode).toBe('INVALID_FIELD');
    expect((await bad('SELECT Id FRM Account')).errorCode).toBe('MALFORMED_QUERY');
    expect((await bad("SELECT Id FROM Account WHERE SystemModstamp > '2024-01-01'")).errorCode).toBe('INVALID_FIELD');
    expect((await bad('SELECT Id FROM Account WHERE Name = \'a\' AND Name = \'b\' OR Name = \'c\'')).errorCode).toBe('MALFORMED_QUERY');
  });

  it('counts with COUNT() and hides deleted rows from query but not from queryAll', async () => {
    const victim = emu.org.records('Task')[0]?.Id as string;
    emu.org.delete(victim);
    const live = await conn.query('SELECT COUNT() FROM Task');
    expect(live.totalSize).toBe(19);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>('SELECT Id, IsDeleted FROM Task', { scanAll: true });
    expect(all.totalSize).toBe(20);
    expect(all.records.find((r) => r.Id === victim)?.IsDeleted).toBe(true);
    expect(emu.stats.count('queryAll')).toBe(1);
  });
});

describe('sObject Collections', () => {
  it('rejects more than 200 records in one call with EXCEEDED_ID_LIMIT', async () => {
    const ids = emu.org.records('Account').slice(0, 450).map((a) => a.Id);
    const err = await caught(conn.sobject('Account').update(ids.map((Id) => ({ Id, Pillar_Health_Score__c: 50 }))));
    expect((err as { errorCode: string }).errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(emu.org.apiWrites({ type: 'Account' })).toHaveLength(0);
  });

  it('splits 450 records into 200/200/50 with allowRecursive and reports locked rows per record', async () => {
    const ids = emu.org.records('Account').slice(0, 450).map((a) => a.Id);
    const locked = [ids[5] as string, ids[260] as string];
    emu.faults.inject({ kind: 'lockRow', ids: locked, path: '/composite/sobjects', times: 5 });
    const results = await conn.sobject('Account').update(ids.map((Id, i) => ({ Id, Pillar_Health_Score__c: i % 100 })), { allOrNone: false, allowRecursive: true });
    expect(results).toHaveLength(450);
    expect(emu.stats.count('compositeUpdate')).toBe(3);
    const failed = results.filter((r) => !r.success);
    expect(failed.map((r) => r.id)).toEqual(locked);
    expect((failed[0] as unknown as { errors: Array<{ statusCode: string }> }).errors[0]?.statusCode).toBe('UNABLE_TO_LOCK_ROW');
    expect(emu.org.get(ids[6] as string)?.Pillar_Health_Score__c).toBe(6);
    expect(emu.org.get(locked[0] as string)?.Pillar_Health_Score__c).toBeNull();
  });

  it('rolls every row back under allOrNone when one row is bad', async () => {
    const ids = emu.org.records('Account').slice(1000, 1010).map((a) => a.Id);
    const records = ids.map((Id) => ({ Id, Pillar_Health_Score__c: 77 }));
    (records[3] as Record<string, unknown>).Pillar_Health_Band__c = 'Not a band';
    const results = (await conn.sobject('Account').update(records, { allOrNone: true })) as unknown as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>;
    expect(results[3]?.errors[0]?.statusCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect(results.filter((_, i) => i !== 3).every((r) => r.errors[0]?.statusCode === 'ALL_OR_NONE_OPERATION_ROLLED_BACK')).toBe(true);
    expect(ids.map((id) => emu.org.get(id)?.Pillar_Health_Score__c)).toEqual(ids.map(() => null));
  });

  it('moves SystemModstamp and sets LastModifiedById to the integration user on API writes', async () => {
    const acc = emu.org.records('Account')[2000];
    const before = Date.parse(String(acc?.SystemModstamp).replace('+0000', 'Z'));
    await conn.sobject('Account').update({ Id: acc?.Id as string, Pillar_Health_Score__c: 61.5 });
    const after = emu.org.get(acc?.Id as string);
    expect(Date.parse(String(after?.SystemModstamp).replace('+0000', 'Z'))).toBeGreaterThan(before);
    expect(after?.LastModifiedById).toBe(emu.org.integrationUserId);
    expect(emu.org.apiWrites({ type: 'Account' }).at(-1)).toMatchObject({ via: 'rest', op: 'update', fields: { Pillar_Health_Score__c: 61.5 } });
  });

  it('creates, retrieves and deletes records', async () => {
    const created = await conn.sobject('Contact').create([{ LastName: 'Wire', Email: 'wire@example.com' }, { FirstName: 'No last name' }]);
    expect(created[0]?.success).toBe(true);
    expect(created[1]?.success).toBe(false);
    const id = created[0]?.id as string;
    expect(id.startsWith('003')).toBe(true);
    const got = await conn.sobject('Contact').retrieve(id);
    expect(got.Name).toBe('Wire');
    await conn.sobject('Contact').destroy(id);
    expect(emu.org.get(id)?.IsDeleted).toBe(true);
  });
});

describe('Bulk API 2.0', () => {
  it('runs an update job end to end: null as #N/A, locked rows in failedResults', async () => {
    const ids = emu.org.records('Account').slice(0, 10).map((a) => a.Id);
    emu.org.update(ids[1] as string, { Pillar_Top_Drivers__c: 'to be cleared' });
    emu.faults.inject({ kind: 'lockRow', ids: [ids[4] as string], path: '/jobs/ingest' });
    const res = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'update',
      input: ids.map((Id, i) => ({ Id, Pillar_Health_Score__c: i, Pillar_Top_Drivers__c: i === 1 ? null : `summary ${i}` })),
      pollInterval: 10,
      pollTimeout: 10_000,
    });
    expect(res.successfulResults).toHaveLength(9);
    expect(res.failedResults).toHaveLength(1);
    expect(String(res.failedResults[0]?.sf__Error)).toMatch(/^UNABLE_TO_LOCK_ROW:.*:--$/);
    expect(res.successfulResults[0]?.sf__Created).toBe('false');
    expect(emu.org.get(ids[1] as string)?.Pillar_Top_Drivers__c).toBeNull();
    expect(emu.org.get(ids[2] as string)?.Pillar_Health_Score__c).toBe(2);
    expect(emu.stats.count('bulk2Ingest')).toBeGreaterThanOrEqual(7);
    expect(emu.stats.log.filter((l) => l.kind === 'bulk2Ingest' && l.method === 'GET' && /ingest\/[^/]+$/.test(l.path))).toHaveLength(2);
  });

  it('runs a query job and pages results by Sforce-Locator', async () => {
    const stream = await conn.bulk2.query('SELECT Id, Name FROM Account WHERE Name LIKE \'%1\'', { pollInterval: 10, pollTimeout: 10_000 });
    const rows = (await stream.toArray()) as Array<{ Id: string; Name: string }>;
    expect(rows.length).toBe(250);
    expect(rows.every((r) => r.Name.endsWith('1'))).toBe(true);
  });
});

describe('limits and errors', () => {
  it('reports DailyApiRequests and stamps Sforce-Limit-Info on REST responses', async () => {
    emu.allowance.set({ used: 24 });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 15000, Remaining: 14975 });
    expect(conn.limitInfo.apiUsage).toEqual({ used: 25, limit: 15000 });
  });

  it('throws INVALID_SESSION_ID without a refresh function and REQUEST_LIMIT_EXCEEDED when the allowance is spent', async () => {
    const stale = new Connection({ instanceUrl: emu.url, accessToken: 'nope', version: '62.0' });
    const err = await caught(stale.query('SELECT Id FROM Account'));
    expect((err as { errorCode: string }).errorCode).toBe('INVALID_SESSION_ID');
    emu.allowance.set({ used: 15000 });
    const limited = await caught(conn.query('SELECT Id FROM Account'));
    expect((limited as { errorCode: string }).errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect((limited as Error).message).toBe('TotalRequests Limit exceeded.');
    emu.allowance.set({ used: 0 });
  });

  it('refreshes through refreshFn on a 401 and retries the same request', async () => {
    let refreshes = 0;
    const c = new Connection({
      loginUrl: emu.url,
      version: '62.0',
      refreshFn: (cc, cb) => {
        refreshes++;
        cc.authorize({ grant_type: JWT_BEARER_GRANT, assertion: assertion() }).then(() => cb(null, cc.accessToken as string), cb);
      },
    });
    await c.authorize({ grant_type: JWT_BEARER_GRANT, assertion: assertion() });
    emu.auth.expireAllSessions();
    const res = await c.query('SELECT Id FROM User');
    expect(res.records.length).toBeGreaterThan(0);
    expect(refreshes).toBe(1);
    conn = await login();
  });

  it('describes objects with field types, picklists and custom fields', async () => {
    const d = await conn.sobject('Opportunity').describe();
    const stage = d.fields.find((f) => f.name === 'StageName');
    expect(stage?.type).toBe('picklist');
    expect(stage?.picklistValues?.map((p) => p.value)).toContain('Negotiation/Review');
    const custom = d.fields.find((f) => f.name === 'Pillar_Deal_Risk__c');
    expect(custom).toMatchObject({ custom: true, type: 'double', updateable: true });
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(expect.arrayContaining(['Account', 'Contact', 'Opportunity', 'OpportunityContactRole', 'OpportunityHistory', 'Task', 'Event', 'User']));
  });
});
