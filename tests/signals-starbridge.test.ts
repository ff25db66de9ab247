import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { sql } from 'drizzle-orm';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../backend/src/api/errors';
import type { RawBodyRequest } from '../backend/src/api/request-context';
import { starbridgeWebhookRoutes } from '../backend/src/api/routes/starbridge';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { accounts } from '../backend/src/db/schema';
import { withOrg } from '../backend/src/db/tenant';
import { signatureHeader } from '../backend/src/notify/webhooks/signature';
import { SecretBox } from '../backend/src/security/secret-box';
import { loadStarbridgeFacts } from '../backend/src/signals/starbridge/facts';
import { rotateStarbridgeSecret } from '../backend/src/signals/starbridge/intake';
import { matchAccount, normalizeAccountName, normalizeDomain } from '../backend/src/signals/starbridge/match-account';
import { ManualClock, seedBook, type Book } from '../backend/src/signals/testing/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
let server: Server;
let base: string;
let orgId: string;
let slug: string;
let secret: string;
let book: Book;
const clock = new ManualClock('2026-11-02T09:00:00Z');
const secretBox = new SecretBox(randomBytes(32));

beforeAll(async () => {
  database = await createTestDatabase('signals-starbridge');
  slug = `starbridge-${randomBytes(3).toString('hex')}`;
  orgId = (await ensureOrganization(database.ownerPool, slug)).id;
  book = await withOrg(database.db, orgId, (tx) => seedBook(tx, orgId));
  secret = await withOrg(database.db, orgId, (tx) => rotateStarbridgeSecret(tx, secretBox, orgId, clock.now()));
  const app = express();
  // The app's JSON parser keeps the raw bytes, as backend/src/api/app.ts does.
  app.use(express.json({ verify: (req, _res, buf) => void ((req as RawBodyRequest).rawBody = buf) }));
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

const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

async function post(body: unknown, options: { key?: string; signWith?: string; at?: number; header?: string | null } = {}) {
  const raw = JSON.stringify(body);
  const header = options.header === undefined ? signatureHeader(options.signWith ?? secret, options.at ?? nowSeconds(), raw) : options.header;
  const response = await fetch(`${base}/v1/webhooks/starbridge/${options.key ?? slug}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'x-pillar-signature': header }) },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const event = (over: Record<string, unknown> = {}) => ({
  id: `evt-${randomBytes(4).toString('hex')}`,
  type: 'rfp_published',
  occurredAt: '2026-11-01T10:00:00Z',
  account: { domain: `https://www.${book.accounts[0]!.domain}/procurement` },
  data: { title: 'Adaptive learning platform', dueDate: '2026-12-15' },
  ...over,
});

const signalsOf = async (accountId: string) =>
  (await withOrg(database.db, orgId, (tx) => tx.execute<{ type: string; severity: string; state: string; evidence: Record<string, unknown> }>(sql`select type, severity, state, evidence from signals where account_id = ${accountId} order by created_at`))).rows;
const storedEvents = async () => (await withOrg(database.db, orgId, (tx) => tx.execute<{ event_id: string; account_id: string | null; matched_by: string }>(sql`select event_id, account_id, matched_by from starbridge_events`))).rows;

describe('POST /v1/webhooks/starbridge/:org', () => {
  it('refuses a request without a valid signature with 401 and stores nothing', async () => {
    const before = (await storedEvents()).length;
    expect((await post(event(), { header: null })).status).toBe(401);
    expect((await post(event(), { header: 'v1=abc' })).status).toBe(401);
    expect((await post(event(), { signWith: 'whsec_someone_else' })).status).toBe(401);
    expect((await post(event(), { key: 'no-such-tenant' })).status).toBe(401);
    expect((await storedEvents()).length).toBe(before);
  });

  it('refuses a stale signature (outside the 5-minute replay window) with 401', async () => {
    const stale = await post(event(), { at: nowSeconds() - 301 });
    expect(stale).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('5-minute window') } } });
    expect((await post(event(), { at: nowSeconds() + 301 })).status).toBe(401);
  });

  it('refuses a body that fails validation with 400 naming the field', async () => {
    const bad = await post(event({ type: 'budget_change', data: { changePct: 'a lot' } }));
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.stringContaining('body.data.changePct') } } });
  });

  it('stores a signed event, matches the account by domain and raises a STARBRIDGE signal', async () => {
    const e = event();
    const response = await post(e);
    expect(response).toMatchObject({ status: 200, body: { received: true, matched: true, matchedBy: 'domain', accountId: book.accounts[0]!.id, signal: { type: 'starbridge_rfp_published', severity: 'CRITICAL', change: 'created' } } });
    expect(await storedEvents()).toContainEqual({ event_id: e.id, account_id: book.accounts[0]!.id, matched_by: 'domain' });
    expect(await signalsOf(book.accounts[0]!.id)).toEqual([expect.objectContaining({ type: 'starbridge_rfp_published', severity: 'CRITICAL', state: 'ACTIVE', evidence: expect.objectContaining({ eventId: e.id }) })]);
  });

  it('acts on a redelivered event once', async () => {
    const e = event({ account: { domain: book.accounts[1]!.domain }, type: 'grant_awarded', data: { program: 'ESSER III' } });
    expect((await post(e)).status).toBe(200);
    expect(await post(e)).toMatchObject({ status: 200, body: { duplicate: true, eventId: e.id } });
    expect(await signalsOf(book.accounts[1]!.id)).toHaveLength(1);
  });

  it('updates the open signal when another event of the same kind arrives for the account', async () => {
    const account = book.accounts[2]!;
    await post(event({ account: { domain: account.domain }, data: { title: 'First RFP' } }));
    const second = await post(event({ account: { domain: account.domain }, data: { title: 'Second RFP' } }));
    expect(second.body).toMatchObject({ signal: { change: 'updated' } });
    const rows = await signalsOf(account.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.evidence).toMatchObject({ title: 'Second RFP' });
  });

  it('matches by normalised name and starts the multithread play for a champion departure', async () => {
    const account = book.accounts[3]!;
    const name = account.name.replace(' Inc.', ', LLC').toUpperCase();
    const response = await post(event({ type: 'key_contact_departure', account: { name }, data: { contactName: 'Pat Lee', role: 'champion' } }));
    expect(response).toMatchObject({ status: 200, body: { matchedBy: 'name', accountId: account.id, signal: { severity: 'CRITICAL' }, playsCreated: 1 } });
  });

  it('stores an unmatched event with 202 and raises nothing', async () => {
    const e = event({ account: { domain: 'nobody.example.net', name: 'Nobody School District' } });
    expect(await post(e)).toMatchObject({ status: 202, body: { matched: false, signal: null } });
    expect(await storedEvents()).toContainEqual({ event_id: e.id, account_id: null, matched_by: 'none' });
  });

  it('turns stored events into per-account intent facts for the scoring rules', async () => {
    const facts = await withOrg(database.db, orgId, (tx) => loadStarbridgeFacts(tx, clock.now()));
    expect(facts.get(book.accounts[0]!.id)).toMatchObject({ rfpActive: true, rfpDueInDays: 43 });
    expect(facts.get(book.accounts[1]!.id)).toMatchObject({ grantWindowOpen: true });
    expect(facts.get(book.accounts[3]!.id)).toMatchObject({ keyContactDepartures90d: 1 });
  });
});

