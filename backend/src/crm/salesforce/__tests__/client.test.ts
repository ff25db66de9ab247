import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../emulators/salesforce';
import { connectSalesforce, incrementalSoql } from '../client';
import { SalesforceApiError, classifySalesforceError } from '../errors';
import { mapAccount } from '../map-account';
import { INTEGRATION_USERNAME, collect, connect, connectedApp, failureOf, startOrg, type TestClient } from './support';

// The thin client against the emulated org over loopback, with real jsforce underneath.
const SEED_UNTIL = Date.parse('2024-04-30T00:00:00.000Z');
let emu: SalesforceEmulator;
let t: TestClient;

beforeAll(async () => {
  emu = await startOrg();
  emu.seed({ accounts: 5000, opportunities: 10, users: 3, seed: 11, since: SEED_UNTIL - 365 * 86_400_000, until: SEED_UNTIL });
  t = await connect(emu);
});

afterAll(async () => {
  await emu.close();
});

beforeEach(() => {
  emu.faults.clear();
  emu.stats.reset();
  emu.allowance.set({ used: 0 });
  t.sleeps.length = 0;
  t.events.length = 0;
});

const accountIds = (n: number, from = 0) => emu.org.records('Account').slice(from, from + n).map((a) => a.Id);

describe('connecting', () => {
  it('signs a JWT bearer assertion and learns the org, the integration user and the instance', () => {
    expect(t.client.identity).toEqual({ organizationId: emu.org.orgId, userId: emu.org.integrationUserId, instanceUrl: emu.url });
    expect(t.client.conn.version).toBe('62.0');
  });

  it('connects with a refresh token', async () => {
    const refreshToken = emu.auth.issueRefreshToken(INTEGRATION_USERNAME, connectedApp.app.consumerKey);
    const client = await connectSalesforce({ auth: { kind: 'refreshToken', loginUrl: emu.url, clientId: connectedApp.app.consumerKey, refreshToken } });
    const rows = await collect(client.queryRecords('SELECT Id FROM User'));
    expect(rows.length).toBe(5);
  });

  it('fails with AUTH and no retry when the connected app rejects the assertion', async () => {
    const err = await failureOf(connect(emu, { auth: { kind: 'jwt', loginUrl: emu.url, audience: 'https://login.salesforce.com', consumerKey: 'unknown', username: INTEGRATION_USERNAME, privateKey: connectedApp.privateKey } }));
    expect(err).toBeInstanceOf(SalesforceApiError);
    expect((err as SalesforceApiError).failure).toMatchObject({ code: 'AUTH', vendorCode: 'invalid_client_id', retryable: false });
    expect(emu.stats.count('oauthToken')).toBe(1);
  });
});

