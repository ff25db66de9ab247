import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountHealthCardSchema,
  CARD_ROUTES,
  dealInsightCardSchema,
  playCardSchema,
  playChecklistSchema,
  signalCardSchema,
  signalFeedSchema,
  type AccountHealthCard,
  type DealInsightCard,
  type PlayChecklist,
  type SignalFeed,
} from '@pillar/shared';
import { seedApiTenant, type ApiTenant, type FixtureUser } from './support/api-fixtures';
import { hubspotRequest, issueTestToken, salesforceHeaders, startApi, type ApiHarness, type ApiResponse } from './support/api-harness';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Contract tests: every card endpoint, for both CRMs, answers with exactly the shared zod contract for real
// scored data (and for unscored records), read by a role that may see the record.

let database: TestDatabase;
let api: ApiHarness;
let sf: ApiTenant;
let hs: ApiTenant;
let sfToken: string;

beforeAll(async () => {
  database = await createTestDatabase('api-cards');
  sf = await seedApiTenant(database, { name: 'Cards SF', provider: 'salesforce', tag: 1 });
  hs = await seedApiTenant(database, { name: 'Cards HS', provider: 'hubspot', tag: 2 });
  sfToken = (await issueTestToken(database, sf)).token;
  api = await startApi(database);
});
afterAll(async () => {
  await api?.close();
  await database?.close();
});

const path = (template: string, params: Record<string, string>) => template.replace(/:(\w+)/g, (_m, name: string) => params[name]!);

type Provider = 'sf' | 'hs';
const tenantOf = (p: Provider) => (p === 'sf' ? sf : hs);

