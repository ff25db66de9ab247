// The sync when things go wrong, against the emulated org with the real jsforce: a crash half way and a
// fresh restart, a dead process's lease taken over, a run that lost its lease, an expired session, a
// session that stays rejected, Salesforce's daily limit, the budget governor's own ceiling, 503/429 with
// backoff, and the circuit breaker opening, cooling down and closing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClientEvent } from '../backend/src/crm/salesforce/client';
import { connectSalesforceOrg, createSalesforceConnector, type SalesforceConnectionDeps } from '../backend/src/crm/salesforce/connection';
import { connectionDeps, credentialsFor, mirrorCounts, offsetClock, orgCounts, startOrg } from '../backend/src/crm/salesforce/sync/__tests__/harness';
import { RunRefusedError } from '../backend/src/crm/salesforce/sync/run-lease';
import type { SalesforceEmulator } from '../backend/src/emulators/salesforce';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
const MINUTE = 60_000;

async function rows<T>(orgId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  return withOrg(database.db, orgId, async (tx) => (await tx.execute(query)).rows as T[]);
}

async function connection(orgId: string) {
  const [row] = await rows<{ status: string; status_reason: string; consecutive_failures: number; last_error: string | null }>(
    orgId,
    sql`SELECT status, status_reason, consecutive_failures, last_error FROM crm_connections`,
  );
  return row!;
}

interface Tenant {
  orgId: string;
  deps: SalesforceConnectionDeps;
  events: SalesforceClientEvent[];
  sleeps: number[];
  connector: () => ReturnType<typeof createSalesforceConnector>;
}

/** A tenant connected to `emu`; `connector()` builds a fresh one each time (no state survives but the database). */
async function tenant(name: string, emu: SalesforceEmulator, overrides: Partial<SalesforceConnectionDeps> = {}): Promise<Tenant> {
  const orgId = (await ensureOrganization(database.ownerPool, name)).id;
  const events: SalesforceClientEvent[] = [];
  const sleeps: number[] = [];
  const deps = connectionDeps(database.db, orgId, {
    client: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, onEvent: (e) => events.push(e) },
    ...overrides,
  });
  await connectSalesforceOrg(deps, credentialsFor(emu));
  return { orgId, deps, events, sleeps, connector: () => createSalesforceConnector(deps) };
}

async function expectMirrorMatches(orgId: string, emu: SalesforceEmulator): Promise<void> {
  const counts = await mirrorCounts(database.db, orgId);
  for (const [table, n] of Object.entries(orgCounts(emu))) {
    expect(counts[table]!.rows, table).toBe(n);
    expect(counts[table]!.distinct, `${table} has no duplicate`).toBe(n);
  }
}

beforeAll(async () => {
  database = await createTestDatabase('salesforce-sync-resilience');
});

afterAll(async () => {
  await database.close();
});

describe('a sync killed half way', () => {
  let emu: SalesforceEmulator;

  beforeAll(async () => {
    emu = await startOrg();
    emu.seed({ accounts: 150, contactsPerAccount: 2, opportunities: 200, tasks: 2000, events: 100, users: 3, seed: 21 });
  });

  afterAll(async () => {
    await emu.close();
  });

  it('restarts from its cursor and completes with no duplicate and no missing record', async () => {
    const t = await tenant('Crash', emu, { pageSize: 200 });
    const crashed = await t.connector().pull({
      onProgress: ({ object, page }) => {
        if (object === 'Task' && page === 4) throw new Error('process killed');
      },
    });
    expect(crashed.status).toBe('failed');
    expect(crashed.reason).toMatch(/process killed/);
    expect(crashed.objects.Task!.pages).toBe(4);
    const [cursor] = await rows<{ last_external_id: string }>(t.orgId, sql`SELECT last_external_id FROM sync_cursors WHERE object = 'Task'`);
    expect(cursor!.last_external_id).toMatch(/^00T/);
    expect(await connection(t.orgId)).toMatchObject({ status: 'connected', consecutive_failures: 1 });
    const stored = await mirrorCounts(database.db, t.orgId);
    expect(stored.activities!.rows).toBe(800);

    const resumed = await t.connector().pull();
    expect(resumed.status).toBe('succeeded');
    // Everything before the crash point is re-read only within the overlap window, never re-inserted.
    expect(resumed.objects.Task!.new).toBe(2000 - 800);
    expect(resumed.objects.Task!.inserted).toBe(2000 - 800);
    expect(resumed.objects.Account!.inserted).toBe(0);
    expect(resumed.objects.Task!.read).toBeLessThan(2000);
    await expectMirrorMatches(t.orgId, emu);
    expect(await connection(t.orgId)).toMatchObject({ status: 'connected', consecutive_failures: 0, last_error: null });
  });

  it('a dead process’s lease is taken over after the timeout, and not before', async () => {
    const clock = offsetClock(0);
    const t = await tenant('Dead process', emu, { clock });
    const first = await t.connector().pull();
    expect(first.status).toBe('succeeded');
    // What a killed process leaves behind: the connection 'syncing', its run 'running'.
    await database.ownerPool.query(`update crm_connections set status = 'syncing', updated_at = $2 where org_id = $1`, [t.orgId, clock.now()]);
    await database.ownerPool.query(`insert into sync_runs (org_id, provider, kind, status, started_at) values ($1, 'salesforce', 'pull', 'running', $2)`, [t.orgId, clock.now()]);
    const busy = await t.connector().pull().catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(RunRefusedError);
    expect((busy as RunRefusedError).code).toBe('BUSY');
    clock.advance(16 * MINUTE);
    const takeover = await t.connector().pull();
    expect(takeover.status).toBe('succeeded');
    const runs = await rows<{ status: string; error: string | null }>(t.orgId, sql`SELECT status, error FROM sync_runs ORDER BY started_at`);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(runs[1]!.error).toMatch(/abandoned: no progress for 15 minutes/);
  });

  it('a run whose lease was taken over stops at its next page and leaves the connection to the new owner', async () => {
    const t = await tenant('Lease lost', emu, { pageSize: 200 });
    const report = await t.connector().pull({
      onProgress: async ({ object, page }) => {
        if (object === 'Contact' && page === 1) {
          await database.ownerPool.query(`update sync_runs set status = 'failed', error = 'abandoned' where org_id = $1 and status = 'running'`, [t.orgId]);
        }
      },
    });
    expect(report.status).toBe('failed');
    expect(report.reason).toMatch(/taken over/);
    expect(report.objects.Contact!.pages).toBe(1);
    expect((await connection(t.orgId)).status).toBe('syncing');
  });
});

