import { z } from 'zod';
import type {
  BuyingRole,
  MirrorAccount,
  MirrorActivity,
  MirrorBatch,
  MirrorContact,
  MirrorLead,
  MirrorOpportunity,
  MirrorOpportunityContact,
  MirrorRenewal,
  MirrorRowsByTable,
  MirrorStageChange,
  MirrorTable,
  MirrorUser,
} from '../crm/mirror/rows';
import { Random, deriveSeed } from './prng';
import {
  COMPETITORS,
  COUNTRIES,
  DEMO_PRODUCTS,
  INDUSTRIES,
  NEXT_STEPS,
  OPPORTUNITY_CONTACT_ROLES,
  REGIONS,
  SUBJECTS,
  TITLES,
  anyPersonName,
  companyName,
  personName,
  slug,
} from './vocabulary';

/**
 * A seeded generator of realistic B2B CRM data, streamed as mirror batches (bounded memory: accounts are
 * generated a chunk at a time). Deterministic: the same options give the same rows, because every account
 * draws from its own stream derived from (seed, account index) and every date is relative to `now`.
 *
 * Accounts follow a profile that drives the rest: healthy and expanding customers, customers at risk,
 * customers going dark (no activity for 60–150 days), churn risks (champion left, low NPS, escalations, a
 * renewal coming up), prospects and churned customers. The profile is kept in `attributes.demoProfile`.
 */

export const generateDatasetOptionsSchema = z.object({
  seed: z.number().int(),
  accounts: z.number().int().nonnegative(),
  /** Average opportunities per account. */
  oppsPerAccount: z.number().nonnegative(),
  /** Average activities per account. */
  activitiesPerAccount: z.number().nonnegative(),
  /** Average contacts per account (at least one each). */
  contactsPerAccount: z.number().positive().default(5),
  /** The instant the data is "as of": every date is before it, or after it for planned ones (close dates, renewals). */
  now: z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => (typeof v === 'string' ? new Date(v) : v)),
  /** Rows per yielded batch (at most). */
  batchSize: z.number().int().positive().default(1000),
  /** Accounts generated together before their rows are yielded; bounds memory. */
  accountsPerChunk: z.number().int().positive().default(200),
});
export type GenerateDatasetOptions = z.input<typeof generateDatasetOptionsSchema>;

export const DEMO_PROFILES = ['healthy', 'expanding', 'at_risk', 'going_dark', 'churn_risk', 'prospect', 'churned'] as const;
export type DemoProfile = (typeof DEMO_PROFILES)[number];

const DAY = 86_400_000;

/** Pipeline stages of the demo tenant: name, order, probability, forecast category while open. */
export const DEMO_STAGES = [
  { name: 'Prospecting', order: 1, probability: 0.1, forecast: 'PROJECTION' },
  { name: 'Qualification', order: 2, probability: 0.2, forecast: 'UPSIDE' },
  { name: 'Discovery', order: 3, probability: 0.35, forecast: 'UPSIDE' },
  { name: 'Proposal', order: 4, probability: 0.6, forecast: 'PROBABLE' },
  { name: 'Negotiation', order: 5, probability: 0.8, forecast: 'COMMIT' },
] as const;
const CLOSED_ORDER = 6;

interface Team {
  leader: MirrorUser;
  managers: MirrorUser[];
  reps: MirrorUser[];
}

/** Sales organisation sized for the book: one rep per ~40 accounts, one manager per 8 reps, one leader. */
export function demoTeam(seed: number, accounts: number): Team {
  const random = new Random(deriveSeed(seed, 'team'));
  const repCount = Math.max(2, Math.ceil(accounts / 40));
  const managerCount = Math.max(1, Math.ceil(repCount / 8));
  let person = random.int(0, 500);
  const user = (prefix: string, index: number, role: MirrorUser['role'], extra: Partial<MirrorUser>): MirrorUser => {
    const name = personName(person++);
    return {
      externalId: `${prefix}-${String(index + 1).padStart(5, '0')}`,
      name: name.full,
      email: `${slug(name.first)}.${slug(name.last)}${index > 0 ? index : ''}@demo.pillar.example`,
      role,
      isActive: true,
      ...extra,
    };
  };
  const leader = user('leader', 0, 'LEADER', { team: 'Revenue', region: 'Global' });
  const managers = Array.from({ length: managerCount }, (_, m) => {
    const region = REGIONS[m % REGIONS.length]!;
    return user('manager', m, 'MANAGER', { managerExternalId: leader.externalId, region, team: `${region} ${Math.floor(m / REGIONS.length) + 1}` });
  });
  const reps = Array.from({ length: repCount }, (_, r) => {
    const manager = managers[r % managerCount]!;
    return user('rep', r, 'REP_CSM', { managerExternalId: manager.externalId, region: manager.region ?? null, team: manager.team ?? null, isActive: random.chance(0.97) });
  });
  return { leader, managers, reps };
}