/** Calls a card route as `user` through the provider's real authentication. */
async function call<T>(provider: Provider, method: string, url: string, user: FixtureUser, body?: unknown): Promise<ApiResponse<T>> {
  if (provider === 'sf') {
    const headers = salesforceHeaders(sfToken, user, body === undefined ? {} : { 'content-type': 'application/json' });
    return api.request<T>(method, url, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  const signed = hubspotRequest(api, method, url, body, { portalId: hs.externalOrgId, user });
  return api.request<T>(method, signed.path, { headers: signed.headers, body: signed.body });
}

describe.each(['sf', 'hs'] as const)('card endpoints (%s)', (provider) => {
  const t = () => tenantOf(provider);
  const routes = {
    accountHealth: CARD_ROUTES.accountHealth[provider],
    dealInsight: CARD_ROUTES.dealInsight[provider],
    accountPlays: CARD_ROUTES.accountPlays[provider],
    dealPlays: CARD_ROUTES.dealPlays[provider],
    accountSignals: CARD_ROUTES.accountSignals[provider],
    mySignals: CARD_ROUTES.mySignals[provider],
  };

  it('serves a scored account health card that matches the contract', async () => {
    const res = await call<AccountHealthCard>(provider, 'GET', path(routes.accountHealth, { crmId: t().accounts.acme.crmId }), t().users.rep);
    expect(res.status).toBe(200);
    const card = accountHealthCardSchema.parse(res.body);
    if (card.status !== 'scored') throw new Error('expected a scored card');
    expect(card.account).toEqual({ crmId: t().accounts.acme.crmId, name: 'Acme Corporation', provider: t().provider });
    expect(card).toMatchObject({ score: 58, band: 'WATCH', profileVersion: 3, insufficientData: false });
    expect(card.categories.map((c) => c.key)).toEqual(['engagement', 'fit', 'intent', 'velocity', 'pipelineHealth', 'relationship', 'risk', 'opportunityQuality']);
    expect(card.categories.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 6);
    expect(card.topDrivers).toHaveLength(5);
    const impacts = card.topDrivers.map((d) => Math.abs(d.contribution));
    expect(impacts).toEqual([...impacts].sort((a, b) => b - a));
    expect(card.trend.points.length).toBe(60);
    expect(card.trend).toMatchObject({ delta7d: -4.5, delta30d: 6 });
    expect(card.renewalRisk).toMatchObject({ daysToRenewal: 74, arr: 180_000, urgencyMultiplier: 1.15 });
    expect(card.renewalRisk?.variables).toHaveLength(3);
    // Open signals only: PENDING, ACTIVE, ACKNOWLEDGED and IN_PROGRESS (also the deal's), never RESOLVED or SUPPRESSED.
    expect(card.openSignals.map((s) => s.id).sort()).toEqual(
      [t().signals.acmeCritical, t().signals.acmeAcknowledged, t().signals.acmeDealInProgress, t().signals.acmePending].sort(),
    );
    expect(card.openSignals[0]!.severity).toBe('CRITICAL');
    const critical = card.openSignals.find((s) => s.id === t().signals.acmeCritical)!;
    expect(critical.actions).toEqual(['acknowledge', 'start', 'resolve', 'suppress']);
    expect(critical.record).toEqual({ crmId: t().accounts.acme.crmId, name: 'Acme Corporation', provider: t().provider });
  });

  it('serves a scored account without a renewal with renewalRisk null', async () => {
    const res = await call<AccountHealthCard>(provider, 'GET', path(routes.accountHealth, { crmId: t().accounts.globex.crmId }), t().users.manager);
    const card = accountHealthCardSchema.parse(res.body);
    expect(card).toMatchObject({ status: 'scored', band: 'AT_RISK', renewalRisk: null });
  });

  it('serves not_scored for an account without a score', async () => {
    const res = await call<AccountHealthCard>(provider, 'GET', path(routes.accountHealth, { crmId: t().accounts.umbrella.crmId }), t().users.rep);
    expect(res.status).toBe(200);
    expect(accountHealthCardSchema.parse(res.body)).toEqual({
      status: 'not_scored',
      account: { crmId: t().accounts.umbrella.crmId, name: 'Umbrella (not scored yet)', provider: t().provider },
    });
  });

  it('serves a scored deal insight card that matches the contract', async () => {
    const res = await call<DealInsightCard>(provider, 'GET', path(routes.dealInsight, { crmId: t().opportunities.acmeRenewal.crmId }), t().users.rep);
    expect(res.status).toBe(200);
    const card = dealInsightCardSchema.parse(res.body);
    if (card.status !== 'scored') throw new Error('expected a scored card');
    expect(card.deal).toMatchObject({ crmId: t().opportunities.acmeRenewal.crmId, stage: 'Proposal', amount: 48_000, isClosed: false });
    expect(card.winProbability).toMatchObject({ source: 'model', note: null });
    expect(card.dealRisk).toMatchObject({ score: 64, band: 'HIGH' });
    expect(card.dealRisk.reasons.map((r) => r.id)).toEqual(['DR-DECAY', 'DR-VELOCITY', 'DR-PUSHES']);
    expect(card.hygiene).toMatchObject({ score: 35, band: 'CLEAN' });
    expect(card.forecastCategory).toBe('UPSIDE');
    expect(card.nextBestAction).toEqual({ code: 'REENGAGE_CHAMPION', text: 'Book a call with the champion this week', priority: 'high' });
    expect(card.cohort).toMatchObject({ dealCount: 48, winRate: 0.71 });
    expect(card.openSignals.map((s) => s.id)).toEqual([t().signals.acmeDealInProgress]);
  });

  it('says so on the deal card when win probability comes from the prior', async () => {
    const res = await call<DealInsightCard>(provider, 'GET', path(routes.dealInsight, { crmId: t().opportunities.acmeExpansion.crmId }), t().users.teamRep);
    const card = dealInsightCardSchema.parse(res.body);
    expect(card).toMatchObject({ status: 'scored', winProbability: { source: 'prior', note: expect.stringMatching(/rule prior/) }, cohort: null });
  });

  it('serves not_scored for a deal without a score', async () => {
    const res = await call(provider, 'GET', path(routes.dealInsight, { crmId: t().opportunities.umbrellaDeal.crmId }), t().users.rep);
    expect(dealInsightCardSchema.parse(res.body)).toMatchObject({ status: 'not_scored', deal: { crmId: t().opportunities.umbrellaDeal.crmId } });
  });

  it("serves the account's play checklist with SLA and task states", async () => {
    const res = await call<PlayChecklist>(provider, 'GET', path(routes.accountPlays, { crmId: t().accounts.acme.crmId }), t().users.rep);
    expect(res.status).toBe(200);
    const checklist = playChecklistSchema.parse(res.body);
    expect(checklist.plays.map((p) => p.id)).toEqual([t().plays.acmeRescue.id, t().plays.acmeDone.id]);
    const [rescue, done] = checklist.plays;
    expect(rescue).toMatchObject({ state: 'ACTIVE', slaState: 'DUE_SOON', progress: { done: 1, total: 3 }, readyToComplete: false, outcome: null });
    expect(rescue!.signal).toMatchObject({ id: t().signals.acmeCritical, severity: 'CRITICAL' });
    expect(rescue!.tasks.map((task) => [task.order, task.done, task.overdue])).toEqual([
      [1, true, false],
      [2, false, true],
      [3, false, false],
    ]);
    expect(rescue!.tasks[0]!.doneBy).toBe('Rita Rep');
    expect(done).toMatchObject({ state: 'COMPLETED', slaState: 'MET', outcome: 'RENEWED', readyToComplete: false });
    expect(checklist.outcomes).toContain('RENEWED');
  });

  it("serves the deal's play checklist", async () => {
    const res = await call(provider, 'GET', path(routes.dealPlays, { crmId: t().opportunities.globexNew.crmId }), t().users.teamRep);
    const checklist = playChecklistSchema.parse(res.body);
    expect(checklist.record.crmId).toBe(t().opportunities.globexNew.crmId);
    expect(checklist.plays.map((p) => p.id)).toEqual([t().plays.globexDeal.id]);
    expect(checklist.plays[0]).toMatchObject({ slaState: 'ON_TRACK', progress: { done: 0, total: 2 } });
  });

  it("serves an account's open signals by default, most severe first", async () => {
    const res = await call<SignalFeed>(provider, 'GET', path(routes.accountSignals, { crmId: t().accounts.acme.crmId }), t().users.rep);
    const feed = signalFeedSchema.parse(res.body);
    expect(feed.total).toBe(4);
    expect(feed.signals.map((s) => s.severity)).toEqual(['CRITICAL', 'WARNING', 'WARNING', 'INFO']);
  });

  it('filters the signal feed by repeated state, family and severity parameters', async () => {
    const url = path(routes.accountSignals, { crmId: t().accounts.acme.crmId });
    const states = await call<SignalFeed>(provider, 'GET', `${url}?state=RESOLVED&state=SUPPRESSED`, t().users.rep);
    expect(signalFeedSchema.parse(states.body).signals.map((s) => s.id).sort()).toEqual([t().signals.acmeResolved, t().signals.acmeSuppressed].sort());
    const family = await call<SignalFeed>(provider, 'GET', `${url}?family=PIPELINE&family=EXPANSION`, t().users.rep);
    expect(signalFeedSchema.parse(family.body).signals.map((s) => s.id).sort()).toEqual([t().signals.acmeDealInProgress, t().signals.acmePending].sort());
    const severity = await call<SignalFeed>(provider, 'GET', `${url}?severity=CRITICAL`, t().users.rep);
    expect(signalFeedSchema.parse(severity.body).signals.map((s) => s.id)).toEqual([t().signals.acmeCritical]);
    const limited = await call<SignalFeed>(provider, 'GET', `${url}?limit=1`, t().users.rep);
    expect(signalFeedSchema.parse(limited.body)).toMatchObject({ total: 4, signals: [{ id: t().signals.acmeCritical }] });
  });

  it("limits my signals to the rep's own records and the team's for a manager", async () => {
    const mine = signalFeedSchema.parse((await call(provider, 'GET', routes.mySignals, t().users.rep)).body);
    // Rita owns Acme; the Globex and Initech signals are not hers.
    expect(mine.signals.map((s) => s.record?.name)).not.toContain('Globex');
    expect(mine.signals.map((s) => s.record?.name)).not.toContain('Initech');
    expect(mine.total).toBe(4);
    const sams = signalFeedSchema.parse((await call(provider, 'GET', routes.mySignals, t().users.teamRep)).body);
    // Sam owns Globex and sits on Acme's account team through the expansion deal.
    expect(sams.total).toBe(5);
    const team = signalFeedSchema.parse((await call(provider, 'GET', routes.mySignals, t().users.manager)).body);
    expect(team.total).toBe(5);
    expect(team.signals.map((s) => s.id)).not.toContain(t().signals.initechActive);
    const everything = signalFeedSchema.parse((await call(provider, 'GET', routes.mySignals, t().users.exec)).body);
    expect(everything.total).toBe(6);
  });

  it('returns the updated signal card from a transition', async () => {
    const res = await call(provider, 'POST', path(CARD_ROUTES.signalTransition[provider], { signalId: t().signals.acmePending }), t().users.rep, { action: 'resolve', note: 'Seats added' });
    expect(res.status).toBe(200);
    expect(signalCardSchema.parse(res.body)).toMatchObject({ id: t().signals.acmePending, state: 'RESOLVED', actions: [] });
  });

  it('returns the updated play card from a task toggle and a play completion', async () => {
    const play = t().plays.globexDeal;
    for (const taskId of play.taskIds) {
      const res = await call(provider, 'PUT', path(CARD_ROUTES.taskToggle[provider], { playId: play.id, taskId }), t().users.teamRep, { done: true });
      expect(res.status).toBe(200);
      playCardSchema.parse(res.body);
    }
    const done = await call(provider, 'POST', path(CARD_ROUTES.playComplete[provider], { playId: play.id }), t().users.teamRep, { outcome: 'WON', note: 'Signed' });
    expect(done.status).toBe(200);
    expect(playCardSchema.parse(done.body)).toMatchObject({ state: 'COMPLETED', outcome: 'WON', slaState: 'MET', progress: { done: 2, total: 2 } });
  });
});

describe('Salesforce record ids', () => {
  it('finds a record by the 15-character form of its id', async () => {
    const id15 = sf.accounts.acme.crmId.slice(0, 15);
    const res = await call<AccountHealthCard>('sf', 'GET', path(CARD_ROUTES.accountHealth.sf, { crmId: id15 }), sf.users.rep);
    expect(res.status).toBe(200);
    expect(res.body.account.crmId).toBe(sf.accounts.acme.crmId);
  });

  it('accepts the acting user in its 15-character form', async () => {
    const headers = salesforceHeaders(sfToken, sf.users.rep.crmUserId.slice(0, 15));
    const res = await api.request('GET', path(CARD_ROUTES.accountHealth.sf, { crmId: sf.accounts.acme.crmId }), { headers });
    expect(res.status).toBe(200);
  });
});
