import type { CardDriver, Role } from '@pillar/shared';
import { healthBandOf, renewalRiskBandOf, dealRiskBandOf } from '@pillar/shared';
import { toSalesforceId18 } from '../../backend/src/auth/salesforce-id';
import type { Database, TenantTx } from '../../backend/src/db/database';
import { ensureOrganization } from '../../backend/src/db/queries/organizations';
import * as s from '../../backend/src/db/schema';
import { storedAccountScoreSchema, storedOpportunityScoreSchema, type StoredAccountScore, type StoredOpportunityScore } from '../../backend/src/db/stored-scores';
import { withOrg } from '../../backend/src/db/tenant';

/**
 * Realistic tenants for the API tests and the API benchmark: people in every role (a manager with two reps, a
 * rep outside that team, a read-only executive), accounts and deals owned by the reps, scores in the stored
 * shape (backend/src/db/stored-scores.ts, validated before insert), signals in several states and plays with
 * tasks. Everything is written through withOrg, as the application role.
 */

export const FIXTURE_NOW = new Date('2026-11-02T09:30:00Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(FIXTURE_NOW.getTime() - n * DAY);
const daysAhead = (n: number) => new Date(FIXTURE_NOW.getTime() + n * DAY);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export type Provider = 'salesforce' | 'hubspot';

export interface FixtureUser {
  id: string;
  name: string;
  role: Role;
  email: string;
  /** Salesforce: the 18-character user id (005…); HubSpot: the numeric user id. */
  crmUserId: string;
}

export interface FixtureRecord {
  id: string;
  crmId: string;
  name: string;
}

export const USER_KEYS = ['admin', 'leader', 'manager', 'rep', 'teamRep', 'outsideRep', 'exec'] as const;
export type UserKey = (typeof USER_KEYS)[number];

export interface ApiTenant {
  orgId: string;
  slug: string;
  provider: Provider;
  /** Salesforce org id (00D…) or HubSpot portal id. */
  externalOrgId: string;
  users: Record<UserKey, FixtureUser>;
  accounts: { acme: FixtureRecord; globex: FixtureRecord; initech: FixtureRecord; umbrella: FixtureRecord; extra: FixtureRecord[] };
  opportunities: { acmeRenewal: FixtureRecord; acmeExpansion: FixtureRecord; globexNew: FixtureRecord; initechDeal: FixtureRecord; umbrellaDeal: FixtureRecord; extra: FixtureRecord[] };
  signals: { acmeCritical: string; acmeAcknowledged: string; acmeDealInProgress: string; acmePending: string; acmeResolved: string; acmeSuppressed: string; globexActive: string; initechActive: string; extra: string[] };
  plays: { acmeRescue: PlayFixture; acmeDone: PlayFixture; globexDeal: PlayFixture; initechPlay: PlayFixture; extra: PlayFixture[] };
}

export interface PlayFixture {
  id: string;
  taskIds: string[];
}

/** Ids the CRM would hand out, deterministic per tenant tag. */
function crmIds(provider: Provider, tag: number) {
  let n = 0;
  const next = (prefix: string) => {
    n += 1;
    if (provider === 'hubspot') return String(tag * 1_000_000 + n);
    const id15 = `${prefix}${String.fromCharCode(65 + (tag % 26))}x${String(n).padStart(10, '0')}`;
    return toSalesforceId18(id15);
  };
  return { user: () => next('005'), account: () => next('001'), opportunity: () => next('006') };
}

function driver(id: string, name: string, category: string | null, contribution: number, score: number | null, weight: number, reason: string, evidence: Record<string, unknown>): CardDriver {
  return { id, name, category, contribution, score, weight, reason, reasonCode: `${id.toLowerCase()}.${contribution >= 0 ? 'up' : 'down'}`, evidence };
}

const byImpact = (drivers: CardDriver[]) => [...drivers].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));