describe('account matching', () => {
  it.each([
    ['https://www.Springfield.k12.us/about', 'springfield.k12.us'],
    ['springfield.k12.us', 'springfield.k12.us'],
    ['http://sub.example.org:8080', 'sub.example.org'],
    ['not a domain', null],
  ])('normalizeDomain(%s) = %s', (input, expected) => expect(normalizeDomain(input)).toBe(expected));

  it.each([
    ['Acme & Sons, Inc.', 'acme and sons'],
    ['ACME and Sons LLC', 'acme and sons'],
    ['Müller GmbH', 'm ller'],
    ['Springfield Public Schools', 'springfield public schools'],
  ])('normalizeAccountName(%s) = %s', (input, expected) => expect(normalizeAccountName(input)).toBe(expected));

  it('agrees with its SQL twin, and prefers a domain match over a name match', async () => {
    const other = await ensureOrganization(database.ownerPool, `Matching ${randomBytes(3).toString('hex')}`);
    await withOrg(database.db, other.id, async (tx) => {
      const mirror = (id: string) => ({ orgId: other.id, source: 'csv' as const, externalId: id, sourceHash: id });
      const [byName] = await tx.insert(accounts).values({ ...mirror('n'), name: 'Acme & Sons, Inc.' }).returning({ id: accounts.id });
      const [byDomain] = await tx.insert(accounts).values({ ...mirror('d'), name: 'Something Else', domain: 'WWW.ACME-SONS.COM/' }).returning({ id: accounts.id });
      expect(await matchAccount(tx, { name: 'ACME and Sons LLC' })).toMatchObject({ accountId: byName!.id, matchedBy: 'name' });
      expect(await matchAccount(tx, { domain: 'acme-sons.com', name: 'Acme and Sons' })).toMatchObject({ accountId: byDomain!.id, matchedBy: 'domain' });
      expect(await matchAccount(tx, { name: 'Acme' })).toMatchObject({ accountId: null, matchedBy: 'none' });
    });
  });
});
