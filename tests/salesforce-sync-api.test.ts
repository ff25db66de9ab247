// Connecting and syncing as people do it: the admin endpoints (ADMIN only) through the real app, and the
// `pillar connect / sync / disconnect` commands as separate processes, both against the emulated org.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSyncSummary } from '../backend/src/commands/sync';
import { credentialsFor, INTEGRATION_USERNAME, orgCounts, startOrg, testApp } from '../backend/src/crm/salesforce/sync/__tests__/harness';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import type { SalesforceEmulator } from '../backend/src/emulators/salesforce';
import { seedApiTenant, type ApiTenant } from './support/api-fixtures';
import { issueTestToken, startApi, TestClock, type ApiHarness } from './support/api-harness';
import { runPillar } from './support/pillar-cli';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const ROUTE = '/v1/admin/connections/salesforce';

let database: TestDatabase;
let emu: SalesforceEmulator;

beforeAll(async () => {
  database = await createTestDatabase('salesforce-sync-api');
  emu = await startOrg();
  emu.seed({ accounts: 25, contactsPerAccount: 2, opportunities: 30, tasks: 60, events: 10, users: 3, seed: 4 });
});

afterAll(async () => {
  await emu?.close();
  await database?.close();
});

describe(`admin endpoints ${ROUTE}`, () => {
  let api: ApiHarness;
  let tenant: ApiTenant;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    tenant = await seedApiTenant(database, { name: 'Connections API', provider: 'salesforce', tag: 57 });
    for (const key of ['admin', 'manager', 'exec'] as const) tokens.set(key, (await issueTestToken(database, tenant, { scope: 'admin', user: tenant.users[key] })).token);
    // The runs read records stamped by the wall clock: the app's clock must not be behind it.
    api = await startApi(database, { clock: new TestClock(new Date(Date.now() + 1000)) });
  });

  afterAll(async () => {
    await api?.close();
  });

  const as = (who: 'admin' | 'manager' | 'exec', method: string, url: string, body?: unknown) =>
    api.request(method, url, {
      headers: { authorization: `Bearer ${tokens.get(who)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const connectBody = () => {
    const c = credentialsFor(emu);
    return { loginUrl: c.loginUrl, audience: c.audience, auth: c.auth };
  };

  it('lets only ADMINs connect, and audits the refusal', async () => {
    for (const who of ['manager', 'exec'] as const) {
      const res = await as(who, 'POST', ROUTE, connectBody());
      expect(res.status).toBe(403);
    }
    expect((await as('manager', 'GET', ROUTE)).status).toBe(403);
    expect((await as('exec', 'POST', `${ROUTE}/sync`, {})).status).toBe(403);
    const { rows } = await database.ownerPool.query<{ n: number }>(
      `select count(*)::int as n from audit_log where org_id = $1 and action = 'access.denied' and entity = 'connections'`,
      [tenant.orgId],
    );
    expect(rows[0]!.n).toBe(4);
    const { rows: stored } = await database.ownerPool.query<{ external_org_id: string }>('select external_org_id from crm_connections where org_id = $1', [tenant.orgId]);
    expect(stored[0]!.external_org_id).not.toBe(emu.org.orgId);
  });

  it('refuses login hosts that are not Salesforce and credentials Salesforce rejects', async () => {
    const evil = await as('admin', 'POST', ROUTE, { ...connectBody(), loginUrl: 'https://login.evil.example' });
    expect(evil.status).toBe(400);
    expect(evil.text).toMatch(/body.loginUrl/);
    const malformed = await as('admin', 'POST', ROUTE, { loginUrl: emu.url, auth: { kind: 'jwt', consumerKey: 'x', username: 'y', privateKey: 'not a key' } });
    expect(malformed.status).toBe(400);
    const wrongUser = await as('admin', 'POST', ROUTE, { ...connectBody(), auth: { ...credentialsFor(emu).auth, username: 'nobody@pillar.example' } });
    expect(wrongUser.status).toBe(422);
    expect(wrongUser.text).toMatch(/Salesforce refused the credentials/);
  });

  it('connects, syncs in the background and shows the run in the status', async () => {
    const connected = await as('admin', 'POST', ROUTE, connectBody());
    expect(connected.status).toBe(201);
    expect(connected.body).toMatchObject({ connection: { status: 'connected', externalOrgId: emu.org.orgId, username: INTEGRATION_USERNAME }, resetState: true });
    expect(connected.text).not.toContain('PRIVATE KEY');

    const accepted = await as('admin', 'POST', `${ROUTE}/sync`, { writeBack: false });
    expect(accepted.status).toBe(202);
    let status: { running: boolean; runs: Array<{ kind: string; status: string; counts: Record<string, number> }>; connection: { status: string; lastSyncAt: string | null } };
    for (;;) {
      const res = await as('admin', 'GET', ROUTE);
      expect(res.status).toBe(200);
      status = res.body as typeof status;
      if (!status.running) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.runs[0]).toMatchObject({ kind: 'pull', status: 'succeeded' });
    expect(status.runs[0]!.counts['Account.inserted']).toBe(orgCounts(emu).accounts);
    expect(status.connection.status).toBe('connected');
    expect(status.connection.lastSyncAt).not.toBeNull();
  });

  it('answers 409 with the reason while a run holds the connection', async () => {
    await database.ownerPool.query(`update crm_connections set status = 'syncing', updated_at = now() + interval '1 second' where org_id = $1`, [tenant.orgId]);
    const busy = await as('admin', 'POST', `${ROUTE}/sync`, {});
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ error: { code: 'CONFLICT', details: { code: 'BUSY' } } });
    await database.ownerPool.query(`update crm_connections set status = 'connected' where org_id = $1`, [tenant.orgId]);
  });

  it('disconnects: credentials gone, syncs refused', async () => {
    const res = await as('admin', 'DELETE', ROUTE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ connection: { status: 'disconnected' } });
    const { rows } = await database.ownerPool.query<{ credentials: string }>('select credentials from crm_connections where org_id = $1', [tenant.orgId]);
    expect(rows[0]!.credentials).toBe('');
    const refused = await as('admin', 'POST', `${ROUTE}/sync`, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { details: { code: 'DISCONNECTED' } } });
  });
});

describe('pillar connect / sync / disconnect', () => {
  let dataDir: string;
  let keyFile: string;
  const env = () => ({ DATABASE_URL: database.url, PILLAR_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'), PILLAR_JWT_SECRET: 'x'.repeat(40) });

  const pillar = (args: string[]) => runPillar(args, { PILLAR_DATA_DIR: dataDir, ...env() });

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-sync-cli-'));
    keyFile = path.join(dataDir, 'connected-app.pem');
    await fs.writeFile(keyFile, testApp.privateKey, { mode: 0o600 });
    await ensureOrganization(database.ownerPool, 'Cli Sync');
  });

  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('connects with a JWT bearer key file and checks the Pillar fields', async () => {
    const { code, stdout, stderr } = await pillar([
      'connect', 'salesforce', '--org', 'cli-sync', '--login-url', emu.url, '--audience', 'https://login.salesforce.com',
      '--client-id', testApp.app.consumerKey, '--username', INTEGRATION_USERNAME, '--private-key-file', keyFile,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Connected cli-sync to Salesforce org ${emu.org.orgId}`);
    expect(stdout).toMatch(/Field check: all \d+ Pillar fields are present and writable/);
  });

  it('says what is missing instead of connecting half-way', async () => {
    const { code, stderr } = await pillar(['connect', 'salesforce', '--org', 'cli-sync', '--login-url', emu.url, '--client-id', testApp.app.consumerKey]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--username/);
  });

  it('syncs and prints the per-object summary, then the status', async () => {
    const { code, stdout } = await pillar(['sync', '--org', 'cli-sync']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Pull \(pull\): succeeded/m);
    expect(stdout).toMatch(new RegExp(`^  Account +${orgCounts(emu).accounts} +${orgCounts(emu).accounts} +${orgCounts(emu).accounts} `, 'm'));
    expect(stdout).toMatch(/^Write-back: succeeded .*\(nothing to send\)/m);
    const status = await pillar(['sync', '--org', 'cli-sync', '--status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Salesforce org ${emu.org.orgId}`);
    expect(status.stdout).toMatch(/pull +succeeded/);
  });

  it('disconnects', async () => {
    const { code, stdout } = await pillar(['disconnect', 'salesforce', '--org', 'cli-sync']);
    expect(code).toBe(0);
    expect(stdout).toContain('credentials are deleted');
    const again = await pillar(['sync', '--org', 'cli-sync']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/disconnected/);
  });
});

