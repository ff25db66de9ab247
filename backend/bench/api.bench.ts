// `npm run bench api`: 200 concurrent clients on loopback against the card endpoints for 30 s (autocannon),
// Salesforce and HubSpot requests mixed, through the real app: authentication (JWT + token row + user lookup,
// or HubSpot v3 signature + portal and user lookup), rate limiting, RBAC, tenant transactions and logging.
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { CARD_ROUTES, SALESFORCE_USER_HEADER } from '@pillar/shared';
import { createApp } from '../src/api/app';
import { hubspotSignatureV3 } from '../src/auth/hubspot-signature';
import { issueToken } from '../src/auth/issue-token';
import { configSchema } from '../src/config';
import { connectDatabase } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrate } from '../src/db/migrate';
import { withOrg } from '../src/db/tenant';
import { systemClock, type Runtime } from '../src/runtime';
import { loadKeys } from '../src/security/keys';
import { seedApiTenant, type ApiTenant } from '../../tests/support/api-fixtures';

const CONNECTIONS = 200;
const DURATION_S = 30;
const ACCOUNTS_PER_TENANT = 200;
const POOL_MAX = 20;
const HUBSPOT_SECRET = 'bench-hubspot-client-secret';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

interface Call {
  path: string;
  headers: Record<string, string>;
  /** HubSpot calls are signed per request (fresh timestamp, unique nonce): the replay guard refuses repeats. */
  hubspot: boolean;
}

const fill = (template: string, crmId: string) => template.replace(':crmId', crmId);

