import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator } from '../index';

// The emulator's HTTP surface seen with plain fetch: faults, allowance, token expiry, cursors, counters.
let emu: SalesforceEmulator;
let token: string;
const clock = { t: Date.parse('2024-05-01T09:00:00.000Z') };

beforeEach(async () => {
  clock.t = Date.parse('2024-05-01T09:00:00.000Z');
  emu = await createSalesforceEmulator({ now: () => clock.t, tokenTtlMs: 60_000, dailyApiLimit: 50 });
  emu.seed({ accounts: 450, seed: 2, users: 1 });
  token = emu.auth.mintAccessToken();
});

afterEach(async () => {
  await emu.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${emu.url}${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
}

const q = (soql: string) => `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;

describe('REST surface', () => {
  it('answers with a relative nextRecordsUrl and the api-usage header, counting each call', async () => {
    const res = await get(q('SELECT Id FROM Account'), { 'Sforce-Query-Options': 'batchSize=200' });
    expect(res.status).toBe(200);
    expect(res.headers.get('sforce-limit-info')).toBe('api-usage=1/50');
    const body = (await res.json()) as { totalSize: number; nextRecordsUrl: string; records: unknown[] };
    expect(body.records).toHaveLength(200);
    expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[0-9a-f]+-200$/);
    const next = await get(body.nextRecordsUrl);
    expect(next.headers.get('sforce-limit-info')).toBe('api-usage=2/50');
    expect(emu.stats.byKind()).toEqual({ query: 1, queryMore: 1 });
  });

  it('refuses calls once the daily allowance is spent and reports it in /limits', async () => {
    emu.allowance.set({ used: 49 });
    const limits = (await (await get('/services/data/v62.0/limits')).json()) as { DailyApiRequests: { Max: number; Remaining: number } };
    expect(limits.DailyApiRequests).toEqual({ Max: 50, Remaining: 0 });
    const refused = await get(q('SELECT Id FROM Account'));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  });

  it('expires access tokens after their lifetime', async () => {
    expect((await get('/services/data/v62.0/limits')).status).toBe(200);
    clock.t += 61_000;
    const res = await get('/services/data/v62.0/limits');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('keeps ten cursors per user and drops the oldest', async () => {
    const batch = { 'Sforce-Query-Options': 'batchSize=200' };
    const first = (await (await get(q('SELECT Id FROM Account'), batch)).json()) as { nextRecordsUrl: string };
    const second = (await (await get(q('SELECT Id FROM Account'), batch)).json()) as { nextRecordsUrl: string };
    for (let i = 0; i < 9; i++) await get(q('SELECT Id FROM Account'), batch);
    expect((await get(second.nextRecordsUrl)).status).toBe(200);
    const res = await get(first.nextRecordsUrl);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('INVALID_QUERY_LOCATOR');
  });

  it('answers 404 NOT_FOUND for unknown resources and API versions', async () => {
    expect((await get('/services/data/v62.0/nothing')).status).toBe(404);
    expect((await get('/services/data/v99.0/limits')).status).toBe(404);
    expect((await get('/services/data/v62.0/sobjects/Nope__c/describe')).status).toBe(404);
  });
});

describe('fault injection', () => {
  it('answers INVALID_SESSION_ID for the next N matching requests only', async () => {
    const fault = emu.faults.inject({ kind: 'invalidSession', path: '/query', times: 2 });
    expect((await get(q('SELECT Id FROM Account'))).status).toBe(401);
    expect((await get('/services/data/v62.0/limits')).status).toBe(200);
    expect((await get(q('SELECT Id FROM Account'))).status).toBe(401);
    expect((await get(q('SELECT Id FROM Account'))).status).toBe(200);
    expect(fault.hits()).toBe(2);
    expect(fault.remaining()).toBe(0);
  });

  it('serves 503, 429 and REQUEST_LIMIT_EXCEEDED in Salesforce error shape', async () => {
    emu.faults.inject({ kind: 'status', status: 503, path: /\/limits$/ });
    emu.faults.inject({ kind: 'status', status: 429, path: /\/limits$/ });
    emu.faults.inject({ kind: 'requestLimit', path: /\/limits$/ });
    const a = await get('/services/data/v62.0/limits');
    const b = await get('/services/data/v62.0/limits');
    const c = await get('/services/data/v62.0/limits');
    expect([a.status, b.status, c.status]).toEqual([503, 429, 403]);
    expect(((await a.json()) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('SERVER_UNAVAILABLE');
    expect(((await c.json()) as Array<{ errorCode: string }>)[0]?.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect((await get('/services/data/v62.0/limits')).status).toBe(200);
    expect(emu.allowance.used).toBe(1);
  });

  it('drops the connection without an answer', async () => {
    emu.faults.inject({ kind: 'drop', path: '/limits' });
    await expect(get('/services/data/v62.0/limits')).rejects.toThrow(/fetch failed/);
    expect(emu.stats.log.at(-1)).toMatchObject({ kind: 'limits', status: 0 });
    expect((await get('/services/data/v62.0/limits')).status).toBe(200);
  });

  it('holds a delayed answer back while later requests are served', async () => {
    emu.faults.inject({ kind: 'delay', ms: 300, path: '/limits' });
    const order: string[] = [];
    const slow = get('/services/data/v62.0/limits').then((r) => order.push(`slow ${r.status}`));
    await new Promise((r) => setTimeout(r, 20));
    await get(q('SELECT Id FROM Account LIMIT 1')).then((r) => order.push(`fast ${r.status}`));
    await slow;
    expect(order).toEqual(['fast 200', 'slow 200']);
  });

  it('locks chosen rows in Collections calls that touch them, for N such calls', async () => {
    const ids = emu.org.records('Account').slice(0, 3).map((a) => a.Id);
    emu.faults.inject({ kind: 'lockRow', ids: [ids[1] as string], times: 1 });
    const patch = (records: string[]) =>
      fetch(`${emu.url}/services/data/v62.0/composite/sobjects`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ allOrNone: false, records: records.map((id) => ({ id, attributes: { type: 'Account' }, Pillar_Health_Score__c: 10 })) }),
      }).then((r) => r.json() as Promise<Array<{ success: boolean; errors: Array<{ statusCode: string }> }>>);
    expect((await patch([ids[0] as string])).every((r) => r.success)).toBe(true);
    const second = await patch(ids);
    expect(second.map((r) => r.success)).toEqual([true, false, true]);
    expect(second[1]?.errors[0]?.statusCode).toBe('UNABLE_TO_LOCK_ROW');
    expect((await patch(ids)).every((r) => r.success)).toBe(true);
  });
});
