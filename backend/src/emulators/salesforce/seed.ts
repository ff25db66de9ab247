// Deterministic bulk seeding: users, accounts with contacts, opportunities (with contact roles and their first
// OpportunityHistory row), tasks and events, spread over a date window. Same seed → same org.
import type { SalesforceOrg } from './org';
import { STANDARD_STAGES } from './schema';

export interface SeedSpec {
  users?: number;
  accounts?: number;
  contactsPerAccount?: number;
  opportunities?: number;
  /** Contact roles per opportunity (drawn from its account's contacts; default 2). */
  contactRolesPerOpportunity?: number;
  tasks?: number;
  events?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** CreatedDate window, epoch ms; SystemModstamp falls between CreatedDate and `until`. */
  since?: number;
  until?: number;
}

export interface SeedResult {
  userIds: string[];
  accountIds: string[];
  contactIds: string[];
  opportunityIds: string[];
  contactRoleIds: string[];
  taskIds: string[];
  eventIds: string[];
}

const DAY = 86_400_000;
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent', 'Massive', 'Dynamic', 'Blue', 'Summit', 'Northwind', 'Contoso', 'Fabrikam', 'Litware'];
const SUFFIXES = ['Corp', 'Inc', 'Labs', 'Group', 'Systems', 'Partners', 'Holdings', 'Health', 'Schools', 'Logistics'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Donald'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Knuth'];
const TITLES = ['VP Sales', 'Director of IT', 'Chief Financial Officer', 'Superintendent', 'Procurement Manager', 'Engineer', 'Chief Technology Officer', 'Operations Lead'];
const INDUSTRIES = ['Technology', 'Education', 'Healthcare', 'Finance', 'Manufacturing', 'Retail', 'Government'];
const TYPES = ['Prospect', 'Customer - Direct', 'Customer - Channel'];
const ROLES = ['Economic Buyer', 'Decision Maker', 'Technical Buyer', 'Influencer', 'Executive Sponsor', 'Evaluator', 'Business User'];
const STAGES = [...STANDARD_STAGES.keys()];
const TASK_SUBJECTS = ['Follow-up email', 'Discovery call', 'Send proposal', 'Check in on renewal', 'Demo prep', 'Pricing questions'];