interface AccountRows {
  account: MirrorAccount;
  contacts: MirrorContact[];
  leads: MirrorLead[];
  opportunities: MirrorOpportunity[];
  opportunityContacts: MirrorOpportunityContact[];
  stageHistory: MirrorStageChange[];
  renewals: MirrorRenewal[];
  activities: MirrorActivity[];
}

const PROFILE_WEIGHTS: ReadonlyArray<readonly [DemoProfile, number]> = [
  ['healthy', 0.36],
  ['expanding', 0.07],
  ['at_risk', 0.1],
  ['going_dark', 0.06],
  ['churn_risk', 0.06],
  ['prospect', 0.3],
  ['churned', 0.05],
];

/** Relative activity volume per profile; normalised below so the average account gets `activitiesPerAccount`. */
const ACTIVITY_VOLUME: Record<DemoProfile, number> = { healthy: 1.2, expanding: 1.5, at_risk: 0.8, going_dark: 0.6, churn_risk: 0.7, prospect: 0.7, churned: 0.3 };
const ACTIVITY_NORMALISER = PROFILE_WEIGHTS.reduce((sum, [p, w]) => sum + w * ACTIVITY_VOLUME[p], 0) / PROFILE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

const SEGMENTS = [
  { name: 'SMB', weight: 0.5, employees: [10, 200], arr: [6_000, 40_000], tier: 3 },
  { name: 'Mid-Market', weight: 0.35, employees: [200, 2_000], arr: [40_000, 200_000], tier: 2 },
  { name: 'Enterprise', weight: 0.15, employees: [2_000, 60_000], arr: [200_000, 1_500_000], tier: 1 },
] as const;

const iso = (ms: number) => new Date(ms).toISOString();
const isoDay = (ms: number) => iso(ms).slice(0, 10);
const round = (value: number, step: number) => Math.round(value / step) * step;

/** Moves an instant onto a weekday, in working hours 08:00–18:00 UTC (peaking early afternoon), before `before`. */
function workingHours(random: Random, ms: number, before: number): number {
  const minuteOfDay = Math.floor((8 + (random.float() + random.float()) * 5) * 60);
  for (let day = ms; ; day -= DAY) {
    const date = new Date(day);
    const weekday = date.getUTCDay();
    const shift = weekday === 6 ? -1 : weekday === 0 ? -2 : 0;
    const at = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + shift * DAY + minuteOfDay * 60_000;
    if (at < before) return at;
  }
}