describe('sessions', () => {
  let emu: SalesforceEmulator;

  beforeAll(async () => {
    emu = await startOrg();
    emu.seed({ accounts: 600, contactsPerAccount: 1, opportunities: 100, tasks: 300, users: 2, seed: 22 });
  });

  afterAll(async () => {
    await emu.close();
  });

  it('an expired session mid-sync is renewed and the sync completes', async () => {
    const t = await tenant('Expired session', emu, { pageSize: 200 });
    const report = await t.connector().pull({
      onProgress: ({ object, page }) => {
        if (object === 'Account' && page === 1) emu.auth.expireAllSessions();
      },
    });
    expect(report.status).toBe('succeeded');
    expect(t.events).toContainEqual({ type: 'refresh', ok: true });
    await expectMirrorMatches(t.orgId, emu);
  });

  it('a session that stays rejected fails the run after a bounded number of renewals', async () => {
    const t = await tenant('Rejected session', emu);
    emu.stats.reset();
    const fault = emu.faults.inject({ kind: 'invalidSession', path: '/services/data/', times: Infinity });
    try {
      const report = await t.connector().pull();
      expect(report.status).toBe('failed');
      expect(report.reason).toMatch(/rejected Pillar's credentials/);
      expect(emu.stats.count('oauthToken')).toBeLessThanOrEqual(3);
      expect(await connection(t.orgId)).toMatchObject({ status: 'connected', consecutive_failures: 1 });
    } finally {
      fault.cancel();
    }
  });
});

describe('API limits', () => {
  let emu: SalesforceEmulator;

  beforeAll(async () => {
    emu = await startOrg();
    emu.seed({ accounts: 1000, contactsPerAccount: 1, opportunities: 50, tasks: 50, users: 2, seed: 23 });
  });

  afterAll(async () => {
    await emu.close();
  });

  it('REQUEST_LIMIT_EXCEEDED pauses with a clear status, without counting as a failure', async () => {
    const t = await tenant('Limit exceeded', emu);
    emu.allowance.set({ used: 15_000, dailyMax: 15_000 });
    emu.stats.reset();
    const report = await t.connector().pull();
    emu.allowance.set({ used: 0 });
    expect(report.status).toBe('paused');
    expect(emu.stats.count('query', 'queryAll', 'queryMore')).toBe(0);
    const conn = await connection(t.orgId);
    expect(conn).toMatchObject({ status: 'paused', consecutive_failures: 0 });
    expect(conn.status_reason).toMatch(/daily API request limit is used up \(REQUEST_LIMIT_EXCEEDED, HTTP 403\)/);
    expect(conn.status_reason).toMatch(/pauses until the allowance frees up/);
    const [run] = await rows<{ status: string }>(t.orgId, sql`SELECT status FROM sync_runs`);
    expect(run!.status).toBe('paused');
  });

  it('REQUEST_LIMIT_EXCEEDED mid-sync keeps the committed pages and the next run resumes', async () => {
    const t = await tenant('Limit mid-sync', emu, { pageSize: 200 });
    const report = await t.connector().pull({
      onProgress: ({ object, page }) => {
        if (object === 'Account' && page === 2) emu.faults.inject({ kind: 'requestLimit', path: '/query' });
      },
    });
    expect(report.status).toBe('paused');
    expect(report.objects.Account!.inserted).toBeGreaterThanOrEqual(400);
    expect(report.objects.Account!.inserted).toBeLessThan(1000);
    const resumed = await t.connector().pull();
    expect(resumed.status).toBe('succeeded');
    expect(resumed.objects.Account!.inserted).toBe(1000 - report.objects.Account!.inserted);
    await expectMirrorMatches(t.orgId, emu);
  });

  it('stops before the configured share of the daily allowance, and resumes below it', async () => {
    const t = await tenant('Budget', emu, { pageSize: 200 });
    emu.allowance.set({ used: 12_100, dailyMax: 15_000 });
    emu.stats.reset();
    const before = await t.connector().pull();
    expect(before.status).toBe('paused');
    expect(before.reason).toMatch(/used 12,101 of its 15,000 daily API requests \(80\.7 %\); Pillar stops at 80 % \(12,000\)/);
    expect(emu.stats.count('query', 'queryAll', 'queryMore')).toBe(0);

    // Just below the ceiling: the run pulls until the next call would cross it, then pauses.
    emu.allowance.set({ used: 11_990 });
    const crossing = await t.connector().pull();
    expect(crossing.status).toBe('paused');
    expect(emu.allowance.used).toBeLessThanOrEqual(12_001);
    const pulled = Object.values(crossing.objects).reduce((n, c) => n + c.inserted, 0);
    expect(pulled).toBeGreaterThan(0);

    emu.allowance.set({ used: 0 });
    const resumed = await t.connector().pull();
    expect(resumed.status).toBe('succeeded');
    await expectMirrorMatches(t.orgId, emu);
    expect((await connection(t.orgId)).status).toBe('connected');
  });

  it('a governor configured for 50 % stops at half the allowance', async () => {
    const t = await tenant('Half budget', emu, { policy: { maxDailyShare: 0.5, failureThreshold: 3, cooldownMs: 30 * MINUTE, leaseTimeoutMs: 15 * MINUTE } });
    emu.allowance.set({ used: 7_600 });
    const report = await t.connector().pull();
    emu.allowance.set({ used: 0 });
    expect(report.status).toBe('paused');
    expect(report.reason).toMatch(/Pillar stops at 50 % \(7,500\)/);
  });
});

describe('transient errors and the circuit breaker', () => {
  let emu: SalesforceEmulator;

  beforeAll(async () => {
    emu = await startOrg();
    emu.seed({ accounts: 30, opportunities: 20, tasks: 20, users: 2, seed: 24 });
  });

  afterAll(async () => {
    await emu.close();
  });

  it('backs off with jitter on 503 and 429 and completes', async () => {
    const t = await tenant('Backoff', emu);
    emu.faults.inject({ kind: 'status', status: 503, path: '/query', times: 2 });
    emu.faults.inject({ kind: 'status', status: 429, path: '/limits', times: 1 });
    const report = await t.connector().pull();
    expect(report.status).toBe('succeeded');
    // Equal jitter with random() = 0.5: half the exponential step fixed, half drawn.
    expect(t.sleeps).toEqual([750, 750, 1500]);
    expect(t.events.filter((e) => e.type === 'retry').map((e) => (e as { failure: { code: string } }).failure.code)).toEqual(['RATE_LIMITED', 'RETRYABLE', 'RETRYABLE']);
  });

  it('opens after 3 failed runs, refuses during the cool-down, lets one trial through, and closes on success', async () => {
    const clock = offsetClock(0);
    const t = await tenant('Breaker', emu, { clock, client: { sleep: async () => undefined, random: () => 0.5, retry: { maxAttempts: 2 } } });
    const fault = emu.faults.inject({ kind: 'status', status: 500, path: '/query', times: Infinity });
    for (let run = 1; run <= 3; run++) {
      const report = await t.connector().pull();
      expect(report.status).toBe('failed');
      expect((await connection(t.orgId)).consecutive_failures).toBe(run);
    }
    const open = await connection(t.orgId);
    expect(open.status).toBe('error');
    expect(open.status_reason).toMatch(/^Stopped after 3 failed runs in a row; one trial run is allowed after .*Salesforce was unreachable or failed temporarily/);
    const refused = await t.connector().pull().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RunRefusedError);
    expect((refused as RunRefusedError).code).toBe('CIRCUIT_OPEN');

    clock.advance(31 * MINUTE);
    const trial = await t.connector().pull();
    expect(trial.status).toBe('failed');
    expect(await connection(t.orgId)).toMatchObject({ status: 'error', consecutive_failures: 4 });
    await expect(t.connector().pull()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });

    fault.cancel();
    clock.advance(31 * MINUTE);
    const healed = await t.connector().pull();
    expect(healed.status).toBe('succeeded');
    expect(await connection(t.orgId)).toMatchObject({ status: 'connected', consecutive_failures: 0, last_error: null });
    await expectMirrorMatches(t.orgId, emu);
  });
});
