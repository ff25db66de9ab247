import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, CARD_ROUTES, DEFAULT_SIGNAL_PROFILE, signalProfileOf } from '@pillar/shared';
import { profileVersionsResponseSchema, scoringProfileResponseSchema } from '../backend/src/api/admin/contracts';
import { activeProfileVersion } from '../backend/src/db/queries/profile-versions';
import { withOrg } from '../backend/src/db/tenant';
import { accountInput } from '../backend/src/engine/signals/testing/inputs';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { FIXTURE_NOW, seedApiTenant, type ApiTenant } from './support/api-fixtures';
import { issueTestToken, salesforceHeaders, startApi, type ApiHarness } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// A tenant's signal settings live in its scoring profile: admins change thresholds through the profile
// endpoint (refused with the path of a bad value), and the cycle and a person's resolve both read them.

let database: TestDatabase;
let api: ApiHarness;
let t: ApiTenant;
let adminToken: string;
let cardToken: string;

beforeAll(async () => {
  database = await createTestDatabase('signals-tenant-profile');
  t = await seedApiTenant(database, { name: 'Signal settings', provider: 'salesforce', tag: 45 });
  adminToken = (await issueTestToken(database, t, { scope: 'admin', user: t.users.admin })).token;
  cardToken = (await issueTestToken(database, t)).token;
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

const putProfile = (body: unknown) =>
  api.request('PUT', '/v1/admin/scoring-profile', { headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const storedProfile = async () => (await withOrg(database.db, t.orgId, (tx) => activeProfileVersion(tx)))?.profile ?? null;

describe('signal settings in the scoring profile', () => {
  it('refuses a bad signal threshold with 400 naming its path, and saves nothing', async () => {
    const wrongType = await putProfile({ signals: { thresholds: { renewal_critical_score: 'high' } } });
    expect(wrongType.status).toBe(400);
    const error = apiErrorSchema.parse(wrongType.body).error;
    expect(error.message).toMatch(/^body\.signals\.thresholds\.renewal_critical_score: /);
    expect(error.details).toEqual([expect.objectContaining({ path: 'body.signals.thresholds.renewal_critical_score' })]);

    const misordered = await putProfile({ signals: { thresholds: { renewal_warning_score: 90 } } });
    expect(misordered.status).toBe(400);
    expect(apiErrorSchema.parse(misordered.body).error.message).toBe('body.signals.thresholds.renewal_warning_score: renewal_critical_score (85) must be ≥ renewal_warning_score (90)');

    const typo = await putProfile({ signals: { thresholds: { renewal_critcal_score: 90 } } });
    expect(typo.status).toBe(400);
    expect(apiErrorSchema.parse(typo.body).error.message).toMatch(/^body\.signals\.thresholds: .*renewal_critcal_score/);

    const versions = await api.request('GET', '/v1/admin/scoring-profile/versions', { headers: { authorization: `Bearer ${adminToken}` } });
    expect(profileVersionsResponseSchema.parse(versions.body).versions).toEqual([]);
  });

  it('gives the defaults for a tenant that never saved a profile or saved one before signal settings existed', () => {
    expect(signalProfileOf(null)).toEqual(DEFAULT_SIGNAL_PROFILE);
    expect(signalProfileOf({ version: 3, name: 'Old profile', disabledRules: [] })).toEqual({ thresholds: {}, disabledTypes: [] });
    expect(() => signalProfileOf({ signals: { thresholds: { cooldown_hours: -1 } } })).toThrow(/signals\.thresholds\.cooldown_hours/);
  });

  it('stores an override that the cycle then applies (a risk of 87 is only a warning when critical starts at 90)', async () => {
    const res = await putProfile({ name: 'Fewer criticals', signals: { thresholds: { renewal_critical_score: 90, cooldown_hours: 24 }, disabledTypes: ['engagement_decay'] } });
    expect(res.status).toBe(200);
    expect(scoringProfileResponseSchema.parse(res.body).profile).toMatchObject({ signals: { thresholds: { renewal_critical_score: 90, cooldown_hours: 24 }, disabledTypes: ['engagement_decay'] } });

    const signalProfile = signalProfileOf(await storedProfile());
    const inputs = {
      accounts: [accountInput({ accountId: t.accounts.acme.id, ownerId: t.users.rep.id, name: t.accounts.acme.name, renewalRisk: 87, features: { engagementDecayPct: 90 } })],
      opportunities: [],
      workflow: { openPlays: [], unacknowledged: [] },
    };
    const report = await runSignalCycle({ db: database.db, clock: api.clock }, t.orgId, inputs, { signalProfile });
    expect(report.raised).toEqual({ RENEWAL: { WARNING: 1 } });
  });

  it('starts the tenant’s cooldown when a person resolves a signal', async () => {
    const { rows } = await database.ownerPool.query<{ id: string }>(`select id from signals where org_id = $1 and dedupe_key = $2`, [t.orgId, `renewal_risk:account:${t.accounts.acme.id}`]);
    const res = await api.request('POST', CARD_ROUTES.signalTransition.sf.replace(':signalId', rows[0]!.id), {
      headers: salesforceHeaders(cardToken, t.users.rep, { 'content-type': 'application/json' }),
      body: JSON.stringify({ action: 'resolve' }),
    });
    expect(res.status).toBe(200);
    const [row] = (await database.ownerPool.query('select cooldown_until from signals where id = $1', [rows[0]!.id])).rows;
    expect(row.cooldown_until).toEqual(new Date(FIXTURE_NOW.getTime() + 24 * 3_600_000));
  });
});
