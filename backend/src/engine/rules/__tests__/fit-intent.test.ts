import { describe } from 'vitest';
import { ruleTable } from './table';

describe('FIT-001 ARR tier fit', () => ruleTable('FIT-001', [
  ['ARR is unknown', {}, null],
  ['ARR is $500K', { arr: 500_000 }, 100],
  ['ARR is $200K', { arr: 200_000 }, 85],
  ['ARR is $199,999', { arr: 199_999 }, 70],
  ['ARR is $50K', { arr: 50_000 }, 55],
  ['ARR is $25K', { arr: 25_000 }, 40],
  ['ARR is $10K', { arr: 10_000 }, 25],
  ['ARR is $9K', { arr: 9_000 }, 10],
]));
describe('FIT-002 Segment alignment', () => ruleTable('FIT-002', [
  ['the segment is unknown', {}, null],
  ['the account is Enterprise', { segment: 'enterprise' }, 100],
  ['the account is Mid-Market', { segment: 'mid_market' }, 70],
  ['the account is SMB', { segment: 'smb' }, 35],
]));
describe('FIT-003 District size fit', () => ruleTable('FIT-003', [
  ['enrollment is unknown', {}, null],
  ['50,000 students', { studentEnrollment: 50_000 }, 100],
  ['20,000 students', { studentEnrollment: 20_000 }, 85],
  ['10,000 students', { studentEnrollment: 10_000 }, 65],
  ['5,000 students', { studentEnrollment: 5_000 }, 45],
  ['1,000 students', { studentEnrollment: 1_000 }, 25],
  ['999 students', { studentEnrollment: 999 }, 10],
]));
describe('FIT-004 Technology spend propensity', () => ruleTable('FIT-004', [['no market data', {}, null], ['propensity 73', { techSpendPropensity: 73 }, 73]]));
describe('FIT-005 AI adoption readiness', () => ruleTable('FIT-005', [['no market data', {}, null], ['readiness 12', { aiReadiness: 12 }, 12]]));
describe('FIT-006 Budget capacity', () => ruleTable('FIT-006', [
  ['the budget is unknown', {}, null],
  ['$5M', { techBudgetUsd: 5_000_000 }, 100],
  ['$2M', { techBudgetUsd: 2_000_000 }, 80],
  ['$1M', { techBudgetUsd: 1_000_000 }, 60],
  ['$500K', { techBudgetUsd: 500_000 }, 40],
  ['$100K', { techBudgetUsd: 100_000 }, 20],
  ['$99K', { techBudgetUsd: 99_000 }, 10],
]));
describe('FIT-007 Strategic theme alignment', () => ruleTable('FIT-007', [['no themes known', {}, null], ['alignment 66', { strategicThemeAlignment: 66 }, 66]]));
describe('FIT-008 Procurement complexity fit', () => ruleTable('FIT-008', [['complexity unknown', {}, null], ['complexity 30', { procurementComplexity: 30 }, 70]]));
describe('FIT-009 Cooperative purchasing pathway', () => ruleTable('FIT-009', [
  ['unknown', {}, null],
  ['a co-op contract exists', { coopPathway: true }, 100, 'COOP_PATHWAY_YES'],
  ['no co-op contract exists', { coopPathway: false }, 30, 'COOP_PATHWAY_NO'],
]));
describe('FIT-010 Account tier alignment', () => ruleTable('FIT-010', [
  ['the tier is unknown', {}, null],
  ['tier 1', { tier: 1 }, 100],
  ['tier 2', { tier: 2 }, 60],
  ['tier 3', { tier: 3 }, 30],
]));
describe('FIT-011 Startup friendliness', () => ruleTable('FIT-011', [['no market data', {}, null], ['friendliness 40', { startupFriendliness: 40 }, 40]]));
describe('FIT-012 Primary contact persona fit', () => ruleTable('FIT-012', [['no contacts', {}, null], ['best fit 95', { bestPersonaFit: 95 }, 95]]));

