import type {
  AccountFeatureInput,
  AccountInput,
  ActivityInput,
  CloseDateChangeInput,
  ContactInput,
  HealthPointInput,
  LeadInput,
  OpportunityContactInput,
  OpportunityFeatureInput,
  OpportunityInput,
  RenewalInput,
  StageHistoryInput,
} from '../engine';
import type {
  AccountRow,
  ActivityRow,
  ContactRow,
  HealthPointRow,
  LeadRow,
  OpportunityContactRow,
  OpportunityRow,
  RenewalRow,
  StageHistoryRow,
} from '../db/queries/scoring-inputs';
import { DAY_MS } from './dates';
import { mapAccount } from './map-account';
import { mapActivity } from './map-activity';
import { mapContact } from './map-contact';
import { mapHealthPoint } from './map-health-point';
import { mapLead } from './map-lead';
import { mapOpportunity, mapOpportunityContact } from './map-opportunity';
import { mapRenewal } from './map-renewal';
import { mapStageHistory } from './map-stage-history';
import type { TenantShape } from './tenant-shape';

/**
 * Groups one chunk's rows by account and deal and maps them into engine inputs (pure). Objects the tenant
 * does not sync are null for every account; synced objects an account lacks are empty lists.
 */

export interface DealRows {
  opportunities: readonly OpportunityRow[];
  opportunityContacts: readonly OpportunityContactRow[];
  stageHistory: readonly StageHistoryRow[];
  /** Activities, each account's (or deal's) in time order. */
  activities: readonly ActivityRow[];
}

export interface AccountChunkRows extends DealRows {
  accounts: readonly AccountRow[];
  contacts: readonly ContactRow[];
  renewals: readonly RenewalRow[];
  leads: readonly LeadRow[];
  healthPoints: readonly HealthPointRow[];
}

export interface AssembledAccount {
  readonly input: AccountFeatureInput;
  /** The account's deals that get a deal score (see isScoredDeal). */
  readonly deals: OpportunityFeatureInput[];
}

/** Deals closed longer ago than this get no new score: their outcome is history, not forecast. */
export const CLOSED_DEAL_WINDOW_DAYS = 90;

/** Open deals are scored, and deals closed in the last CLOSED_DEAL_WINDOW_DAYS (this period's won and lost). */
export function isScoredDeal(opportunity: OpportunityInput, now: Date): boolean {
  if (!opportunity.isClosed) return true;
  const closed = opportunity.closedAt ?? opportunity.closeDate;
  return closed !== null && now.getTime() - closed.getTime() <= CLOSED_DEAL_WINDOW_DAYS * DAY_MS;
}

function groupBy<R, K>(rows: readonly R[], key: (row: R) => K | null): Map<K, R[]> {
  const out = new Map<K, R[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    let list = out.get(k);
    if (list === undefined) out.set(k, (list = []));
    list.push(row);
  }
  return out;
}

interface MappedDeals {
  /** Every deal of the group with its history (benchmarks and the account builder read all of them). */
  opportunities: OpportunityInput[];
  stageHistory: StageHistoryInput[];
  closeDateChanges: CloseDateChangeInput[];
  historyByDeal: Map<string, { stageHistory: StageHistoryInput[]; closeDateChanges: CloseDateChangeInput[] }>;
}

function mapDeals(rows: readonly OpportunityRow[], contactsByDeal: Map<string, OpportunityContactRow[]>, historyRows: Map<string, StageHistoryRow[]>, shape: TenantShape, now: Date): MappedDeals {
  const out: MappedDeals = { opportunities: [], stageHistory: [], closeDateChanges: [], historyByDeal: new Map() };
  for (const row of rows) {
    const hist = mapStageHistory(row.id, historyRows.get(row.id) ?? [], shape.stageOrders);
    const dealContacts: OpportunityContactInput[] | null = shape.opportunityContacts ? (contactsByDeal.get(row.id) ?? []).map(mapOpportunityContact) : null;
    const firstStage = hist.stageHistory[0];
    out.opportunities.push(mapOpportunity(row, { shape, contacts: dealContacts, firstStageMs: firstStage === undefined ? null : firstStage.enteredAt.getTime(), now }));
    for (const h of hist.stageHistory) out.stageHistory.push(h);
    for (const c of hist.closeDateChanges) out.closeDateChanges.push(c);
    out.historyByDeal.set(row.id, hist);
  }
  return out;
}

function dealInput(
  opportunity: OpportunityInput,
  account: AccountInput | null,
  contacts: readonly ContactInput[] | null,
  history: { stageHistory: StageHistoryInput[]; closeDateChanges: CloseDateChangeInput[] } | undefined,
  activities: readonly ActivityInput[] | undefined,
  shape: TenantShape,
): OpportunityFeatureInput {
  return {
    opportunity,
    account,
    contacts,
    stageHistory: shape.stageHistory ? (history?.stageHistory ?? []) : null,
    closeDateChanges: shape.closeDateHistory ? (history?.closeDateChanges ?? []) : null,
    activities: shape.activities ? (activities ?? []) : null,
    competitorNames: shape.competitorNames,
  };
}

