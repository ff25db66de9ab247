import { describe } from 'vitest';
import { roleMap } from '../../testing/empty-features';
import { ruleTable } from './table';

const champion = (activeCount: number, daysSinceLastEngagement: number | null = null) => roleMap({ champion: { count: activeCount, activeCount, daysSinceLastEngagement } });

describe('REL-001 Active champion', () => ruleTable('REL-001', [
  ['contacts are not synced', {}, null],
  ['a champion is active', { roles: champion(1) }, 100, 'CHAMPION_ACTIVE'],
  ['no champion', { roles: roleMap() }, 10, 'CHAMPION_NONE'],
]));
describe('REL-002 Champion engagement recency', () => ruleTable('REL-002', [
  ['contacts are not synced', {}, null],
  ['there is no champion', { roles: roleMap() }, null],
  ['14 days', { roles: champion(1, 14) }, 100],
  ['30 days', { roles: champion(1, 30) }, 80],
  ['60 days', { roles: champion(1, 60) }, 55],
  ['90 days', { roles: champion(1, 90) }, 30],
  ['91 days', { roles: champion(1, 91) }, 10],
  ['never engaged', { roles: champion(1, Number.POSITIVE_INFINITY) }, 5],
]));
describe('REL-003 Executive sponsor engaged', () => ruleTable('REL-003', [
  ['contacts are not synced', {}, null],
  ['no sponsor', { roles: roleMap() }, 0],
  ['sponsor without engagement data', { roles: roleMap({ exec_sponsor: { count: 1, activeCount: 1 } }) }, 70],
  ['sponsor engaged 30 days ago', { roles: roleMap({ exec_sponsor: { count: 1, activeCount: 1, daysSinceLastEngagement: 30 } }) }, 100],
  ['sponsor engaged 90 days ago', { roles: roleMap({ exec_sponsor: { count: 1, activeCount: 1, daysSinceLastEngagement: 90 } }) }, 70],
  ['sponsor engaged 91 days ago', { roles: roleMap({ exec_sponsor: { count: 1, activeCount: 1, daysSinceLastEngagement: 91 } }) }, 40],
  ['sponsor never engaged', { roles: roleMap({ exec_sponsor: { count: 1, activeCount: 1, daysSinceLastEngagement: Number.POSITIVE_INFINITY } }) }, 30],
]));
describe('REL-004 Economic buyer relationship', () => ruleTable('REL-004', [
  ['contacts are not synced', {}, null],
  ['no economic buyer', { roles: roleMap() }, 10],
  ['engaged 90 days ago', { roles: roleMap({ economic_buyer: { count: 1, activeCount: 1, daysSinceLastEngagement: 90 } }) }, 100],
  ['silent 91 days', { roles: roleMap({ economic_buyer: { count: 1, activeCount: 1, daysSinceLastEngagement: 91 } }) }, 50],
  ['never engaged', { roles: roleMap({ economic_buyer: { count: 1, activeCount: 1, daysSinceLastEngagement: Number.POSITIVE_INFINITY } }) }, 40],
]));
describe('REL-005 Multi-threading depth', () => ruleTable('REL-005', [
  ['contacts are not synced', {}, null],
  ['4 roles', { distinctActiveRoles: 4 }, 100],
  ['3 roles', { distinctActiveRoles: 3 }, 80],
  ['2 roles', { distinctActiveRoles: 2 }, 55],
  ['1 role', { distinctActiveRoles: 1 }, 25],
  ['no role', { distinctActiveRoles: 0 }, 0],
]));
describe('REL-006 Stakeholder coverage composite', () => ruleTable('REL-006', [
  ['contacts are not synced', {}, null],
  ['champion, sponsor, buyer and 4 contacts', { contactsActive: 4, roles: roleMap({ champion: { activeCount: 1 }, exec_sponsor: { activeCount: 1 }, economic_buyer: { activeCount: 1 } }) }, 100],
  ['only a champion, alone', { contactsActive: 1, roles: roleMap({ champion: { activeCount: 1 } }) }, 35],
  ['two contacts, no key role', { contactsActive: 2, roles: roleMap() }, 5],
]));
describe('REL-007 Stakeholder turnover', () => ruleTable('REL-007', [
  ['contacts are not synced', {}, null],
  ['none left', { contactsLeft180d: 0 }, 100],
  ['1 left', { contactsLeft180d: 1 }, 67],
  ['2 left', { contactsLeft180d: 2 }, 33],
  ['3 left', { contactsLeft180d: 3 }, 0],
]));
describe('REL-008 Champion departure', () => ruleTable('REL-008', [
  ['contacts are not synced', {}, null],
  ['no departure', { championLeft180d: false, roles: roleMap() }, 100],
  ['replaced', { championLeft180d: true, roles: champion(1) }, 50, 'CHAMPION_REPLACED'],
  ['not replaced', { championLeft180d: true, roles: roleMap() }, 0, 'CHAMPION_DEPARTED'],
]));
describe('REL-009 Blocker presence', () => ruleTable('REL-009', [
  ['contacts are not synced', {}, null],
  ['no blocker', { activeBlockers: 0, roles: roleMap() }, 100],
  ['a blocker and a champion', { activeBlockers: 1, roles: champion(1) }, 65],
  ['a blocker alone', { activeBlockers: 1, roles: roleMap() }, 50],
  ['two blockers', { activeBlockers: 2, roles: roleMap() }, 20],
]));
describe('REL-010 Stale contact data', () => ruleTable('REL-010', [
  ['no engagement data', {}, null],
  ['none stale', { staleContactShare: 0 }, 100],
  ['25% stale', { staleContactShare: 0.25 }, 75],
  ['50% stale', { staleContactShare: 0.5 }, 50],
  ['80% stale', { staleContactShare: 0.8 }, 25],
  ['all stale', { staleContactShare: 1 }, 0],
]));
describe('REL-011 Executive engagement (90d)', () => ruleTable('REL-011', [
  ['unknown', {}, null],
  ['2 touches', { execTouches90d: 2 }, 100],
  ['1 touch', { execTouches90d: 1 }, 70],
  ['none', { execTouches90d: 0 }, 15],
]));