describe('INT-001 Cross-sell signal volume', () => ruleTable('INT-001', [
  ['no expansion data', {}, null],
  ['3 signals', { crossSellSignals: 3 }, 100],
  ['2 signals', { crossSellSignals: 2 }, 66],
  ['1 signal', { crossSellSignals: 1 }, 33],
  ['no signal', { crossSellSignals: 0 }, 0],
]));
describe('INT-002 Budget availability confirmed', () => ruleTable('INT-002', [
  ['budget status unknown', {}, null],
  ['budget confirmed, no trend', { budgetConfirmed: true }, 80, 'BUDGET_CONFIRMED'],
  ['budget confirmed and growing 5%', { budgetConfirmed: true, budgetTrendPct: 5 }, 100],
  ['budget confirmed and shrinking 6%', { budgetConfirmed: true, budgetTrendPct: -6 }, 65],
  ['budget not confirmed', { budgetConfirmed: false }, 20, 'BUDGET_NOT_CONFIRMED'],
  ['budget not confirmed and shrinking', { budgetConfirmed: false, budgetTrendPct: -10 }, 5],
]));
describe('INT-003 Grant funding opportunity', () => ruleTable('INT-003', [
  ['grant data unknown', {}, null],
  ['the window closes in 60 days', { grantWindowOpen: true, grantWindowClosesInDays: 60 }, 100, 'GRANT_WINDOW_CLOSING'],
  ['the window closes in 61 days', { grantWindowOpen: true, grantWindowClosesInDays: 61 }, 85, 'GRANT_WINDOW_OPEN'],
  ['no window is open', { grantWindowOpen: false }, 10, 'GRANT_NONE'],
]));
describe('INT-004 Product whitespace', () => ruleTable('INT-004', [['unknown', {}, null], ['55% whitespace', { whitespacePct: 55 }, 55]]));
describe('INT-005 Competitive displacement window', () => ruleTable('INT-005', [
  ['no competitor contract known', {}, null],
  ['it ends in 60 days', { competitorContractEndsInDays: 60 }, 100],
  ['it ends in 120 days', { competitorContractEndsInDays: 120 }, 80],
  ['it ends in 180 days', { competitorContractEndsInDays: 180 }, 60],
  ['it ends in 365 days', { competitorContractEndsInDays: 365 }, 40],
  ['it ends in 366 days', { competitorContractEndsInDays: 366 }, 20],
  ['it ended 10 days ago', { competitorContractEndsInDays: -10 }, 70, 'COMPETITOR_CONTRACT_ENDED'],
]));
describe('INT-006 MQL volume indicator', () => ruleTable('INT-006', [
  ['leads are not synced', {}, null],
  ['5 MQLs', { mqlCount90d: 5 }, 100],
  ['3 MQLs', { mqlCount90d: 3 }, 80],
  ['2 MQLs', { mqlCount90d: 2 }, 60],
  ['1 MQL', { mqlCount90d: 1 }, 40],
  ['no MQL', { mqlCount90d: 0 }, 10],
]));
describe('INT-007 RFP activity detected', () => ruleTable('INT-007', [
  ['unknown', {}, null],
  ['an RFP is active', { rfpActive: true }, 100],
  ['no RFP', { rfpActive: false }, 20],
]));
describe('INT-008 Budget growth trend', () => ruleTable('INT-008', [
  ['unknown', {}, null],
  ['+10%', { budgetTrendPct: 10 }, 100],
  ['+5%', { budgetTrendPct: 5 }, 80],
  ['flat', { budgetTrendPct: 0 }, 60],
  ['−5%', { budgetTrendPct: -5 }, 35],
  ['−5.1%', { budgetTrendPct: -5.1 }, 10],
]));
describe('INT-009 Strategic theme match', () => ruleTable('INT-009', [['unknown', {}, null], ['a match', { strategicThemeMatch: true }, 100], ['no match', { strategicThemeMatch: false }, 10]]));
describe('INT-010 Hiring intent signal', () => ruleTable('INT-010', [
  ['unknown', {}, null],
  ['3 postings', { hiringSignals90d: 3 }, 100],
  ['2 postings', { hiringSignals90d: 2 }, 75],
  ['1 posting', { hiringSignals90d: 1 }, 50],
  ['none', { hiringSignals90d: 0 }, 15],
]));
describe('INT-011 Board discussion relevance', () => ruleTable('INT-011', [
  ['unknown', {}, null],
  ['2 mentions', { boardMentions90d: 2 }, 100],
  ['1 mention', { boardMentions90d: 1 }, 70],
  ['none', { boardMentions90d: 0 }, 20],
]));
describe('INT-012 Demo or trial requested', () => ruleTable('INT-012', [
  ['demo requests are not tracked', {}, null],
  ['requested 30 days ago', { daysSinceDemoRequest: 30 }, 100],
  ['requested 90 days ago', { daysSinceDemoRequest: 90 }, 70],
  ['requested 91 days ago', { daysSinceDemoRequest: 91 }, 40],
  ['never requested', { daysSinceDemoRequest: Number.POSITIVE_INFINITY }, 15, 'DEMO_NOT_REQUESTED'],
]));