describe('paged queries', () => {
  it('pages a 5,000-record query as 2,000 + 2,000 + 1,000 without losing or repeating a row', async () => {
    const pages = await collect(t.client.queryPages('SELECT Id, Name FROM Account ORDER BY SystemModstamp, Id'));
    expect(pages.map((p) => p.records.length)).toEqual([2000, 2000, 1000]);
    expect(pages.map((p) => p.done)).toEqual([false, false, true]);
    expect(pages[2]?.nextRecordsUrl).toBeNull();
    expect(new Set(pages.flatMap((p) => p.records.map((r) => r.Id))).size).toBe(5000);
    expect(emu.stats.byKind()).toEqual({ query: 1, queryMore: 2 });
    expect(t.client.lastApiUsage()).toEqual({ used: 3, limit: 15000 });
  });

  it('asks for smaller pages with batchSize and can resume from a page URL', async () => {
    const gen = t.client.queryPages('SELECT Id FROM Account', { batchSize: 1000 });
    const first = (await gen.next()).value;
    await gen.return(undefined);
    expect(first?.records).toHaveLength(1000);
    const rest = await collect(t.client.queryPages('', { resumeFrom: first?.nextRecordsUrl as string }));
    expect(rest.reduce((n, p) => n + p.records.length, 0)).toBe(4000);
  });

  it('pulls exactly the rows changed after the watermark (with the watermark second re-read)', async () => {
    const all = emu.org.records('Account');
    const watermark = new Date(Math.max(...all.map((a) => Date.parse(String(a.SystemModstamp).replace('+0000', 'Z')))));
    const rep = emu.org.records('User').find((u) => u.Username === 'rep1@seed.example')?.Id as string;
    const edited = all.slice(100, 137).map((a) => a.Id);
    for (const id of edited) emu.org.update(id, { Rating: 'Hot' }, { actorId: rep });
    const soql = incrementalSoql({ sobject: 'Account', fields: ['Id', 'SystemModstamp'], since: watermark });
    expect(soql).toMatch(/^SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z ORDER BY SystemModstamp ASC, Id ASC$/);
    const rows = await collect(t.client.queryRecords(soql));
    const sameSecond = all.filter((a) => Math.floor(Date.parse(String(a.SystemModstamp).replace('+0000', 'Z')) / 1000) === Math.floor(watermark.getTime() / 1000)).map((a) => a.Id);
    expect(new Set(rows.map((r) => r.Id))).toEqual(new Set([...edited, ...sameSecond]));
    expect(edited.length).toBe(37);
  });

  it('reads deleted rows with includeDeleted (queryAll)', async () => {
    const victim = accountIds(1, 4000)[0] as string;
    emu.org.delete(victim);
    const rows = await collect(t.client.queryRecords(`SELECT Id, IsDeleted FROM Account WHERE Id = '${victim}'`, { includeDeleted: true }));
    expect(rows).toEqual([expect.objectContaining({ Id: victim, IsDeleted: true })]);
    expect(emu.stats.count('queryAll')).toBe(1);
    emu.org.undelete(victim);
  });
});