describe('RSK-001 Computed renewal risk', () => ruleTable('RSK-001', [
  ['there is no renewal risk', {}, null],
  ['renewal risk is 35', {}, 65, 'RENEWAL_RISK', 35],
]));
describe('RSK-002 Budget decline risk', () => ruleTable('RSK-002', [
  ['unknown', {}, null],
  ['flat', { budgetTrendPct: 0 }, 100],
  ['−5%', { budgetTrendPct: -5 }, 70],
  ['−10%', { budgetTrendPct: -10 }, 40],
  ['−11%', { budgetTrendPct: -11 }, 10],
]));
describe('RSK-003 Payment delinquency risk', () => ruleTable('RSK-003', [
  ['billing not connected', {}, null],
  ['0 late', { latePayments12m: 0 }, 100],
  ['1 late', { latePayments12m: 1 }, 70],
  ['2 late', { latePayments12m: 2 }, 40],
  ['3 late', { latePayments12m: 3 }, 0],
]));
describe('RSK-004 Support escalation risk', () => ruleTable('RSK-004', [
  ['support not connected', {}, null],
  ['19% escalated', { supportEscalationPct: 19 }, 100],
  ['20% escalated', { supportEscalationPct: 20 }, 75],
  ['40% escalated', { supportEscalationPct: 40 }, 45],
  ['60% escalated', { supportEscalationPct: 60 }, 30],
  ['80% escalated', { supportEscalationPct: 80 }, 0],
  ['20% escalated and 2 critical open', { supportEscalationPct: 20, openCriticalTickets: 2 }, 45, 'SUPPORT_ESCALATION_CRITICAL'],
]));
describe('RSK-005 Competitive threat level', () => ruleTable('RSK-005', [
  ['unknown', {}, null],
  ['no competitor', { competitorDealShare: 0 }, 100],
  ['25%', { competitorDealShare: 0.25 }, 70],
  ['50%', { competitorDealShare: 0.5 }, 45],
  ['75%', { competitorDealShare: 0.75 }, 20],
]));
describe('RSK-006 Market context risk', () => ruleTable('RSK-006', [['no market data', {}, null], ['composite 40', { marketContextRisk: 40 }, 60]]));
describe('RSK-007 Silent churn pattern', () => ruleTable('RSK-007', [
  ['usage is unknown', { daysSinceLastActivity: 40 }, null],
  ['all three signs', { daysSinceLastActivity: 30, usageTrendPct: -1, npsScore: 8 }, 0],
  ['silent and unknown NPS, usage growing', { daysSinceLastActivity: 30, usageTrendPct: 5 }, 40],
  ['active, promoter, falling usage', { daysSinceLastActivity: 2, usageTrendPct: -5, npsScore: 9 }, 75],
  ['active, promoter, growing', { daysSinceLastActivity: 2, usageTrendPct: 5, npsScore: 10 }, 100],
]));
describe('RSK-008 Revenue concentration risk', () => ruleTable('RSK-008', [
  ['no tenant ARR distribution', { arr: 500_000 }, null, undefined, 60],
  ['top-quartile ARR at risk 50', { arr: 200_000, tenantArrP50: 50_000, tenantArrP75: 150_000 }, 10, 'REVENUE_EXPOSURE', 50],
  ['above-median ARR at risk 50', { arr: 60_000, tenantArrP50: 50_000, tenantArrP75: 150_000 }, 40, undefined, 50],
  ['top-quartile ARR at risk 30', { arr: 200_000, tenantArrP50: 50_000, tenantArrP75: 150_000 }, 60, undefined, 30],
  ['small ARR at risk 90', { arr: 10_000, tenantArrP50: 50_000, tenantArrP75: 150_000 }, 100, undefined, 90],
]));
describe('RSK-009 Engagement decay rate', () => ruleTable('RSK-009', [
  ['unknown', {}, null],
  ['9.9% decay', { engagementDecayPct: 9.9 }, 100],
  ['10% decay', { engagementDecayPct: 10 }, 60],
  ['20% decay', { engagementDecayPct: 20 }, 30],
  ['35% decay', { engagementDecayPct: 35 }, 0],
]));
describe('RSK-010 Imminent renewal exposure', () => ruleTable('RSK-010', [
  ['no renewal risk', { daysToRenewal: 10 }, null],
  ['30 days at risk 50', { daysToRenewal: 30 }, 0, 'RENEWAL_IMMINENT_RISK', 50],
  ['30 days at risk 30', { daysToRenewal: 30 }, 30, undefined, 30],
  ['90 days at risk 50', { daysToRenewal: 90 }, 25, undefined, 50],
  ['90 days at risk 30', { daysToRenewal: 90 }, 55, undefined, 30],
  ['91 days at risk 90', { daysToRenewal: 91 }, 100, undefined, 90],
  ['overdue at risk 60', { daysToRenewal: -5 }, 0, undefined, 60],
]));
describe('RSK-011 NPS detractor risk', () => ruleTable('RSK-011', [
  ['no survey', {}, null],
  ['NPS 9', { npsScore: 9 }, 100],
  ['NPS 8', { npsScore: 8 }, 70],
  ['NPS 7', { npsScore: 7 }, 40],
  ['NPS 6', { npsScore: 6 }, 0],
  ['NPS 8 down from 10', { npsScore: 8, npsPreviousScore: 10 }, 50, 'NPS_DROP'],
]));
describe('RSK-012 Recent deal losses', () => ruleTable('RSK-012', [
  ['opportunities are not synced', {}, null],
  ['none lost', { closedLost180d: 0 }, 100],
  ['1 lost', { closedLost180d: 1 }, 60],
  ['2 lost', { closedLost180d: 2 }, 25],
]));