function generateAccount(index: number, options: z.output<typeof generateDatasetOptionsSchema>, team: Team): AccountRows {
  const random = new Random(deriveSeed(options.seed, 'account', index));
  const now = options.now.getTime();
  const id = String(index + 1).padStart(6, '0');
  const profile = random.weighted(PROFILE_WEIGHTS);
  const isCustomer = profile !== 'prospect' && profile !== 'churned';
  const segment = random.weighted(SEGMENTS.map((s) => [s, s.weight] as const));
  const name = companyName(index);
  const domain = `${slug(name.replace(/ (Inc|Corp|Group|Ltd|LLC|Co|Partners|Holdings|GmbH|AG|SA|BV)( \d+)?$/, ''))}${index}.example.com`;
  const employees = Math.round(random.logUniform(segment.employees[0], segment.employees[1]));
  const arr = isCustomer ? round(random.logUniform(segment.arr[0], segment.arr[1]), 100) : null;
  const owner = team.reps[random.int(0, team.reps.length - 1)]!;
  const accountExternalId = `acct-${id}`;

  const ranges = {
    healthy: { nps: [30, 70], escalation: [0, 5], adoption: [60, 95], usage: [-5, 15] },
    expanding: { nps: [50, 85], escalation: [0, 4], adoption: [75, 98], usage: [10, 40] },
    at_risk: { nps: [-10, 30], escalation: [5, 20], adoption: [35, 65], usage: [-25, -5] },
    going_dark: { nps: [0, 40], escalation: [2, 10], adoption: [30, 60], usage: [-40, -10] },
    churn_risk: { nps: [-60, 0], escalation: [15, 40], adoption: [10, 40], usage: [-50, -20] },
    prospect: null,
    churned: null,
  } as const;
  const r = ranges[profile];
  const account: MirrorAccount = {
    externalId: accountExternalId,
    name,
    domain,
    industry: random.pick(INDUSTRIES),
    segment: segment.name,
    tier: segment.tier,
    employees,
    annualRevenue: round(employees * random.logUniform(90_000, 350_000), 1000),
    arr,
    country: random.weighted(COUNTRIES),
    foundedYear: random.int(1950, 2021),
    status: isCustomer ? 'Customer' : profile === 'prospect' ? 'Prospect' : 'Former Customer',
    ownerExternalId: owner.externalId,
    npsScore: r && !(profile === 'going_dark' && random.chance(0.6)) ? Math.round(random.between(r.nps[0], r.nps[1])) : null,
    supportEscalationPct: r ? Number(random.between(r.escalation[0], r.escalation[1]).toFixed(1)) : null,
    adoptionPct: r ? Number(random.between(r.adoption[0], r.adoption[1]).toFixed(1)) : null,
    usageTrendPct: r ? Number(random.between(r.usage[0], r.usage[1]).toFixed(1)) : null,
    latePayments: isCustomer ? (profile === 'churn_risk' ? random.int(1, 4) : random.chance(0.08) ? 1 : 0) : null,
    attributes: { demoProfile: profile },
    crmModifiedAt: iso(now - random.int(0, 60) * DAY - random.int(0, DAY - 1)),
  };

  // Contacts: a champion and an economic buyer first, then a mix of other roles.
  const contactCount = Math.max(1, random.countAround(options.contactsPerAccount));
  const contacts: MirrorContact[] = [];
  for (let c = 0; c < contactCount; c++) {
    const role: BuyingRole =
      c === 0
        ? 'champion'
        : c === 1
          ? 'economic_buyer'
          : random.weighted<BuyingRole>([
              ['technical_buyer', 3],
              ['influencer', 4],
              ['end_user', 4],
              ['exec_sponsor', 1.5],
              ['blocker', 1],
              ['unknown', 1],
            ]);
    const person = anyPersonName(random.float());
    const left = role === 'champion' && profile === 'churn_risk';
    contacts.push({
      externalId: `cont-${id}-${String(c + 1).padStart(2, '0')}`,
      accountExternalId,
      name: person.full,
      email: `${slug(person.first)}.${slug(person.last)}@${domain}`,
      title: random.pick(TITLES[role]),
      buyingRole: role,
      isChampion: role === 'champion',
      isExecSponsor: role === 'exec_sponsor',
      status: left ? 'LEFT_ORG' : random.chance(0.05) ? 'INACTIVE' : 'ACTIVE',
    });
  }

  // Opportunities with their stage history and contact roles.
  const opportunities: MirrorOpportunity[] = [];
  const stageHistory: MirrorStageChange[] = [];
  const opportunityContacts: MirrorOpportunityContact[] = [];
  const oppCount = random.countAround(options.oppsPerAccount);
  const winRate = { healthy: 0.55, expanding: 0.6, at_risk: 0.35, going_dark: 0.3, churn_risk: 0.25, prospect: 0.0, churned: 0.2 }[profile];
  for (let o = 0; o < oppCount; o++) {
    const oppId = `opp-${id}-${String(o + 1).padStart(3, '0')}`;
    const type: MirrorOpportunity['type'] = !isCustomer || o === 0 ? 'new_business' : random.weighted([['renewal', 2], ['expansion', 3], ['new_business', 1]] as const);
    const product = o === 0 ? DEMO_PRODUCTS[0] : random.pick(DEMO_PRODUCTS);
    const createdAt = now - Math.floor(random.between(3, 540) * DAY);
    const ageDays = (now - createdAt) / DAY;
    const mustWin = isCustomer && o === 0; // how the customer became one
    const closed = mustWin || (profile === 'churned' ? true : random.chance(Math.min(0.85, ageDays / 260)));
    const won = closed && (mustWin || random.chance(winRate));
    const base = arr ?? round(random.logUniform(segment.arr[0], segment.arr[1]), 100);
    const amount = round(type === 'expansion' ? base * random.between(0.15, 0.5) : type === 'renewal' ? base * random.between(0.95, 1.15) : base * random.between(0.7, 1.3), 100);

    // Stage path: every deal starts in Prospecting; closed ones reach a last open stage, then Won or Lost.
    const reached = closed ? (won ? DEMO_STAGES.length - 1 : random.int(0, DEMO_STAGES.length - 1)) : random.weighted(DEMO_STAGES.map((_, k) => [k, 5 - k] as const));
    const endOfPath = closed ? Math.min(now - DAY, createdAt + Math.floor(random.between(20, 200) * DAY)) : now - Math.floor(random.exponential(12) * DAY);
    const end = Math.max(createdAt + DAY, endOfPath);
    const steps = reached + (closed ? 2 : 1);
    const times: number[] = [];
    for (let s = 0; s < steps; s++) times.push(createdAt + Math.floor(((end - createdAt) * s) / Math.max(1, steps - 1)));
    let from: string | null = null;
    for (let s = 0; s <= reached; s++) {
      const stage = DEMO_STAGES[s]!;
      stageHistory.push({ externalId: `${oppId}:${s + 1}`, opportunityExternalId: oppId, fromStage: from, toStage: stage.name, amount, changedAt: iso(times[s]!) });
      from = stage.name;
    }
    const finalStage = closed ? (won ? 'Closed Won' : 'Closed Lost') : DEMO_STAGES[reached]!.name;
    const closedAt = closed ? times[steps - 1]! : null;
    const pushes = closed ? random.weighted([[0, 6], [1, 2], [2, 1]] as const) : profile === 'at_risk' || profile === 'churn_risk' ? random.int(1, 4) : random.weighted([[0, 7], [1, 2], [2, 1], [3, 0.5]] as const);
    const closeDate = closed ? isoDay(closedAt!) : random.chance(0.1) ? isoDay(now - random.int(1, 45) * DAY) : isoDay(now + random.int(7, 180) * DAY);
    if (closed) {
      stageHistory.push({ externalId: `${oppId}:${reached + 2}`, opportunityExternalId: oppId, fromStage: from, toStage: finalStage, amount, closeDate, changedAt: iso(closedAt!) });
    }
    const openStage = closed ? null : DEMO_STAGES[reached]!;
    opportunities.push({
      externalId: oppId,
      accountExternalId,
      ownerExternalId: random.chance(0.9) ? owner.externalId : team.reps[random.int(0, team.reps.length - 1)]!.externalId,
      productExternalId: product.externalId,
      name: `${name.split(' ').slice(0, 2).join(' ')} – ${product.name}${type === 'renewal' ? ' renewal' : type === 'expansion' ? ' expansion' : ''}`,
      stage: finalStage,
      rawStage: finalStage,
      stageOrder: closed ? CLOSED_ORDER : openStage!.order,
      type,
      amount,
      closeDate,
      probability: closed ? (won ? 1 : 0) : openStage!.probability,
      forecastCategory: closed ? (won ? 'WON' : null) : openStage!.forecast,
      nextStep: closed || random.chance(0.25) ? null : random.pick(NEXT_STEPS),
      competitor: random.chance(0.3) ? random.pick(COMPETITORS) : null,
      isClosed: closed,
      isWon: won,
      closeDatePushes: pushes,
      engagedAt: reached >= 1 ? iso(times[1]!) : null,
      stageEnteredAt: iso(closed ? closedAt! : times[reached]!),
      closedAt: closedAt === null ? null : iso(closedAt),
      crmCreatedAt: iso(createdAt),
      crmModifiedAt: iso(Math.min(now, (closedAt ?? times[reached]!) + random.int(0, 5) * DAY)),
    });
    const involved = Math.min(contacts.length, random.int(1, 3));
    for (let k = 0; k < involved; k++) {
      const contact = contacts[k === 0 ? 0 : random.int(0, contacts.length - 1)]!;
      if (opportunityContacts.some((x) => x.opportunityExternalId === oppId && x.contactExternalId === contact.externalId)) continue;
      opportunityContacts.push({
        externalId: `${oppId}:${contact.externalId}`,
        opportunityExternalId: oppId,
        contactExternalId: contact.externalId,
        role: OPPORTUNITY_CONTACT_ROLES[contact.buyingRole ?? 'unknown'],
        isPrimary: k === 0,
      });
    }
  }

  // Renewal of the current contract.
  const renewals: MirrorRenewal[] = [];
  if (isCustomer && arr !== null) {
    const days = profile === 'churn_risk' ? random.int(10, 90) : random.int(-20, 365);
    const disposition: MirrorRenewal['disposition'] =
      days < 0 ? 'RENEWED' : profile === 'churn_risk' && random.chance(0.5) ? 'SAVE_IN_PROGRESS' : days < 60 ? 'URGENT' : days <= 120 ? 'APPROACHING' : 'NOT_YET_DUE';
    const renewalOpp = opportunities.find((o) => o.type === 'renewal' && !o.isClosed);
    renewals.push({
      externalId: `ren-${id}`,
      accountExternalId,
      opportunityExternalId: renewalOpp?.externalId ?? null,
      renewalDate: isoDay(now + days * DAY),
      arr,
      disposition,
      contractingStartedAt: days < 120 && profile !== 'churn_risk' && random.chance(0.5) ? iso(now - random.int(1, 30) * DAY) : null,
    });
  } else if (profile === 'churned') {
    renewals.push({
      externalId: `ren-${id}`,
      accountExternalId,
      renewalDate: isoDay(now - random.int(30, 300) * DAY),
      arr: round(random.logUniform(segment.arr[0], segment.arr[1]), 100),
      disposition: 'CHURNED',
    });
  }

  // Activities: recent-heavy, in working hours; each profile has its own rhythm.
  const activities: MirrorActivity[] = [];
  const activityCount = random.countAround((options.activitiesPerAccount * ACTIVITY_VOLUME[profile]) / ACTIVITY_NORMALISER);
  const silentDays = profile === 'going_dark' ? random.int(60, 150) : profile === 'churned' ? random.int(120, 300) : 0;
  const meanAge = { healthy: 60, expanding: 45, at_risk: 140, going_dark: 90, churn_risk: 120, prospect: 50, churned: 120 }[profile];
  const inboundShare = { healthy: 0.45, expanding: 0.5, at_risk: 0.2, going_dark: 0.1, churn_risk: 0.15, prospect: 0.25, churned: 0.1 }[profile];
  const openOpps = opportunities.filter((o) => !o.isClosed);
  const champion = contacts[0]!;
  const championLeftDaysAgo = champion.status === 'LEFT_ORG' ? random.int(20, 75) : null;
  const lastTouch = new Map<string, number>();
  for (let a = 0; a < activityCount; a++) {
    const ageDays = Math.min(540, silentDays + random.exponential(meanAge));
    const occurredAt = workingHours(random, now - Math.floor(ageDays * DAY), now);
    const type = random.weighted([['email', 50], ['call', 18], ['meeting', 14], ['note', 10], ['task', 8]] as const);
    const direction: MirrorActivity['direction'] =
      type === 'note' || type === 'task'
        ? 'internal'
        : type === 'meeting'
          ? random.chance(0.1)
            ? 'internal'
            : random.chance(inboundShare * 0.6)
              ? 'inbound'
              : 'outbound'
          : random.chance(type === 'email' ? inboundShare : inboundShare * 0.4)
            ? 'inbound'
            : 'outbound';
    let contact: MirrorContact | null = null;
    if (direction !== 'internal') {
      const championGone = championLeftDaysAgo !== null && (now - occurredAt) / DAY < championLeftDaysAgo;
      contact = !championGone && random.chance(0.4) ? champion : contacts[random.int(0, contacts.length - 1)]!;
      if (championGone && contact === champion) contact = contacts.length > 1 ? contacts[1]! : null;
    }
    if (contact) lastTouch.set(contact.externalId, Math.max(lastTouch.get(contact.externalId) ?? 0, occurredAt));
    activities.push({
      externalId: `act-${id}-${String(a + 1).padStart(5, '0')}`,
      accountExternalId,
      contactExternalId: contact?.externalId ?? null,
      opportunityExternalId: openOpps.length > 0 && random.chance(0.4) ? openOpps[random.int(0, openOpps.length - 1)]!.externalId : null,
      ownerExternalId: random.chance(0.75) ? owner.externalId : team.reps[random.int(0, team.reps.length - 1)]!.externalId,
      type,
      direction,
      occurredAt: iso(occurredAt),
      subject: random.pick(SUBJECTS[type]),
    });
  }
  for (const contact of contacts) {
    const last = lastTouch.get(contact.externalId);
    contact.lastEngagedAt = last === undefined ? null : iso(last);
    contact.engagementScore = last === undefined ? 0 : Math.max(0, Math.round(100 - (now - last) / DAY));
  }

  const leads: MirrorLead[] = [];
  if (profile === 'prospect') {
    const leadCount = random.int(0, 3);
    for (let l = 0; l < leadCount; l++) {
      const person = anyPersonName(random.float());
      leads.push({
        externalId: `lead-${id}-${l + 1}`,
        accountExternalId,
        name: person.full,
        email: `${slug(person.first)}.${slug(person.last)}@${domain}`,
        company: name,
        status: random.pick(['Open', 'Working', 'Qualified', 'Unqualified']),
        mqlAt: random.chance(0.6) ? iso(workingHours(random, now - Math.floor(random.exponential(40) * DAY), now)) : null,
      });
    }
  }

  return { account, contacts, leads, opportunities, opportunityContacts, stageHistory, renewals, activities };
}