describe('formatSyncSummary', () => {
  it('prints one aligned row per object and the write-back failures', () => {
    const text = formatSyncSummary(
      {
        runId: 'r1',
        kind: 'pull',
        status: 'paused',
        reason: 'Paused: the org used 12,001 of its 15,000 daily API requests',
        objects: { Account: { read: 1200, new: 7, inserted: 3, updated: 4, unchanged: 1193, deleted: 0, skipped: 1, noted: 2, pages: 1 } },
        apiCalls: 4,
        durationMs: 1234,
      },
      {
        runId: 'r2',
        status: 'partial',
        reason: '1 records failed and stay pending for the next cycle.',
        objects: { Account: { considered: 10, unchanged: 8, sent: 2, retried: 0, succeeded: 1, failed: 1, held: 0, fields: 5, method: 'collections', apiCalls: 1 } },
        failures: [{ object: 'Account', externalId: '001A', code: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access' }],
        apiCalls: 2,
        durationMs: 300,
      },
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Pull (pull): paused in 1.2 s, 4 API calls, run r1');
    expect(lines[1]).toContain('12,001 of its 15,000');
    expect(lines[3]).toMatch(/^ {2}Account +1,200 +7 +3 +4 +1,193 +0 +1 +2$/);
    expect(text).toContain('failed Account 001A: UNABLE_TO_LOCK_ROW unable to obtain exclusive access');
  });
});
