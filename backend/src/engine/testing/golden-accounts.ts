import type { AccountFeatureInput, ActivityInput, ContactInput, OpportunityInput } from '../features/inputs';

/** Fixed clock of the golden fixtures. */
export const GOLDEN_NOW = new Date('2026-11-01T12:00:00Z');
const DAY = 86_400_000;
const ago = (d: number): Date => new Date(GOLDEN_NOW.getTime() - d * DAY);
const ahead = (d: number): Date => new Date(GOLDEN_NOW.getTime() + d * DAY);

function acts(accountId: string, spec: ReadonlyArray<readonly [daysAgo: number, type: ActivityInput['type'], dir: ActivityInput['direction'], contactId?: string, oppId?: string]>): ActivityInput[] {
  return spec.map(([d, type, direction, contactId, oppId], i) => ({
    id: `${accountId}-act${i}`,
    accountId,
    opportunityId: oppId ?? null,
    contactId: contactId ?? null,
    type,
    direction,
    occurredAt: ago(d),
    subject: null,
  }));
}

function contact(id: string, accountId: string, role: ContactInput['buyingRole'], title: string, status: ContactInput['status'] = 'active', leftAt: Date | null = null): ContactInput {
  return { id, accountId, title, buyingRole: role, status, leftAt, engagementScore: null, lastEngagedAt: null };
}

function opp(o: Partial<OpportunityInput> & Pick<OpportunityInput, 'id' | 'accountId' | 'stage'>): OpportunityInput {
  return {
    name: o.id,
    ownerId: 'u1',
    stageOrder: null,
    isClosed: false,
    isWon: false,
    amount: 50_000,
    probability: null,
    forecastCategory: null,
    closeDate: ahead(45),
    createdAt: ago(60),
    closedAt: null,
    nextStep: 'Send proposal',
    pushCount: 0,
    competitors: [],
    discountPct: null,
    contacts: null,
    ...o,
  };
}

/** A well-run enterprise customer: engaged champion and sponsor, growing usage, renewal signed. */
export const HEALTHY: AccountFeatureInput = {
  account: {
    id: 'golden-healthy', name: 'Northwind', ownerId: 'u1', arr: 620_000, segment: 'enterprise', tier: 1, employees: 4_000, annualRevenue: 9e8, industry: 'software', createdAt: ago(900),
    signals: { usageCurrentQuarter: 1_300, usagePreviousQuarter: 1_100, adoptionPct: 78, activeUsers: 420, licensedSeats: 500, supportEscalationPct: 8, npsScore: 9, latePayments12m: 0, whitespacePct: 40, crossSellSignals: 2 },
  },
  contacts: [
    contact('h-c1', 'golden-healthy', 'champion', 'Director of Operations'),
    contact('h-c2', 'golden-healthy', 'exec_sponsor', 'Chief Operating Officer'),
    contact('h-c3', 'golden-healthy', 'economic_buyer', 'CFO'),
    contact('h-c4', 'golden-healthy', 'end_user', 'Analyst'),
  ],
  opportunities: [
    opp({ id: 'h-o1', accountId: 'golden-healthy', stage: 'Proposal', amount: 180_000, probability: 60, forecastCategory: 'best_case', contacts: [{ contactId: 'h-c1', role: null }, { contactId: 'h-c2', role: null }, { contactId: 'h-c3', role: null }] }),
  ],
  stageHistory: [
    { opportunityId: 'h-o1', stage: 'Discovery', stageOrder: 0, enteredAt: ago(60) },
    { opportunityId: 'h-o1', stage: 'Proposal', stageOrder: 1, enteredAt: ago(12) },
  ],
  closeDateChanges: [],
  activities: acts('golden-healthy', [
    [1, 'meeting', 'outbound', 'h-c1', 'h-o1'], [3, 'email', 'inbound', 'h-c1', 'h-o1'], [6, 'call', 'outbound', 'h-c2'], [9, 'email', 'inbound', 'h-c3'],
    [14, 'meeting', 'outbound', 'h-c2', 'h-o1'], [20, 'email', 'outbound', 'h-c4'], [25, 'email', 'inbound', 'h-c1'], [40, 'meeting', 'outbound', 'h-c1'],
    [55, 'email', 'inbound', 'h-c4'], [70, 'note', 'internal'],
  ]),
  renewals: [{ id: 'h-r1', accountId: 'golden-healthy', renewalDate: ahead(200), arr: 620_000, status: 'open', contractSentAt: null, signedAt: null }],
  leads: [],
  priorHealth: [{ at: ago(7), score: 78 }, { at: ago(30), score: 74 }],
};