/** mulberry32 */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOrg(org: SalesforceOrg, spec: SeedSpec): SeedResult {
  const rnd = prng(spec.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const until = spec.until ?? org.now() - DAY;
  const since = spec.since ?? until - 730 * DAY;
  const stamps = () => {
    const created = since + Math.floor(rnd() * (until - since));
    const modified = created + Math.floor(rnd() * (until - created));
    return { CreatedDate: iso(created), SystemModstamp: iso(modified), LastModifiedDate: iso(modified) };
  };
  const as = (actorId: string) => ({ system: true, actorId }) as const;
  const out: SeedResult = { userIds: [], accountIds: [], contactIds: [], opportunityIds: [], contactRoleIds: [], taskIds: [], eventIds: [] };

  for (let i = 0; i < (spec.users ?? 5); i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    out.userIds.push(org.create('User', { Username: `rep${i + 1}@seed.example`, FirstName: first, LastName: last, Email: `rep${i + 1}@seed.example`, Title: 'Account Executive', IsActive: true }, as(org.adminUserId)));
  }
  const owners = out.userIds.length ? out.userIds : [org.integrationUserId];
  const contactsByAccount = new Map<string, string[]>();
  const accountOwner = new Map<string, string>();

  for (let i = 0; i < (spec.accounts ?? 0); i++) {
    const name = `${pick(WORDS)} ${pick(SUFFIXES)} ${i + 1}`;
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
    const employees = Math.floor(10 ** (1 + rnd() * 4));
    const owner = pick(owners);
    const id = org.create('Account', {
      Name: name,
      Website: `https://www.${domain}`,
      Industry: pick(INDUSTRIES),
      Type: pick(TYPES),
      NumberOfEmployees: employees,
      AnnualRevenue: employees * Math.round(50_000 + rnd() * 150_000),
      BillingCountry: 'United States',
      OwnerId: owner,
      ...stamps(),
    }, as(owner));
    out.accountIds.push(id);
    accountOwner.set(id, owner);
    const contacts: string[] = [];
    for (let c = 0; c < (spec.contactsPerAccount ?? 0); c++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const cid = org.create('Contact', {
        AccountId: id,
        FirstName: first,
        LastName: last,
        Email: `${first}.${last}.${c}@${domain}`.toLowerCase(),
        Title: pick(TITLES),
        OwnerId: owner,
        ...stamps(),
      }, as(owner));
      contacts.push(cid);
      out.contactIds.push(cid);
    }
    contactsByAccount.set(id, contacts);
  }

  const rolesPerOpp = spec.contactRolesPerOpportunity ?? 2;
  for (let i = 0; i < (spec.opportunities ?? 0); i++) {
    const accountId = out.accountIds.length ? pick(out.accountIds) : null;
    const stage = pick(STAGES);
    const s = stamps();
    const closeDate = new Date(Date.parse(s.CreatedDate) + Math.floor((30 + rnd() * 150) * DAY)).toISOString().slice(0, 10);
    const oppOwner = accountId ? (accountOwner.get(accountId) ?? pick(owners)) : pick(owners);
    const id = org.create('Opportunity', {
      AccountId: accountId,
      Name: `Deal ${i + 1}`,
      StageName: stage,
      Amount: Math.round(5_000 + rnd() * 195_000),
      CloseDate: closeDate,
      NextStep: rnd() < 0.6 ? 'Schedule follow-up' : null,
      OwnerId: oppOwner,
      ...s,
    }, as(oppOwner));
    out.opportunityIds.push(id);
    const contacts = accountId ? (contactsByAccount.get(accountId) ?? []) : [];
    for (let r = 0; r < Math.min(rolesPerOpp, contacts.length); r++) {
      out.contactRoleIds.push(org.create('OpportunityContactRole', { OpportunityId: id, ContactId: contacts[r] as string, Role: pick(ROLES), IsPrimary: r === 0, ...s }, as(oppOwner)));
    }
  }

  const activityTarget = () => {
    const useOpp = out.opportunityIds.length > 0 && rnd() < 0.5;
    const whatId = useOpp ? pick(out.opportunityIds) : out.accountIds.length ? pick(out.accountIds) : null;
    const accountId = whatId && whatId.startsWith('006') ? (org.raw(whatId)?.values.AccountId as string | null) : whatId;
    const contacts = accountId ? (contactsByAccount.get(accountId) ?? []) : [];
    return { WhatId: whatId, WhoId: contacts.length ? pick(contacts) : null };
  };

  for (let i = 0; i < (spec.tasks ?? 0); i++) {
    const s = stamps();
    const taskOwner = pick(owners);
    const subtype = pick(['Email', 'Call', 'Task'] as const);
    const done = rnd() < 0.7;
    out.taskIds.push(org.create('Task', {
      ...activityTarget(),
      Subject: `${pick(TASK_SUBJECTS)} #${i + 1}`,
      Status: done ? 'Completed' : 'Not Started',
      Priority: 'Normal',
      TaskSubtype: subtype,
      Type: subtype === 'Task' ? 'Other' : subtype,
      CallType: subtype === 'Call' ? pick(['Inbound', 'Outbound']) : null,
      ActivityDate: s.CreatedDate.slice(0, 10),
      CompletedDateTime: done ? s.SystemModstamp : null,
      OwnerId: taskOwner,
      ...s,
    }, as(taskOwner)));
  }

  for (let i = 0; i < (spec.events ?? 0); i++) {
    const s = stamps();
    const eventOwner = pick(owners);
    out.eventIds.push(org.create('Event', {
      ...activityTarget(),
      Subject: `Meeting #${i + 1}`,
      StartDateTime: s.CreatedDate,
      DurationInMinutes: pick([30, 45, 60]),
      Type: 'Meeting',
      OwnerId: eventOwner,
      ...s,
    }, as(eventOwner)));
  }
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
