import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import express, { type RequestHandler } from 'express';
import type { Role } from '@pillar/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../backend/src/api/errors';
import { setCredential, type RawBodyRequest } from '../backend/src/api/request-context';
import { starbridgeWebhookRoutes } from '../backend/src/api/routes/starbridge';
import { webhooksAdminRoutes } from '../backend/src/api/routes/webhooks-admin';
import { loadNotificationPreferences } from '../backend/src/db/queries/notifications';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import { enqueueWebhookEvent } from '../backend/src/notify/webhooks/enqueue';
import { scoreBandChangedEvent } from '../backend/src/notify/webhooks/events';
import { signatureHeader } from '../backend/src/notify/webhooks/signature';
import { SecretBox } from '../backend/src/security/secret-box';
import { ManualClock, seedBook, type Book } from '../backend/src/signals/testing/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let server: Server;
let base: string;
let orgId: string;
let book: Book;
const clock = new ManualClock('2026-11-02T09:00:00Z');
const secretBox = new SecretBox(randomBytes(32));

/** Stands in for authenticateAdmin: the test names the role; the user is a real row of the tenant. */
const testAuth: RequestHandler = (req, res, next) => {
  const role = (req.header('x-test-role') ?? 'ADMIN') as Role;
  setCredential(res, { orgId, channel: 'admin', identify: async () => ({ actor: { orgId, userId: book.manager, name: 'Admin', role, channel: 'admin', tokenId: null } }) });
  next();
};

beforeAll(async () => {
  database = await createTestDatabase('webhooks-admin');
  orgId = (await ensureOrganization(database.ownerPool, `Admin ${randomBytes(3).toString('hex')}`)).id;
  book = await withOrg(database.db, orgId, (tx) => seedBook(tx, orgId));
  const app = express();
  app.use(express.json({ verify: (req, _res, buf) => void ((req as RawBodyRequest).rawBody = buf) }));
  app.use(webhooksAdminRoutes({ db: database.db, clock, secretBox, authenticate: testAuth, afterAuth: [] }));
  app.use(starbridgeWebhookRoutes({ db: database.db, clock, secretBox }));
  app.use(errorHandler);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await database?.close();
});