describe('sObject Collections updates', () => {
  it('writes 1,000 records in exactly 5 calls of 200', async () => {
    const ids = accountIds(1000);
    const outcome = await t.client.updateRecords('Account', ids.map((Id, i) => ({ Id, Pillar_Health_Score__c: i % 100 })));
    expect(outcome.apiCalls).toBe(5);
    expect(emu.stats.count('compositeUpdate')).toBe(5);
    expect(outcome.results.every((r) => r.success)).toBe(true);
    expect(emu.org.get(ids[999] as string)?.Pillar_Health_Score__c).toBe(99);
  });

  it('reports UNABLE_TO_LOCK_ROW per record as RECORD_LOCKED and writes the rest', async () => {
    const ids = accountIds(450, 1000);
    const locked = [ids[10] as string, ids[420] as string];
    emu.faults.inject({ kind: 'lockRow', ids: locked, times: 2 });
    const outcome = await t.client.updateRecords('Account', ids.map((Id) => ({ Id, Pillar_Health_Band__c: 'WATCH' })));
    expect(emu.stats.count('compositeUpdate')).toBe(3);
    const failed = outcome.results.filter((r) => !r.success);
    expect(failed.map((r) => r.id)).toEqual(locked);
    expect(failed[0]).toMatchObject({ success: false, attempted: true, failure: { code: 'RECORD_LOCKED', vendorCode: 'UNABLE_TO_LOCK_ROW', retryable: true } });
    expect(emu.org.get(ids[11] as string)?.Pillar_Health_Band__c).toBe('WATCH');
    expect(emu.org.get(locked[0] as string)?.Pillar_Health_Band__c).toBeNull();
  });

  it('classifies a bad value as INVALID for that record only', async () => {
    const ids = accountIds(3, 2000);
    const outcome = await t.client.updateRecords('Account', [
      { Id: ids[0] as string, Pillar_Health_Band__c: 'HEALTHY' },
      { Id: ids[1] as string, Pillar_Health_Band__c: 'Superb' },
      { Id: ids[2] as string, Pillar_Health_Score__c: 12 },
    ]);
    expect(outcome.results.map((r) => r.success)).toEqual([true, false, true]);
    expect(outcome.results[1]).toMatchObject({ failure: { code: 'INVALID', vendorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' } });
  });

  it('stops when the daily allowance runs out and marks the rest as not attempted', async () => {
    emu.allowance.set({ used: 14_999 });
    const ids = accountIds(450, 2100);
    const outcome = await t.client.updateRecords('Account', ids.map((Id) => ({ Id, Pillar_Health_Score__c: 1 })));
    expect(outcome.stoppedBy).toMatchObject({ code: 'LIMIT_EXCEEDED', vendorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(outcome.results.filter((r) => r.success)).toHaveLength(200);
    expect(outcome.results.slice(200).every((r) => !r.success && !r.attempted)).toBe(true);
    expect(t.sleeps).toEqual([]);
  });

  it('leaves more than 200 records in one raw jsforce call to be refused by the org', async () => {
    const ids = accountIds(201);
    const err = await failureOf(t.client.conn.sobject('Account').update(ids.map((Id) => ({ Id, Pillar_Health_Score__c: 5 }))));
    expect(classifySalesforceError(err)).toMatchObject({ code: 'INVALID', vendorCode: 'EXCEEDED_ID_LIMIT' });
  });
});

describe('Bulk API 2.0 updates', () => {
  it('round-trips an update job and lines results up with the input, locked rows included', async () => {
    const ids = accountIds(1000, 3000);
    emu.faults.inject({ kind: 'lockRow', ids: [ids[500] as string], path: '/jobs/ingest' });
    const outcome = await t.client.bulkUpdate('Account', ids.map((Id, i) => ({ Id, Pillar_Health_Score__c: i % 50, ...(i === 7 ? { Pillar_Top_Drivers__c: null } : {}) })), { pollIntervalMs: 25 });
    expect(outcome.results).toHaveLength(1000);
    expect(outcome.results.map((r) => r.id)).toEqual(ids);
    expect(outcome.results.filter((r) => !r.success).map((r) => r.id)).toEqual([ids[500]]);
    expect(outcome.results[500]).toMatchObject({ failure: { code: 'RECORD_LOCKED' } });
    expect(emu.org.get(ids[999] as string)?.Pillar_Health_Score__c).toBe(49);
    expect(t.sleeps).toEqual([25]);
    expect(outcome.apiCalls).toBe(emu.stats.count('bulk2Ingest'));
  });

  it('reports a failed job for every record', async () => {
    const ids = accountIds(2, 3000);
    const outcome = await t.client.bulkUpdate('Account', ids.map((Id) => ({ Id, Not_A_Field__c: 1 })), { pollIntervalMs: 1 });
    expect(outcome.stoppedBy).toMatchObject({ code: 'INVALID', vendorCode: 'BULK_JOB_FAILED' });
    expect(outcome.stoppedBy?.message).toMatch(/Field name not found : Not_A_Field__c/);
    expect(outcome.results.every((r) => !r.success)).toBe(true);
  });
});

describe('limits', () => {
  it('reads DailyApiRequests and keeps the last Sforce-Limit-Info usage', async () => {
    emu.allowance.set({ used: 100 });
    const limits = await t.client.readLimits();
    expect(limits.dailyApiRequests).toEqual({ max: 15000, remaining: 14899, used: 101 });
    expect(t.client.lastApiUsage()).toEqual({ used: 101, limit: 15000 });
  });

  it('classifies REQUEST_LIMIT_EXCEEDED as LIMIT_EXCEEDED and does not retry it', async () => {
    emu.faults.inject({ kind: 'requestLimit', path: '/limits' });
    const err = await failureOf(t.client.readLimits());
    expect((err as SalesforceApiError).failure).toMatchObject({ code: 'LIMIT_EXCEEDED', retryable: false });
    expect(emu.stats.count('limits')).toBe(1);
    expect(t.sleeps).toEqual([]);
  });
});

describe('sessions', () => {
  it('renews an expired session once and carries on', async () => {
    emu.auth.expireAllSessions();
    const rows = await collect(t.client.queryRecords('SELECT Id FROM User'));
    expect(rows.length).toBe(5);
    expect(emu.stats.count('oauthToken')).toBe(1);
    expect(t.events).toContainEqual({ type: 'refresh', ok: true });
  });

  it('gives up with AUTH when every renewed session is rejected too (jsforce alone would loop forever)', async () => {
    const { client, events } = await connect(emu, { refreshLimit: { maxRefreshes: 2, windowMs: 60_000 } });
    emu.stats.reset();
    emu.faults.inject({ kind: 'invalidSession', path: '/query', times: Infinity });
    const err = await failureOf(collect(client.queryRecords('SELECT Id FROM User')));
    expect((err as SalesforceApiError).failure).toMatchObject({ code: 'AUTH', vendorCode: 'REFRESH_LIMIT' });
    expect(emu.stats.count('oauthToken')).toBe(2);
    expect(emu.stats.count('query')).toBe(3);
    expect(events.filter((e) => e.type === 'refresh').map((e) => e.ok)).toEqual([true, true, false]);
  });
});

describe('transient failures', () => {
  it('backs off on 503 and succeeds on the third attempt', async () => {
    emu.faults.inject({ kind: 'status', status: 503, path: '/query', times: 2 });
    const rows = await collect(t.client.queryRecords('SELECT Id FROM User'));
    expect(rows.length).toBe(5);
    expect(emu.stats.count('query')).toBe(3);
    expect(t.sleeps).toEqual([750, 1500]);
    expect(t.events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.failure.code)).toEqual(['RETRYABLE', 'RETRYABLE']);
  });

  it('treats 429 as RATE_LIMITED and retries it', async () => {
    emu.faults.inject({ kind: 'status', status: 429, path: '/limits' });
    await t.client.readLimits();
    expect(t.events[0]).toMatchObject({ type: 'retry', failure: { code: 'RATE_LIMITED' } });
  });

  it('gives up with RETRYABLE after the last attempt', async () => {
    const { client, sleeps } = await connect(emu, { retry: { maxAttempts: 3 } });
    emu.faults.inject({ kind: 'status', status: 503, path: '/limits', times: Infinity });
    const err = await failureOf(client.readLimits());
    expect((err as SalesforceApiError).failure).toMatchObject({ code: 'RETRYABLE', vendorCode: 'SERVER_UNAVAILABLE' });
    expect(sleeps).toHaveLength(2);
  });

  it('retries a Collections call whose connection was dropped', async () => {
    const ids = accountIds(5, 4500);
    emu.faults.inject({ kind: 'drop', path: '/composite/sobjects', method: 'PATCH' });
    const outcome = await t.client.updateRecords('Account', ids.map((Id) => ({ Id, Pillar_Health_Score__c: 33 })));
    expect(outcome.results.every((r) => r.success)).toBe(true);
    expect(emu.stats.count('compositeUpdate')).toBe(2);
    expect(t.events[0]).toMatchObject({ type: 'retry', operation: 'compositeUpdate', failure: { code: 'RETRYABLE' } });
  });

  it('times out a slow answer and retries it', async () => {
    const { client, events } = await connect(emu, { requestTimeoutMs: 150 });
    emu.faults.inject({ kind: 'delay', ms: 1000, path: '/limits' });
    const limits = await client.readLimits();
    expect(limits.dailyApiRequests.max).toBe(15000);
    expect(events[0]).toMatchObject({ type: 'retry', operation: 'limits', failure: { code: 'RETRYABLE', vendorCode: 'TIMEOUT' } });
  });
});

describe('own writes', () => {
  it('come back on the next pull with a new modstamp, Pillar as last modifier and an unchanged source hash', async () => {
    const id = accountIds(1, 4800)[0] as string;
    const fields = 'Id, IsDeleted, SystemModstamp, LastModifiedById, Name, Website, Industry, NumberOfEmployees, AnnualRevenue, BillingCountry, Parent.Name, Type, OwnerId';
    const [before] = await collect(t.client.queryRecords(`SELECT ${fields} FROM Account WHERE Id = '${id}'`));
    await t.client.updateRecords('Account', [{ Id: id, Pillar_Health_Score__c: 88, Pillar_Health_Band__c: 'HEALTHY' }]);
    const [after] = await collect(t.client.queryRecords(`SELECT ${fields} FROM Account WHERE Id = '${id}'`));
    const a = mapAccount(before);
    const b = mapAccount(after);
    if (!a.ok || !b.ok) throw new Error('mapping failed');
    expect(b.meta.sourceModstamp > a.meta.sourceModstamp).toBe(true);
    expect(b.meta.lastModifiedByExternalId).toBe(t.client.identity.userId);
    expect(b.meta.sourceHash).toBe(a.meta.sourceHash);
  });
});