export function accountScoreFixture(health: number, options: { renewal: boolean; sufficiency?: number; profileVersion?: number }): StoredAccountScore {
  const categoryScores = {
    engagement: Math.min(100, health + 8),
    fit: 72,
    intent: Math.max(0, health - 12),
    velocity: health,
    pipelineHealth: Math.max(0, health - 5),
    relationship: options.sufficiency !== undefined && options.sufficiency < 0.5 ? null : Math.min(100, health + 3),
    risk: Math.max(0, 100 - health),
    opportunityQuality: 64,
  };
  const renewalRisk = Math.max(0, Math.min(100, 100 - health + 6));
  return storedAccountScoreSchema.parse({
    healthScore: health,
    band: healthBandOf(health),
    categoryScores,
    renewalRisk: options.renewal ? renewalRisk : null,
    renewalBand: options.renewal ? renewalRiskBandOf(renewalRisk) : null,
    priorityScore: Math.round((100 - health) * 0.8),
    trend7d: -4.5,
    trend30d: 6,
    drivers: byImpact([
      driver('ENG-001', 'Meetings in the last 30 days', 'engagement', 9.2, 92, 0.1, '6 meetings in the last 30 days', { meetings30d: 6 }),
      driver('REL-003', 'Champion engagement', 'relationship', -6.1, 18, 0.08, 'The champion has not replied for 41 days', { daysSilent: 41, contact: 'Dana Lee' }),
      driver('PH-002', 'Open pipeline coverage', 'pipelineHealth', 4.4, 55, 0.08, 'Open pipeline covers 1.4× the renewal ARR', { coverage: 1.4 }),
      driver('RSK-004', 'Support escalations', 'risk', -3.2, 30, 0.05, '3 escalations this quarter', { escalations: 3 }),
      driver('FIT-001', 'Industry fit', 'fit', 2.5, 80, 0.03, 'Software is a target industry', { industry: 'Software' }),
      driver('INT-002', 'Pricing page visits', 'intent', 1.1, 40, 0.03, '2 pricing page visits this month', { visits: 2 }),
    ]),
    detail: {
      categoryWeights: { engagement: 0.15, fit: 0.1, intent: 0.15, velocity: 0.1, pipelineHealth: 0.15, relationship: 0.1, risk: 0.15, opportunityQuality: 0.1 },
      renewal: options.renewal
        ? {
            renewalDate: isoDay(daysAhead(74)),
            daysToRenewal: 74,
            arr: 180_000,
            urgencyMultiplier: 1.15,
            variables: byImpact([
              driver('REN-ENGAGEMENT', 'Engagement decline', 'renewal', 14, 70, 0.2, 'Meetings fell 45 % against the prior quarter', { change: -0.45 }),
              driver('REN-CHAMPION', 'Champion silence', 'renewal', 11, 73, 0.15, 'No reply from the champion for 41 days', { daysSilent: 41 }),
              driver('REN-ADOPTION', 'Product adoption', 'renewal', 4, 27, 0.15, 'Adoption at 61 % of seats', { adoptionPct: 61 }),
            ]),
          }
        : null,
    },
    dataSufficiency: options.sufficiency ?? 0.86,
    profileVersion: options.profileVersion ?? 3,
    scoredAt: daysAgo(0.1),
  });
}