async function call(method: string, path: string, body?: unknown, role: Role = 'ADMIN') {
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', 'x-test-role': role }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const audit = async (action: string) => (await withOrg(database.db, orgId, (tx) => tx.execute<{ action: string }>(sql`select action from audit_log where action = ${action}`))).rows.length;

describe('webhooks admin API', () => {
  it('registers an endpoint, shows its secret once, lists it without the secret and audits the change', async () => {
    const created = await call('POST', '/v1/admin/webhooks/endpoints', { url: 'https://hooks.example.com/pillar', events: ['signal.created', 'play.completed'] });
    expect(created).toMatchObject({ status: 201, body: { endpoint: { url: 'https://hooks.example.com/pillar', enabled: true }, secret: expect.stringMatching(/^whsec_/) } });
    const list = await call('GET', '/v1/admin/webhooks/endpoints');
    expect(list.body.endpoints).toEqual([expect.objectContaining({ id: created.body.endpoint.id, events: ['signal.created', 'play.completed'] })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const stored = (await withOrg(database.db, orgId, (tx) => tx.execute<{ secret: string }>(sql`select secret from webhook_endpoints`))).rows[0]!.secret;
    expect(stored).not.toContain(created.body.secret);
    expect(await audit('webhook_endpoint.created')).toBe(1);
  });

  it('refuses a non-admin with 403 and a bad body with 400 naming the field', async () => {
    expect((await call('POST', '/v1/admin/webhooks/endpoints', { url: 'https://x.example.com', events: ['*'] }, 'MANAGER')).status).toBe(403);
    const bad = await call('POST', '/v1/admin/webhooks/endpoints', { url: 'ftp://x.example.com', events: ['signal.deleted'] });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^body\.(url|events)/) } } });
  });

  it('disables an endpoint, rotates its secret and deletes it', async () => {
    const { body } = await call('POST', '/v1/admin/webhooks/endpoints', { url: 'https://other.example.com/hook', events: ['*'] });
    const id = body.endpoint.id as string;
    expect((await call('PATCH', `/v1/admin/webhooks/endpoints/${id}`, { enabled: false })).body.endpoint).toMatchObject({ enabled: false });
    const rotated = await call('POST', `/v1/admin/webhooks/endpoints/${id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(body.secret);
    expect((await call('DELETE', `/v1/admin/webhooks/endpoints/${id}`)).body).toEqual({ deleted: true });
    expect((await call('DELETE', `/v1/admin/webhooks/endpoints/${id}`)).status).toBe(404);
  });

  it('lists dead deliveries and replays them, one or in bulk', async () => {
    const { body } = await call('POST', '/v1/admin/webhooks/endpoints', { url: 'https://dead.example.com/hook', events: ['score.band_changed'] });
    await withOrg(database.db, orgId, async (tx) => {
      for (const to of ['A', 'B', 'C']) await enqueueWebhookEvent(tx, scoreBandChangedEvent({ accountId: book.accounts[0]!.id, score: 'health', from: null, to, value: 1 }), { now: clock.now() });
      await tx.execute(sql`update webhook_deliveries set status = 'dead', attempts = 12 where endpoint_id = ${body.endpoint.id}`);
    });
    const dead = await call('GET', `/v1/admin/webhooks/deliveries?status=dead&endpointId=${body.endpoint.id}`);
    expect(dead.body.deliveries).toHaveLength(3);
    const one = await call('POST', `/v1/admin/webhooks/deliveries/${dead.body.deliveries[0].id}/replay`);
    expect(one.body.replayed).toEqual([dead.body.deliveries[0].id]);
    expect(await call('POST', '/v1/admin/webhooks/deliveries/replay', { endpointId: body.endpoint.id })).toMatchObject({ body: { replayed: 2 } });
    const pending = await call('GET', `/v1/admin/webhooks/deliveries?status=pending&endpointId=${body.endpoint.id}`);
    expect(pending.body.deliveries.map((d: { attempts: number }) => d.attempts)).toEqual([0, 0, 0]);
  });

  it('creates the STARBRIDGE secret that the inbound webhook then verifies', async () => {
    const created = await call('POST', '/v1/admin/integrations/starbridge/secret');
    expect(created).toMatchObject({ status: 201, body: { secret: expect.stringMatching(/^whsec_/), url: `/v1/webhooks/starbridge/${orgId}` } });
    const raw = JSON.stringify({ id: 'evt-admin-1', type: 'board_meeting_mention', occurredAt: '2026-11-01T00:00:00Z', account: { domain: book.accounts[1]!.domain }, data: {} });
    const response = await fetch(`${base}${created.body.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pillar-signature': signatureHeader(created.body.secret, Math.floor(clock.now().getTime() / 1000), raw) },
      body: raw,
    });
    expect(response.status).toBe(200);
  });

  it('sets a person’s notification preferences and validates them', async () => {
    const userId = book.reps[0]!;
    const ok = await call('PUT', `/v1/admin/notifications/preferences/${userId}`, { slackChannel: 'U024BE7LH', timezone: 'Europe/Berlin', quietHoursStart: '22:00', quietHoursEnd: '07:00', dailyBudget: 5 });
    expect(ok.status).toBe(200);
    expect((await withOrg(database.db, orgId, (tx) => loadNotificationPreferences(tx, [userId]))).get(userId)).toMatchObject({ slackChannel: 'U024BE7LH', timezone: 'Europe/Berlin', dailyBudget: 5, digest: 'daily' });
    expect((await call('PUT', `/v1/admin/notifications/preferences/${userId}`, { slackChannel: null, timezone: 'Mars/Olympus' })).status).toBe(400);
    expect((await call('PUT', `/v1/admin/notifications/preferences/${userId}`, { slackChannel: null, timezone: 'UTC', quietHoursStart: '22:00' })).status).toBe(400);
  });

  it('serves the signal precision report to those who may read the profile', async () => {
    const report = await call('GET', '/v1/admin/signals/precision?days=30&windowDays=60', undefined, 'MANAGER');
    expect(report).toMatchObject({ status: 200, body: { windowDays: 60, rows: expect.any(Array) } });
  });
});