export function assembleAccounts(rows: AccountChunkRows, shape: TenantShape, now: Date): AssembledAccount[] {
  const contacts = groupBy(rows.contacts, (r) => r.account_id);
  const opportunities = groupBy(rows.opportunities, (r) => r.account_id);
  const dealContacts = groupBy(rows.opportunityContacts, (r) => r.opportunity_id);
  const history = groupBy(rows.stageHistory, (r) => r.opportunity_id);
  const renewals = groupBy(rows.renewals, (r) => r.account_id);
  const activities = groupBy(rows.activities, (r) => r.account_id);
  const leads = groupBy(rows.leads, (r) => r.account_id);
  const points = groupBy(rows.healthPoints, (r) => r.account_id);

  const out: AssembledAccount[] = [];
  for (const row of rows.accounts) {
    const account = mapAccount(row);
    const accountContacts: ContactInput[] | null = shape.contacts ? (contacts.get(row.id) ?? []).map(mapContact) : null;
    const deals = mapDeals(opportunities.get(row.id) ?? [], dealContacts, history, shape, now);
    const accountActivities: ActivityInput[] = [];
    const activitiesByDeal = new Map<string, ActivityInput[]>();
    for (const a of activities.get(row.id) ?? []) {
      const mapped = mapActivity(a, row.id);
      if (mapped === null) continue;
      accountActivities.push(mapped);
      if (mapped.opportunityId !== null) {
        let list = activitiesByDeal.get(mapped.opportunityId);
        if (list === undefined) activitiesByDeal.set(mapped.opportunityId, (list = []));
        list.push(mapped);
      }
    }
    const priorHealth: HealthPointInput[] = [];
    for (const p of points.get(row.id) ?? []) {
      const point = mapHealthPoint(p);
      if (point !== null) priorHealth.push(point);
    }
    const accountRenewals: RenewalInput[] | null = shape.renewals ? (renewals.get(row.id) ?? []).map(mapRenewal) : null;
    const accountLeads: LeadInput[] | null = shape.leads ? (leads.get(row.id) ?? []).map(mapLead) : null;
    const input: AccountFeatureInput = {
      account,
      contacts: accountContacts,
      opportunities: shape.opportunities ? deals.opportunities : null,
      stageHistory: shape.stageHistory ? deals.stageHistory : null,
      closeDateChanges: shape.closeDateHistory ? deals.closeDateChanges : null,
      activities: shape.activities ? accountActivities : null,
      renewals: accountRenewals,
      leads: accountLeads,
      priorHealth,
      competitorNames: shape.competitorNames,
    };
    const scored: OpportunityFeatureInput[] = [];
    for (const o of deals.opportunities) {
      if (isScoredDeal(o, now)) scored.push(dealInput(o, account, accountContacts, deals.historyByDeal.get(o.id), activitiesByDeal.get(o.id), shape));
    }
    out.push({ input, deals: scored });
  }
  return out;
}

/** Deals without an account: scored on their own (no account, no account contacts). */
export function assembleOrphanDeals(rows: DealRows, shape: TenantShape, now: Date): OpportunityFeatureInput[] {
  const dealContacts = groupBy(rows.opportunityContacts, (r) => r.opportunity_id);
  const history = groupBy(rows.stageHistory, (r) => r.opportunity_id);
  const deals = mapDeals(rows.opportunities, dealContacts, history, shape, now);
  const activitiesByDeal = new Map<string, ActivityInput[]>();
  for (const a of rows.activities) {
    if (a.opportunity_id === null) continue;
    const mapped = mapActivity(a, a.account_id ?? '');
    if (mapped === null) continue;
    let list = activitiesByDeal.get(a.opportunity_id);
    if (list === undefined) activitiesByDeal.set(a.opportunity_id, (list = []));
    list.push(mapped);
  }
  const out: OpportunityFeatureInput[] = [];
  for (const o of deals.opportunities) {
    if (isScoredDeal(o, now)) out.push(dealInput(o, null, null, deals.historyByDeal.get(o.id), activitiesByDeal.get(o.id), shape));
  }
  return out;
}

/** Deals as tenant benchmarks read them (every live deal with its stage history). */
export function benchmarkDeals(rows: Pick<DealRows, 'opportunities' | 'stageHistory'>, shape: TenantShape, now: Date): { opportunities: OpportunityInput[]; stageHistory: StageHistoryInput[] } {
  const history = groupBy(rows.stageHistory, (r) => r.opportunity_id);
  const deals = mapDeals(rows.opportunities, new Map(), history, { ...shape, opportunityContacts: false }, now);
  return { opportunities: deals.opportunities, stageHistory: deals.stageHistory };
}
