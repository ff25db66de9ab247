import { describe } from 'vitest';
import { activityWindow as w } from '../../testing/empty-features';
import { ruleTable } from './table';

describe('VEL-001 Deal stage velocity', () => ruleTable('VEL-001', [
  ['no stage median is known', {}, null],
  ['deals sit at the median', { meanStageVelocityRatio: 1 }, 100],
  ['deals sit 1.5× the median', { meanStageVelocityRatio: 1.5 }, 70],
  ['deals sit 2× the median', { meanStageVelocityRatio: 2 }, 40],
  ['deals sit 2.1× the median', { meanStageVelocityRatio: 2.1 }, 10],
]));
describe('VEL-002 Close date slippage', () => ruleTable('VEL-002', [
  ['pushes are unknown', {}, null],
  ['no push', { primaryDealPushes: 0 }, 100],
  ['1 push', { primaryDealPushes: 1 }, 70],
  ['2 pushes', { primaryDealPushes: 2 }, 40],
  ['3 pushes', { primaryDealPushes: 3 }, 10],
]));
describe('VEL-003 Meeting cadence (90d)', () => ruleTable('VEL-003', [
  ['activities are not synced', {}, null],
  ['6 meetings', { activity90d: w({ meeting: 6 }) }, 100],
  ['3 meetings', { activity90d: w({ meeting: 3 }) }, 75],
  ['1 meeting', { activity90d: w({ meeting: 1 }) }, 45],
  ['no meeting', { activity90d: w() }, 10],
]));
describe('VEL-005 Score momentum', () => ruleTable('VEL-005', [
  ['no earlier health points', {}, null],
  ['only one earlier point', { health7dAgo: 60 }, null],
  ['health rose 10', { health7dAgo: 70, health30dAgo: 60 }, 100],
  ['health rose 3', { health7dAgo: 63, health30dAgo: 60 }, 75],
  ['health is flat', { health7dAgo: 60, health30dAgo: 60 }, 55],
  ['health fell 3', { health7dAgo: 57, health30dAgo: 60 }, 30],
  ['health fell 10', { health7dAgo: 50, health30dAgo: 60 }, 10],
]));
describe('VEL-006 Contracting activity', () => ruleTable('VEL-006', [
  ['there is no renewal', {}, null],
  ['contracting has not started', { contractingStatus: 'not_started' }, null],
  ['the contract is signed', { contractingStatus: 'signed' }, 100, 'CONTRACT_SIGNED'],
  ['the contract is out 14 days', { contractingStatus: 'in_progress', contractingDaysOpen: 14 }, 100],
  ['the contract is out 30 days', { contractingStatus: 'in_progress', contractingDaysOpen: 30 }, 80],
  ['the contract is out 60 days', { contractingStatus: 'in_progress', contractingDaysOpen: 60 }, 55],
  ['the contract is out 90 days', { contractingStatus: 'in_progress', contractingDaysOpen: 90 }, 30],
  ['the contract is out 91 days', { contractingStatus: 'in_progress', contractingDaysOpen: 91 }, 10],
]));
describe('VEL-007 Sales cycle pace', () => ruleTable('VEL-007', [
  ['no won-cycle median', {}, null],
  ['0.75× the cycle', { primaryDealCycleRatio: 0.75 }, 100],
  ['1× the cycle', { primaryDealCycleRatio: 1 }, 80],
  ['1.5× the cycle', { primaryDealCycleRatio: 1.5 }, 50],
  ['2× the cycle', { primaryDealCycleRatio: 2 }, 25],
  ['2.5× the cycle', { primaryDealCycleRatio: 2.5 }, 10],
]));
describe('VEL-008 Stage progression (30d)', () => ruleTable('VEL-008', [
  ['no stage history', {}, null],
  ['2 advances', { stageAdvances30d: 2 }, 100],
  ['1 advance', { stageAdvances30d: 1 }, 75],
  ['no advance', { stageAdvances30d: 0 }, 30],
]));
describe('VEL-009 Time since last stage change', () => ruleTable('VEL-009', [
  ['unknown', {}, null],
  ['14 days', { minDaysSinceStageChange: 14 }, 100],
  ['30 days', { minDaysSinceStageChange: 30 }, 75],
  ['60 days', { minDaysSinceStageChange: 60 }, 45],
  ['90 days', { minDaysSinceStageChange: 90 }, 20],
  ['91 days', { minDaysSinceStageChange: 91 }, 5],
]));
describe('VEL-010 Activity acceleration', () => ruleTable('VEL-010', [
  ['activities are not synced', {}, null],
  ['no activity in 30 days', { activity7d: w(), activity30d: w() }, null],
  ['the last week runs 1.4× the month', { activity7d: w({ total: 7 }), activity30d: w({ total: 21 }) }, 100],
  ['the last week runs at the monthly pace', { activity7d: w({ total: 7 }), activity30d: w({ total: 30 }) }, 75],
  ['the last week runs at half pace', { activity7d: w({ total: 7 }), activity30d: w({ total: 60 }) }, 45],
  ['the last week was silent', { activity7d: w(), activity30d: w({ total: 10 }) }, 15],
]));
describe('VEL-011 Renewal motion timeliness', () => ruleTable('VEL-011', [
  ['there is no renewal', {}, null],
  ['signed', { daysToRenewal: 20, contractingStatus: 'signed' }, 100],
  ['past due unsigned', { daysToRenewal: -3, contractingStatus: 'in_progress' }, 0, 'RENEWAL_OVERDUE'],
  ['renewal in 121 days', { daysToRenewal: 121, contractingStatus: 'not_started' }, 90],
  ['contracting under way', { daysToRenewal: 40, contractingStatus: 'in_progress' }, 85],
  ['30 days left, not started', { daysToRenewal: 30, contractingStatus: 'not_started' }, 5],
  ['60 days left, not started', { daysToRenewal: 60, contractingStatus: 'not_started' }, 25],
  ['90 days left, not started', { daysToRenewal: 90, contractingStatus: 'not_started' }, 50],
  ['120 days left, not started', { daysToRenewal: 120, contractingStatus: 'not_started' }, 75],
]));

