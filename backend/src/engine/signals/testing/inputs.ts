import { BUYING_ROLES, type BuyingRole } from '@pillar/shared';
import type { RoleCoverage, RoleCoverageMap } from '../../features/account-features';
import type { AccountSignalFeatures, AccountSignalInput, OpportunitySignalFeatures, OpportunitySignalInput } from '../types';

/** Inputs where nothing is known; each test sets only what its rule reads. */
export function accountInput(over: Partial<Omit<AccountSignalInput, 'features'>> & { features?: Partial<AccountSignalFeatures> } = {}): AccountSignalInput {
  const features: AccountSignalFeatures = {
    engagementDecayPct: null,
    contactsLeft180d: null,
    championLeft180d: null,
    roles: null,
    contractingLagDays: null,
    npsScore: null,
    npsPreviousScore: null,
    supportEscalationPct: null,
    budgetTrendPct: null,
    competitorContractEndsInDays: null,
    rfpActive: null,
    whitespacePct: null,
    adoptionPct: null,
    crossSellSignals: null,
    grantWindowOpen: null,
    grantWindowClosesInDays: null,
    strategicThemeMatch: null,
    boardMentions90d: null,
    hiringSignals90d: null,
    daysSince: null,
    avgContactEngagement: null,
    competitorDealShare: null,
    staleContactShare: null,
    distinctContactsEngaged90d: null,
    openDealCount: null,
    daysToRenewal: null,
    ...over.features,
  };
  return {
    accountId: 'acc-1',
    name: 'Acme',
    ownerId: 'user-1',
    arr: null,
    health: null,
    renewalRisk: null,
    expansionPropensity: null,
    dataSufficiency: 1,
    ...over,
    features,
  };
}

export function opportunityInput(over: Partial<Omit<OpportunitySignalInput, 'features'>> & { features?: Partial<OpportunitySignalFeatures> } = {}): OpportunitySignalInput {
  const features: OpportunitySignalFeatures = {
    isClosed: false,
    isWon: false,
    isLateStage: false,
    stage: 'Discovery',
    forecastCategory: null,
    closeDatePushes: null,
    daysInStage: null,
    hasNextStep: true,
    contactCount: null,
    hasEconomicBuyer: null,
    daysSinceLastActivity: null,
    amount: null,
    ...over.features,
  };
  return { opportunityId: 'opp-1', accountId: 'acc-1', name: 'Big deal', ownerId: 'user-1', dealRisk: null, hygiene: null, confidence: null, dataSufficiency: 1, ...over, features };
}

/** A role map with `active` active contacts in the listed roles and none elsewhere. */
export function roles(active: Partial<Record<BuyingRole, number>>): RoleCoverageMap {
  const entry = (n: number): RoleCoverage => ({ count: n, activeCount: n, daysSinceLastEngagement: n > 0 ? 5 : null });
  return Object.fromEntries(BUYING_ROLES.map((r) => [r, entry(active[r] ?? 0)])) as RoleCoverageMap;
}