export function opportunityScoreFixture(risk: number, options: { source: 'model' | 'prior'; cohort: boolean }): StoredOpportunityScore {
  return storedOpportunityScoreSchema.parse({
    dealRisk: risk,
    dealRiskBand: dealRiskBandOf(risk),
    hygiene: 35,
    confidence: 62,
    winProbability: Math.round((1 - risk / 100) * 0.8 * 1000) / 1000,
    winProbabilitySource: options.source,
    forecastCategory: risk >= 60 ? 'UPSIDE' : 'PROBABLE',
    drivers: byImpact([
      driver('DR-DECAY', 'Time since last activity', null, 18, 72, 0.25, 'No activity for 19 days', { daysSinceActivity: 19 }),
      driver('DR-VELOCITY', 'Stage velocity', null, 12, 60, 0.2, '2.1× longer in Proposal than your median deal', { ratio: 2.1, stage: 'Proposal' }),
      driver('DR-PUSHES', 'Close date pushes', null, 6, 40, 0.15, 'Close date pushed twice', { pushes: 2 }),
    ]),
    nextAction: risk >= 60 ? { code: 'REENGAGE_CHAMPION', text: 'Book a call with the champion this week', priority: 'high' } : { code: 'CONFIRM_NEXT_STEP', text: 'Confirm the next step and its date', priority: 'medium' },
    detail: {
      hygieneGaps: [driver('HY-NEXT-STEP', 'Next step', null, 20, 100, 0.2, 'No next step recorded', { nextStep: null })],
      confidenceDrivers: [driver('CF-STAKEHOLDERS', 'Stakeholder coverage', null, 15, 75, 0.2, '3 of 4 buying roles engaged', { engagedRoles: 3 })],
      winDrivers: [driver('WP-STAGE', 'Stage', null, 0.12, null, 1, 'Proposal stage wins 38 % of the time here', { stage: 'Proposal' })],
      winNote: options.source === 'prior' ? 'Based on a rule prior: this organization has fewer than 40 closed deals to learn from' : null,
      cohort: options.cohort ? { label: 'Mid-market renewals', dealCount: 48, winRate: 0.71, medianCycleDays: 38 } : null,
    },
    profileVersion: 3,
    modelVersion: options.source === 'model' ? 'wp-2026-10-30' : null,
    scoredAt: daysAgo(0.1),
  });
}

interface SeedOptions {
  name: string;
  provider: Provider;
  /** Distinguishes CRM ids between tenants of one database. */
  tag: number;
  /** Additional scored accounts (each with a deal, two signals and a play), for load tests. */
  extraAccounts?: number;
}

/** Creates the tenant (owner pool) and seeds it (application role, inside its tenant). */
export async function seedApiTenant(database: Database, options: SeedOptions): Promise<ApiTenant> {
  const org = await ensureOrganization(database.ownerPool, options.name);
  const { rows } = await database.ownerPool.query<{ slug: string }>('select slug from organizations where id = $1', [org.id]);
  return withOrg(database.db, org.id, (tx) => seedTenant(tx, org.id, rows[0]!.slug, options));
}