/** A customer going quiet before its renewal: champion left, usage and NPS falling, tickets escalating. */
export const AT_RISK: AccountFeatureInput = {
  account: {
    id: 'golden-at-risk', name: 'Contoso', ownerId: 'u2', arr: 240_000, segment: 'mid_market', tier: 2, employees: 700, annualRevenue: 1e8, industry: 'retail', createdAt: ago(1_200),
    signals: { usageCurrentQuarter: 500, usagePreviousQuarter: 900, adoptionPct: 31, activeUsers: 40, licensedSeats: 200, supportEscalationPct: 65, openCriticalTickets: 2, npsScore: 5, npsPreviousScore: 8, latePayments12m: 2, budgetTrendPct: -8 },
  },
  contacts: [
    contact('r-c1', 'golden-at-risk', 'champion', 'IT Manager', 'left_org', ago(40)),
    contact('r-c2', 'golden-at-risk', 'end_user', 'Store Lead'),
    contact('r-c3', 'golden-at-risk', 'blocker', 'Procurement Lead'),
  ],
  opportunities: [],
  stageHistory: [],
  closeDateChanges: [],
  activities: acts('golden-at-risk', [[48, 'email', 'outbound', 'r-c2'], [52, 'email', 'outbound', 'r-c2'], [60, 'meeting', 'outbound', 'r-c1'], [75, 'email', 'inbound', 'r-c1'], [80, 'call', 'outbound', 'r-c1']]),
  renewals: [{ id: 'r-r1', accountId: 'golden-at-risk', renewalDate: ahead(25), arr: 240_000, status: 'open', contractSentAt: null, signedAt: null }],
  leads: [],
  priorHealth: [{ at: ago(7), score: 41 }, { at: ago(30), score: 52 }],
};

/** A new logo in an active sales cycle: no ARR yet, one stalled deal pushed twice. */
export const NEW_LOGO: AccountFeatureInput = {
  account: { id: 'golden-new-logo', name: 'Fabrikam', ownerId: 'u3', arr: null, segment: 'smb', tier: 3, employees: 90, annualRevenue: 1.2e7, industry: 'medical', createdAt: ago(120), signals: null },
  contacts: [contact('n-c1', 'golden-new-logo', 'influencer', 'Office Manager')],
  opportunities: [
    opp({ id: 'n-o1', accountId: 'golden-new-logo', stage: 'Qualification', amount: 18_000, createdAt: ago(110), closeDate: ago(5), nextStep: null, pushCount: 2, forecastCategory: 'commit', probability: 20, contacts: [{ contactId: 'n-c1', role: null }] }),
  ],
  stageHistory: [{ opportunityId: 'n-o1', stage: 'Qualification', stageOrder: 1, enteredAt: ago(95) }],
  closeDateChanges: null,
  activities: acts('golden-new-logo', [[33, 'email', 'outbound', 'n-c1', 'n-o1'], [45, 'call', 'outbound', 'n-c1', 'n-o1'], [95, 'meeting', 'outbound', 'n-c1', 'n-o1']]),
  renewals: [],
  leads: [{ id: 'n-l1', accountId: 'golden-new-logo', mqlAt: ago(100) }],
  priorHealth: null,
};

/** A CSV-only account (like the Maven import): opportunities, nothing else synced. */
export const SPARSE: AccountFeatureInput = {
  account: { id: 'golden-sparse', name: 'Acme Corporation', ownerId: null, arr: null, segment: null, tier: null, employees: 2_822, annualRevenue: 1.1e9, industry: 'technolgy', createdAt: null, signals: null },
  contacts: null,
  opportunities: [
    opp({ id: 's-o1', accountId: 'golden-sparse', stage: 'Engaging', amount: 1_054, createdAt: ago(40), closeDate: null, nextStep: null, pushCount: null, competitors: null }),
    opp({ id: 's-o2', accountId: 'golden-sparse', stage: 'Won', isClosed: true, isWon: true, amount: 5_169, createdAt: ago(150), closedAt: ago(20), closeDate: ago(20), nextStep: null, pushCount: null, competitors: null }),
  ],
  stageHistory: null,
  closeDateChanges: null,
  activities: null,
  renewals: null,
  leads: null,
  priorHealth: null,
};

export const GOLDEN_ACCOUNTS = { healthy: HEALTHY, atRisk: AT_RISK, newLogo: NEW_LOGO, sparse: SPARSE } as const;