/** Requests a card makes on page load, each by a user allowed to see the record (its owner). */
function cardCalls(tenant: ApiTenant, provider: 'sf' | 'hs', token: string | null): Call[] {
  const owners = [tenant.users.rep, tenant.users.teamRep, tenant.users.outsideRep];
  const calls: Call[] = [];
  tenant.accounts.extra.forEach((account, i) => {
    const owner = owners[i % owners.length]!;
    const opportunity = tenant.opportunities.extra[i]!;
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}`, [SALESFORCE_USER_HEADER]: owner.crmUserId } : {};
    const query = provider === 'hs' ? `?userId=${owner.crmUserId}&userEmail=${encodeURIComponent(owner.email)}&portalId=${tenant.externalOrgId}&appId=1` : '';
    for (const route of [CARD_ROUTES.accountHealth, CARD_ROUTES.accountPlays, CARD_ROUTES.accountSignals]) {
      calls.push({ path: fill(route[provider], account.crmId) + query, headers, hubspot: provider === 'hs' });
    }
    for (const route of [CARD_ROUTES.dealInsight, CARD_ROUTES.dealPlays]) calls.push({ path: fill(route[provider], opportunity.crmId) + query, headers, hubspot: provider === 'hs' });
    if (i < owners.length) calls.push({ path: CARD_ROUTES.mySignals[provider] + query, headers, hubspot: provider === 'hs' });
  });
  return calls;
}

export async function runApiBench(): Promise<Figure[]> {
  // A folder that does not exist yet: the embedded Postgres creates it for its (non-root) user.
  const dataDir = path.join(os.tmpdir(), `pillar-api-bench-${process.pid}-${Date.now()}`);
  const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
  const database = connectDatabase(embedded.url, { poolMax: POOL_MAX });
  let server: Server | undefined;
  try {
    await migrate(database.ownerPool);
    const seedStarted = performance.now();
    const sf = await seedApiTenant(database, { name: 'Bench Salesforce', provider: 'salesforce', tag: 1, extraAccounts: ACCOUNTS_PER_TENANT });
    const hs = await seedApiTenant(database, { name: 'Bench HubSpot', provider: 'hubspot', tag: 2, extraAccounts: ACCOUNTS_PER_TENANT });
    const seedMs = performance.now() - seedStarted;
    // Fresh tables have no planner statistics yet; a running database has them (autovacuum analyses).
    await database.ownerPool.query('analyze');

    const config = {
      ...configSchema.parse({
        NODE_ENV: 'production',
        DATABASE_URL: embedded.url,
        PILLAR_JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
        PILLAR_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
        HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET,
        DATABASE_POOL_MAX: String(POOL_MAX),
        // All clients share one address and two tenants here; the limits stay on (their cost is measured) but high.
        PILLAR_RATE_LIMIT_PER_IP: '100000000',
        PILLAR_RATE_LIMIT_PER_TENANT: '100000000',
      }),
      dataDir,
    };
    // Request logs are written (to /dev/null): their cost is part of every request.
    const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
    const runtime: Runtime = { config, logger, database, clock: systemClock, keys: loadKeys(config), close: async () => undefined };
    const { token } = await withOrg(database.db, sf.orgId, (tx) =>
      issueToken(tx, config.PILLAR_JWT_SECRET!, { orgId: sf.orgId, scope: 'salesforce', name: 'Bench', user: null, lifetimeSeconds: null, issuedBy: null, now: new Date() }),
    );

    const app = createApp(runtime);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    // Salesforce and HubSpot requests alternate.
    const sfCalls = cardCalls(sf, 'sf', token);
    const hsCalls = cardCalls(hs, 'hs', null);
    const mixed = sfCalls.flatMap((call, i) => [call, hsCalls[i]!]);
    let next = 0;
    let nonce = 0;
    const statusCounts = new Map<number, number>();
    const loadBefore = os.loadavg()[0]!;
    const cpuBefore = process.cpuUsage();

    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION_S,
      timeout: 10,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const call = mixed[next++ % mixed.length]!;
            if (!call.hubspot) return { ...request, method: 'GET', path: call.path, headers: call.headers };
            const pathWithNonce = `${call.path}&n=${nonce++}`;
            const timestamp = String(Date.now());
            const signature = hubspotSignatureV3(HUBSPOT_SECRET, { method: 'GET', url: base + pathWithNonce, rawBody: Buffer.alloc(0), timestamp });
            return { ...request, method: 'GET', path: pathWithNonce, headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp } };
          },
          onResponse: (status) => {
            statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
          },
        },
      ],
    });

    const cpu = process.cpuUsage(cpuBefore);
    const loadAfter = os.loadavg()[0]!;
    const errors = result.errors + result.timeouts + result.non2xx;
    const statuses = [...statusCounts.entries()].map(([s, n]) => `${s}×${n}`).join(', ');
    const setting = `${CONNECTIONS} connections, ${DURATION_S} s, loopback, load generator in the same process`;
    return [
      { name: 'card requests per second', value: Math.round(result.requests.average), unit: 'req/s', note: setting },
      { name: 'card requests total', value: result.requests.total, unit: 'requests', note: `${mixed.length} distinct card calls, Salesforce and HubSpot alternating` },
      { name: 'latency p50', value: result.latency.p50, unit: 'ms' },
      { name: 'latency p90', value: result.latency.p90, unit: 'ms' },
      { name: 'latency p99', value: result.latency.p99, unit: 'ms' },
      { name: 'latency max', value: result.latency.max, unit: 'ms' },
      { name: 'errors (connection, timeout, non-2xx)', value: errors, unit: 'requests', note: `status codes: ${statuses}` },
      {
        name: 'Node CPU per request',
        value: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, result.requests.total)) * 100) / 100,
        unit: 'ms',
        note: 'API and load generator together (same process); Postgres runs in its own processes',
      },
      {
        name: 'machine load average (1 min)',
        value: Math.round(loadAfter * 100) / 100,
        unit: `on ${os.cpus().length} CPUs`,
        note: `${Math.round(loadBefore * 100) / 100} before the run: figures above ~CPU count mean other work shared the machine`,
      },
      { name: 'seed time', value: Math.round(seedMs), unit: 'ms', note: `2 tenants × ${ACCOUNTS_PER_TENANT + 4} accounts, scores, 60 days of history, signals, plays` },
      { name: 'database pool', value: POOL_MAX, unit: 'connections' },
    ];
  } finally {
    if (server) {
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    }
    await database.close();
    await embedded.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