function* inBatches<T extends MirrorTable>(table: T, rows: MirrorRowsByTable[T][], size: number): Generator<MirrorBatch> {
  for (let i = 0; i < rows.length; i += size) yield { table, rows: rows.slice(i, i + size) } as MirrorBatch;
}

/**
 * The dataset as mirror batches, in an order where every reference points at a row yielded before it:
 * users, products, then per chunk of accounts: accounts, contacts, leads, opportunities, opportunity
 * contacts, stage history, renewals, activities.
 */
export async function* generateDataset(input: GenerateDatasetOptions): AsyncGenerator<MirrorBatch> {
  const options = generateDatasetOptionsSchema.parse(input);
  const team = demoTeam(options.seed, options.accounts);
  yield* inBatches('users', [team.leader, ...team.managers, ...team.reps], options.batchSize);
  yield* inBatches('products', DEMO_PRODUCTS.map((p) => ({ ...p })), options.batchSize);
  for (let start = 0; start < options.accounts; start += options.accountsPerChunk) {
    const chunk: AccountRows[] = [];
    for (let i = start; i < Math.min(options.accounts, start + options.accountsPerChunk); i++) chunk.push(generateAccount(i, options, team));
    yield* inBatches('accounts', chunk.map((c) => c.account), options.batchSize);
    yield* inBatches('contacts', chunk.flatMap((c) => c.contacts), options.batchSize);
    yield* inBatches('leads', chunk.flatMap((c) => c.leads), options.batchSize);
    yield* inBatches('opportunities', chunk.flatMap((c) => c.opportunities), options.batchSize);
    yield* inBatches('opportunity_contacts', chunk.flatMap((c) => c.opportunityContacts), options.batchSize);
    yield* inBatches('stage_history', chunk.flatMap((c) => c.stageHistory), options.batchSize);
    yield* inBatches('renewals', chunk.flatMap((c) => c.renewals), options.batchSize);
    yield* inBatches('activities', chunk.flatMap((c) => c.activities), options.batchSize);
  }
}