async function seedTenant(tx: TenantTx, orgId: string, slug: string, options: SeedOptions): Promise<ApiTenant> {
  const { provider } = options;
  const ids = crmIds(provider, options.tag);
  const externalOrgId = provider === 'salesforce' ? toSalesforceId18(`00D${String.fromCharCode(65 + (options.tag % 26))}x${String(options.tag).padStart(10, '0')}`) : String(40_000 + options.tag);
  await tx.insert(s.crmConnections).values({ orgId, provider, externalOrgId, instanceUrl: provider === 'salesforce' ? 'https://acme.my.salesforce.com' : null, credentials: 'sealed-in-tests' });

  const mail = (local: string) => `${local}@${slug}.example.com`;
  const addUser = async (name: string, role: Role, local: string, managerId: string | null = null): Promise<FixtureUser> => {
    const crmUserId = ids.user();
    const [row] = await tx
      .insert(s.users)
      .values({ orgId, name, role, email: mail(local), managerId, source: provider, externalId: crmUserId, team: managerId ? 'Mid-market' : null })
      .returning({ id: s.users.id });
    return { id: row!.id, name, role, email: mail(local), crmUserId };
  };
  const admin = await addUser('Ada Admin', 'ADMIN', 'ada');
  const leader = await addUser('Leo Leader', 'LEADER', 'leo');
  const manager = await addUser('Mona Manager', 'MANAGER', 'mona', leader.id);
  const rep = await addUser('Rita Rep', 'REP_CSM', 'rita', manager.id);
  const teamRep = await addUser('Sam Seller', 'REP_CSM', 'sam', manager.id);
  const outsideRep = await addUser('Olga Outside', 'REP_CSM', 'olga', leader.id);
  const exec = await addUser('Eve Executive', 'EXECUTIVE_RO', 'eve');
  const users = { admin, leader, manager, rep, teamRep, outsideRep, exec };

  const mirror = (externalId: string) => ({ orgId, source: provider, externalId, sourceHash: `h-${externalId}` });
  const addAccount = async (name: string, ownerId: string): Promise<FixtureRecord> => {
    const crmId = ids.account();
    const [row] = await tx
      .insert(s.accounts)
      .values({ ...mirror(crmId), name, ownerId, industry: 'Software', segment: 'Mid-market', arr: 180_000, employees: 420 })
      .returning({ id: s.accounts.id });
    return { id: row!.id, crmId, name };
  };
  const addOpportunity = async (name: string, account: FixtureRecord, ownerId: string, stage = 'Proposal'): Promise<FixtureRecord> => {
    const crmId = ids.opportunity();
    const [row] = await tx
      .insert(s.opportunities)
      .values({ ...mirror(crmId), name, accountId: account.id, ownerId, stage, rawStage: stage, amount: 48_000, closeDate: isoDay(daysAhead(40)), type: 'renewal', closeDatePushes: 2 })
      .returning({ id: s.opportunities.id });
    return { id: row!.id, crmId, name };
  };
  const scoreAccount = async (account: FixtureRecord, health: number, renewal: boolean) => {
    await tx.insert(s.accountScores).values({ orgId, accountId: account.id, ...accountScoreFixture(health, { renewal }) });
    const history = Array.from({ length: 60 }, (_, i) => ({ orgId, accountId: account.id, day: isoDay(daysAgo(59 - i)), healthScore: Math.max(0, Math.min(100, health - 6 + Math.round(6 * Math.sin(i / 5)))), categoryScores: {} }));
    await tx.insert(s.scoreHistory).values(history);
  };
  const scoreOpportunity = async (opportunity: FixtureRecord, risk: number, source: 'model' | 'prior') => {
    await tx.insert(s.opportunityScores).values({ orgId, opportunityId: opportunity.id, ...opportunityScoreFixture(risk, { source, cohort: source === 'model' }) });
  };
  let dedupe = 0;
  const addSignal = async (
    fields: { account: FixtureRecord; opportunity?: FixtureRecord; ownerId: string; state: (typeof s.signals.$inferInsert)['state']; severity: 'CRITICAL' | 'WARNING' | 'INFO'; family: string; type: string; title: string },
  ): Promise<string> => {
    dedupe += 1;
    const [row] = await tx
      .insert(s.signals)
      .values({
        orgId,
        type: fields.type,
        family: fields.family,
        severity: fields.severity,
        state: fields.state,
        title: fields.title,
        ruleId: 'RSK-001',
        threshold: { renewal_warning_score: 50 },
        evidence: { renewalRisk: 71, daysToRenewal: 74 },
        recommendedAction: 'Run the renewal rescue play',
        confidence: 82,
        dedupeKey: `${fields.type}:${fields.account.id}:${dedupe}`,
        accountId: fields.account.id,
        opportunityId: fields.opportunity?.id ?? null,
        ownerId: fields.ownerId,
        expiresAt: daysAhead(30),
        createdAt: daysAgo(dedupe % 9),
        updatedAt: daysAgo(dedupe % 9),
        ...(fields.state === 'RESOLVED' ? { resolvedAt: daysAgo(1) } : {}),
        ...(fields.state === 'SUPPRESSED' ? { suppressedUntil: daysAhead(10), suppressReason: 'Customer is mid-migration' } : {}),
      })
      .returning({ id: s.signals.id });
    return row!.id;
  };
  const addPlay = async (fields: {
    name: string;
    account: FixtureRecord;
    opportunity?: FixtureRecord;
    ownerId: string;
    signalId: string | null;
    tasks: { title: string; dueInDays: number; doneBy?: string }[];
    state?: 'ACTIVE' | 'COMPLETED';
    slaInDays: number;
  }): Promise<PlayFixture> => {
    const [play] = await tx
      .insert(s.plays)
      .values({
        orgId,
        templateKey: 'renewal_rescue',
        name: fields.name,
        signalId: fields.signalId,
        accountId: fields.account.id,
        opportunityId: fields.opportunity?.id ?? null,
        ownerId: fields.ownerId,
        state: fields.state ?? 'ACTIVE',
        slaDueAt: daysAhead(fields.slaInDays),
        startedAt: daysAgo(3),
        ...(fields.state === 'COMPLETED' ? { outcome: 'RENEWED', completedAt: daysAgo(2) } : {}),
      })
      .returning({ id: s.plays.id });
    const tasks = await tx
      .insert(s.playTasks)
      .values(
        fields.tasks.map((t, i) => ({
          orgId,
          playId: play!.id,
          orderNum: i + 1,
          title: t.title,
          description: i === 0 ? 'Agree on a recovery plan with the champion' : null,
          ownerId: fields.ownerId,
          dueAt: daysAhead(t.dueInDays),
          doneAt: t.doneBy ? daysAgo(1) : null,
          doneBy: t.doneBy ?? null,
        })),
      )
      .returning({ id: s.playTasks.id, orderNum: s.playTasks.orderNum });
    return { id: play!.id, taskIds: tasks.sort((a, b) => a.orderNum - b.orderNum).map((t) => t.id) };
  };

  // Acme: Rita's account; Sam is on its account team through the expansion deal.
  const acme = await addAccount('Acme Corporation', rep.id);
  const globex = await addAccount('Globex', teamRep.id);
  const initech = await addAccount('Initech', outsideRep.id);
  const umbrella = await addAccount('Umbrella (not scored yet)', rep.id);
  const acmeRenewal = await addOpportunity('Acme renewal 2027', acme, rep.id);
  const acmeExpansion = await addOpportunity('Acme expansion', acme, teamRep.id, 'Discovery');
  const globexNew = await addOpportunity('Globex platform', globex, teamRep.id);
  const initechDeal = await addOpportunity('Initech rollout', initech, outsideRep.id);
  const umbrellaDeal = await addOpportunity('Umbrella pilot', umbrella, rep.id, 'Qualification');
  await scoreAccount(acme, 58, true);
  await scoreAccount(globex, 34, false);
  await scoreAccount(initech, 77, true);
  await scoreOpportunity(acmeRenewal, 64, 'model');
  await scoreOpportunity(acmeExpansion, 35, 'prior');
  await scoreOpportunity(globexNew, 48, 'model');
  await scoreOpportunity(initechDeal, 22, 'prior');

  const base = { account: acme, ownerId: rep.id, family: 'RENEWAL', type: 'renewal_risk_warning' };
  const acmeCritical = await addSignal({ ...base, state: 'ACTIVE', severity: 'CRITICAL', title: 'Renewal at risk: champion silent for 41 days' });
  const acmeAcknowledged = await addSignal({ ...base, state: 'ACKNOWLEDGED', severity: 'WARNING', family: 'ACCOUNT', type: 'engagement_drop', title: 'Meetings down 45 % this quarter' });
  const acmeDealInProgress = await addSignal({ ...base, opportunity: acmeRenewal, state: 'IN_PROGRESS', severity: 'INFO', family: 'PIPELINE', type: 'deal_stalled', title: 'Renewal deal stalled in Proposal' });
  const acmePending = await addSignal({ ...base, state: 'PENDING', severity: 'WARNING', family: 'EXPANSION', type: 'expansion_ready', title: 'Seat usage above 90 %' });
  const acmeResolved = await addSignal({ ...base, state: 'RESOLVED', severity: 'WARNING', title: 'Invoice overdue' });
  const acmeSuppressed = await addSignal({ ...base, state: 'SUPPRESSED', severity: 'INFO', family: 'WORKFLOW', type: 'missing_next_step', title: 'Next step missing' });
  const globexActive = await addSignal({ account: globex, opportunity: globexNew, ownerId: teamRep.id, state: 'ACTIVE', severity: 'CRITICAL', family: 'PIPELINE', type: 'deal_risk_high', title: 'Deal risk high: no activity for 19 days' });
  const initechActive = await addSignal({ account: initech, ownerId: outsideRep.id, state: 'ACTIVE', severity: 'WARNING', family: 'COVERAGE', type: 'single_threaded', title: 'Single-threaded: one contact engaged' });

  const acmeRescue = await addPlay({
    name: 'Renewal rescue',
    account: acme,
    ownerId: rep.id,
    signalId: acmeCritical,
    slaInDays: 0.5,
    tasks: [
      { title: 'Call the champion', dueInDays: -1, doneBy: rep.id },
      { title: 'Review adoption with the admin', dueInDays: -0.5 },
      { title: 'Send the executive sponsor a recap', dueInDays: 3 },
    ],
  });
  const acmeDone = await addPlay({ name: 'Onboarding check', account: acme, ownerId: rep.id, signalId: null, state: 'COMPLETED', slaInDays: -1, tasks: [{ title: 'Kick-off call', dueInDays: -5, doneBy: rep.id }] });
  const globexDeal = await addPlay({
    name: 'Stalled deal recovery',
    account: globex,
    opportunity: globexNew,
    ownerId: teamRep.id,
    signalId: globexActive,
    slaInDays: 4,
    tasks: [
      { title: 'Confirm the decision date', dueInDays: 1 },
      { title: 'Map the buying committee', dueInDays: 2 },
    ],
  });
  const initechPlay = await addPlay({ name: 'Multi-thread the account', account: initech, ownerId: outsideRep.id, signalId: initechActive, slaInDays: 5, tasks: [{ title: 'Meet a second stakeholder', dueInDays: 4 }] });

  const extraAccounts: FixtureRecord[] = [];
  const extraOpportunities: FixtureRecord[] = [];
  const extraSignals: string[] = [];
  const extraPlays: PlayFixture[] = [];
  const owners = [rep, teamRep, outsideRep];
  for (let i = 0; i < (options.extraAccounts ?? 0); i++) {
    const owner = owners[i % owners.length]!;
    const account = await addAccount(`Account ${i + 1}`, owner.id);
    const opportunity = await addOpportunity(`Deal ${i + 1}`, account, owner.id);
    await scoreAccount(account, 20 + ((i * 37) % 75), i % 2 === 0);
    await scoreOpportunity(opportunity, 10 + ((i * 23) % 80), i % 3 === 0 ? 'prior' : 'model');
    const signal = await addSignal({ account, opportunity, ownerId: owner.id, state: 'ACTIVE', severity: i % 2 ? 'WARNING' : 'CRITICAL', family: 'PIPELINE', type: 'deal_risk_high', title: `Deal ${i + 1} at risk` });
    await addSignal({ account, ownerId: owner.id, state: 'ACKNOWLEDGED', severity: 'INFO', family: 'ACCOUNT', type: 'engagement_drop', title: `Engagement down at account ${i + 1}` });
    extraPlays.push(
      await addPlay({ name: 'Stalled deal recovery', account, opportunity, ownerId: owner.id, signalId: signal, slaInDays: 2, tasks: [{ title: 'Call the buyer', dueInDays: 1 }, { title: 'Update the close plan', dueInDays: 2 }] }),
    );
    extraAccounts.push(account);
    extraOpportunities.push(opportunity);
    extraSignals.push(signal);
  }

  return {
    orgId,
    slug,
    provider,
    externalOrgId,
    users,
    accounts: { acme, globex, initech, umbrella, extra: extraAccounts },
    opportunities: { acmeRenewal, acmeExpansion, globexNew, initechDeal, umbrellaDeal, extra: extraOpportunities },
    signals: { acmeCritical, acmeAcknowledged, acmeDealInProgress, acmePending, acmeResolved, acmeSuppressed, globexActive, initechActive, extra: extraSignals },
    plays: { acmeRescue, acmeDone, globexDeal, initechPlay, extra: extraPlays },
  };
}