describe('PH-001 Economic buyer identified', () => ruleTable('PH-001', [
  ['no open deal', {}, null],
  ['all deals have one', { openDealsWithEbShare: 1 }, 100],
  ['75%', { openDealsWithEbShare: 0.75 }, 80],
  ['50%', { openDealsWithEbShare: 0.5 }, 60],
  ['25%', { openDealsWithEbShare: 0.25 }, 35],
  ['none', { openDealsWithEbShare: 0 }, 10],
]));
describe('PH-002 Deal contact coverage', () => ruleTable('PH-002', [
  ['no open deal', {}, null],
  ['4 contacts', { avgContactsPerOpenDeal: 4 }, 100],
  ['3 contacts', { avgContactsPerOpenDeal: 3 }, 85],
  ['2 contacts', { avgContactsPerOpenDeal: 2 }, 60],
  ['1 contact', { avgContactsPerOpenDeal: 1 }, 30],
  ['no contact', { avgContactsPerOpenDeal: 0 }, 5],
]));
describe('PH-003 Forecast category consistency', () => ruleTable('PH-003', [
  ['no forecast categories', {}, null],
  ['all consistent', { forecastConsistentShare: 1 }, 100],
  ['75%', { forecastConsistentShare: 0.75 }, 75],
  ['50%', { forecastConsistentShare: 0.5 }, 50],
  ['49%', { forecastConsistentShare: 0.49 }, 20],
]));
describe('PH-004 Stale deal detection', () => ruleTable('PH-004', [
  ['no open deal', {}, null],
  ['none stale', { staleOpenDealShare: 0 }, 100],
  ['25% stale', { staleOpenDealShare: 0.25 }, 70],
  ['50% stale', { staleOpenDealShare: 0.5 }, 40],
  ['51% stale', { staleOpenDealShare: 0.51 }, 10],
]));
describe('PH-005 Deal meeting recency', () => ruleTable('PH-005', [
  ['no primary deal', {}, null],
  ['6.9 days', { primaryDealDaysSinceMeeting: 6.9 }, 100],
  ['7 days', { primaryDealDaysSinceMeeting: 7 }, 70],
  ['14 days', { primaryDealDaysSinceMeeting: 14 }, 30],
  ['21 days', { primaryDealDaysSinceMeeting: 21 }, 0],
  ['never', { primaryDealDaysSinceMeeting: Number.POSITIVE_INFINITY }, 0, 'DEAL_MEETING_NONE'],
]));
describe('PH-006 Deal amount data quality', () => ruleTable('PH-006', [
  ['no open deal', {}, null],
  ['none missing', { missingAmountShare: 0 }, 100],
  ['10% missing', { missingAmountShare: 0.1 }, 75],
  ['25% missing', { missingAmountShare: 0.25 }, 50],
  ['50% missing', { missingAmountShare: 0.5 }, 25],
  ['all missing', { missingAmountShare: 1 }, 0],
]));
describe('PH-007 Close date integrity', () => ruleTable('PH-007', [
  ['no open deal', {}, null],
  ['all fine', { badCloseDateShare: 0 }, 100],
  ['60% bad', { badCloseDateShare: 0.6 }, 0],
]));
describe('PH-008 Stage skip compliance', () => ruleTable('PH-008', [
  ['picklist order unknown', {}, null],
  ['no skips', { stageSkipShare: 0 }, 100],
  ['10% skipped', { stageSkipShare: 0.1 }, 75],
  ['25% skipped', { stageSkipShare: 0.25 }, 50],
  ['30% skipped', { stageSkipShare: 0.3 }, 20],
]));
describe('PH-009 Deal owner assignment', () => ruleTable('PH-009', [
  ['no open deal', {}, null],
  ['all owned', { unownedShare: 0 }, 100],
  ['10% unowned', { unownedShare: 0.1 }, 60],
  ['11% unowned', { unownedShare: 0.11 }, 10],
]));
describe('PH-010 Pipeline coverage ratio', () => ruleTable('PH-010', [
  ['no ARR', {}, null],
  ['3×', { pipelineCoverageRatio: 3 }, 100],
  ['2.5×', { pipelineCoverageRatio: 2.5 }, 85],
  ['2×', { pipelineCoverageRatio: 2 }, 70],
  ['1.5×', { pipelineCoverageRatio: 1.5 }, 55],
  ['1×', { pipelineCoverageRatio: 1 }, 30],
  ['0.9×', { pipelineCoverageRatio: 0.9 }, 10],
]));
describe('PH-011 Governance compliance', () => ruleTable('PH-011', [
  ['no open deal', {}, null],
  ['no violation', { governanceViolationShare: 0 }, 100],
  ['60% violate', { governanceViolationShare: 0.6 }, 5],
]));
describe('PH-012 Renewal data integrity', () => ruleTable('PH-012', [
  ['no renewals', {}, null],
  ['clean', { renewalIntegrityIssues: 0 }, 100],
  ['1 issue', { renewalIntegrityIssues: 1 }, 40],
  ['2 issues', { renewalIntegrityIssues: 2 }, 10],
]));
describe('PH-013 Handoff stakeholder map', () => ruleTable('PH-013', [
  ['no late-stage deal', {}, null],
  ['all mapped', { lateStageStakeholderShare: 1 }, 100],
  ['half mapped', { lateStageStakeholderShare: 0.5 }, 50],
  ['none mapped', { lateStageStakeholderShare: 0 }, 10],
]));
describe('PH-014 Handoff success criteria', () => ruleTable('PH-014', [['no late-stage deal', {}, null], ['all have next steps', { lateStageNextStepShare: 1 }, 100], ['40%', { lateStageNextStepShare: 0.4 }, 10]]));
describe('PH-015 Handoff economic buyer', () => ruleTable('PH-015', [['no late-stage deal', {}, null], ['half', { lateStageEbShare: 0.5 }, 50]]));
describe('PH-016 Handoff composite compliance', () => ruleTable('PH-016', [
  ['no late-stage deal', {}, null],
  ['all compliant', { lateStageCompliantShare: 1 }, 100],
  ['75%', { lateStageCompliantShare: 0.75 }, 70],
  ['50%', { lateStageCompliantShare: 0.5 }, 45],
  ['49%', { lateStageCompliantShare: 0.49 }, 10],
]));