const q = { tenantDealAmountP25: 10_000, tenantDealAmountP50: 25_000, tenantDealAmountP75: 60_000 };
describe('OQ-001 Deal size vs tenant norm', () => ruleTable('OQ-001', [
  ['the tenant has too few deals', { primaryDealAmount: 80_000 }, null],
  ['at p75', { primaryDealAmount: 60_000, ...q }, 100],
  ['at the median', { primaryDealAmount: 25_000, ...q }, 80],
  ['at p25', { primaryDealAmount: 10_000, ...q }, 55],
  ['below p25', { primaryDealAmount: 9_999, ...q }, 30],
]));
describe('OQ-002 Stage win probability', () => ruleTable('OQ-002', [['no open deal', {}, null], ['wins 35%', { primaryDealWinRate: 0.35 }, 35]]));
describe('OQ-003 Buyer readiness', () => ruleTable('OQ-003', [
  ['roles unknown', { primaryDealHasNextStep: true }, null],
  ['all three', { primaryDealHasEconomicBuyer: true, primaryDealHasChampion: true, primaryDealHasNextStep: true }, 100],
  ['only a next step', { primaryDealHasEconomicBuyer: false, primaryDealHasChampion: false, primaryDealHasNextStep: true }, 25],
]));
describe('OQ-004 Stage progression depth', () => ruleTable('OQ-004', [['no open deal', {}, null], ['negotiation', { primaryDealStageProgress: 0.8 }, 80]]));
describe('OQ-005 Deal engagement (30d)', () => ruleTable('OQ-005', [
  ['activities not synced', {}, null],
  ['8', { primaryDealActivities30d: 8 }, 100],
  ['4', { primaryDealActivities30d: 4 }, 75],
  ['2', { primaryDealActivities30d: 2 }, 50],
  ['1', { primaryDealActivities30d: 1 }, 30],
  ['0', { primaryDealActivities30d: 0 }, 5],
]));
describe('OQ-006 Close date realism', () => ruleTable('OQ-006', [
  ['no close date', { primaryDealIsLateStage: true }, null],
  ['past due', { primaryDealDaysToClose: -5, primaryDealIsLateStage: true }, 0, 'DEAL_PAST_DUE'],
  ['90 days from a late stage', { primaryDealDaysToClose: 90, primaryDealIsLateStage: true }, 100],
  ['90 days from an early stage', { primaryDealDaysToClose: 90, primaryDealIsLateStage: false }, 35],
  ['a year out', { primaryDealDaysToClose: 365, primaryDealIsLateStage: false }, 70],
  ['over a year out', { primaryDealDaysToClose: 366, primaryDealIsLateStage: true }, 40],
]));
describe('OQ-007 Deal multi-threading', () => ruleTable('OQ-007', [
  ['roles unknown', {}, null],
  ['3', { primaryDealContactCount: 3 }, 100],
  ['2', { primaryDealContactCount: 2 }, 60],
  ['1', { primaryDealContactCount: 1 }, 30],
  ['0', { primaryDealContactCount: 0 }, 0],
]));
describe('OQ-008 Competitive position', () => ruleTable('OQ-008', [
  ['unknown', {}, null],
  ['none', { primaryDealCompetitorCount: 0 }, 100],
  ['one', { primaryDealCompetitorCount: 1 }, 55],
  ['two', { primaryDealCompetitorCount: 2 }, 25],
]));
describe('OQ-009 Champion on deal', () => ruleTable('OQ-009', [
  ['roles unknown', {}, null],
  ['no champion', { primaryDealHasChampion: false }, 10],
  ['champion without data', { primaryDealHasChampion: true }, 70],
  ['champion engaged 30 days ago', { primaryDealHasChampion: true, primaryDealChampionDaysSinceEngaged: 30 }, 100],
  ['champion silent 31 days', { primaryDealHasChampion: true, primaryDealChampionDaysSinceEngaged: 31 }, 45],
]));
describe('OQ-010 Discount pressure', () => ruleTable('OQ-010', [
  ['unknown', {}, null],
  ['10%', { primaryDealDiscountPct: 10 }, 100],
  ['20%', { primaryDealDiscountPct: 20 }, 70],
  ['30%', { primaryDealDiscountPct: 30 }, 40],
  ['31%', { primaryDealDiscountPct: 31 }, 15],
]));
describe('OQ-011 Next step defined', () => ruleTable('OQ-011', [['no open deal', {}, null], ['a next step', { primaryDealHasNextStep: true }, 100], ['no next step', { primaryDealHasNextStep: false }, 15]]));
