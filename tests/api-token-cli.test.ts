import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ROUTES } from '@pillar/shared';
import { toSalesforceId18 } from '../backend/src/auth/salesforce-id';
import { seedApiTenant, type ApiTenant } from './support/api-fixtures';
import { salesforceHeaders, startApi, TEST_JWT_SECRET, type ApiHarness } from './support/api-harness';
import { runPillar } from './support/pillar-cli';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// `pillar token` and `pillar user` as an operator runs them: a real CLI process against the same database,
// then the issued token on the real API.

let database: TestDatabase;
let api: ApiHarness;
let t: ApiTenant;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase('api-token-cli');
  t = await seedApiTenant(database, { name: 'Token CLI', provider: 'salesforce', tag: 61 });
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-token-cli-'));
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

function pillar(...args: string[]) {
  return runPillar(args, { DATABASE_URL: database.url, PILLAR_JWT_SECRET: TEST_JWT_SECRET, PILLAR_DATA_DIR: dataDir });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1)!.trim();
const health = () => CARD_ROUTES.accountHealth.sf.replace(':crmId', t.accounts.acme.crmId);

describe('pillar token', () => {
  let tokenId: string;
  let token: string;

  it('issues a Salesforce tenant token that the API accepts', async () => {
    const result = await pillar('token', 'issue', '--org', t.slug, '--name', 'Production org');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Issued salesforce token "Production org" for token-cli \(id [0-9a-f-]{36}, no expiry\)/);
    tokenId = /\(id ([0-9a-f-]{36})/.exec(result.stdout)![1]!;
    token = lastLine(result.stdout);
    expect((await api.request('GET', health(), { headers: salesforceHeaders(token, t.users.rep) })).status).toBe(200);
  });

  it('lists it with its last use', async () => {
    const result = await pillar('token', 'list', '--org', t.slug);
    expect(result.stdout).toMatch(new RegExp(`${tokenId}\\s+salesforce\\s+Production org\\s+active\\s+last used`));
    expect(result.stdout).not.toContain(token);
  });

  it('revokes it, after which the API refuses it', async () => {
    const result = await pillar('token', 'revoke', '--org', t.slug, tokenId);
    expect(result.stdout).toMatch(/Revoked token "Production org"/);
    expect((await api.request('GET', health(), { headers: salesforceHeaders(token, t.users.rep) })).status).toBe(401);
  });

  it('issues an admin token for a person, with their role', async () => {
    const result = await pillar('token', 'issue', '--org', t.slug, '--scope', 'admin', '--user', t.users.admin.email, '--expires-in', '1h');
    expect(result.code, result.stderr).toBe(0);
    const me = await api.request('GET', '/v1/admin/me', { headers: { authorization: `Bearer ${lastLine(result.stdout)}` } });
    expect(me.body).toMatchObject({ userId: t.users.admin.id, role: 'ADMIN' });
  });

  it('explains what is missing', async () => {
    expect((await pillar('token', 'issue', '--org', 'no-such-org')).code).toBe(1);
    const noUser = await pillar('token', 'issue', '--org', t.slug, '--scope', 'admin');
    expect(noUser.code).toBe(1);
    expect(noUser.stdout + noUser.stderr).toMatch(/add --user/);
  });
});

describe('pillar user add', () => {
  it('maps a Salesforce user (given in 15 characters) to a role so they can use the cards', async () => {
    const id15 = '005Tx0000055555';
    const result = await pillar('user', 'add', '--org', t.slug, '--name', 'Tess Temp', '--role', 'EXECUTIVE_RO', '--salesforce-id', id15, '--email', 'tess@example.com');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Added Tess Temp \\(EXECUTIVE_RO, salesforce ${toSalesforceId18(id15)}\\)`));
    const issued = await pillar('token', 'issue', '--org', t.slug);
    const res = await api.request('GET', health(), { headers: salesforceHeaders(lastLine(issued.stdout), id15) });
    expect(res.status).toBe(200);
  });
});
