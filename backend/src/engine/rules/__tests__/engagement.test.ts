import { describe } from 'vitest';
import { activityWindow as w } from '../../testing/empty-features';
import { ruleTable } from './table';

const ds = (inbound: number) => ({ any: 1, email: 1, meeting: 1, call: 1, note: 1, task: 1, inbound, outbound: 1 });

describe('ENG-001 Usage trend decline', () => ruleTable('ENG-001', [
  ['usage is unknown', {}, null],
  ['usage grew 10%', { usageTrendPct: 10 }, 100, 'USAGE_TREND'],
  ['usage grew 9.9%', { usageTrendPct: 9.9 }, 85],
  ['usage is flat', { usageTrendPct: 0 }, 85],
  ['usage fell 10%', { usageTrendPct: -10 }, 60],
  ['usage fell 20%', { usageTrendPct: -20 }, 35],
  ['usage fell 35%', { usageTrendPct: -35 }, 15],
  ['usage fell 35.1%', { usageTrendPct: -35.1 }, 0],
]));

describe('ENG-002 Activity recency', () => ruleTable('ENG-002', [
  ['activities are not synced', {}, null],
  ['the last activity was 7 days ago', { daysSinceLastActivity: 7 }, 100, 'ACTIVITY_LAST_DAYS_AGO'],
  ['the last activity was 7.5 days ago', { daysSinceLastActivity: 7.5 }, 85],
  ['the last activity was 30 days ago', { daysSinceLastActivity: 30 }, 65],
  ['the last activity was 60 days ago', { daysSinceLastActivity: 60 }, 40],
  ['the last activity was 90 days ago', { daysSinceLastActivity: 90 }, 20],
  ['the last activity was 91 days ago', { daysSinceLastActivity: 91 }, 5],
  ['no activity was ever recorded', { daysSinceLastActivity: Number.POSITIVE_INFINITY }, 0, 'ACTIVITY_NONE_RECORDED'],
]));

describe('ENG-003 Activity volume (30d)', () => ruleTable('ENG-003', [
  ['activities are not synced', {}, null],
  ['20 activities were logged', { activity30d: w({ total: 20 }) }, 100],
  ['19 activities were logged', { activity30d: w({ total: 19 }) }, 80],
  ['5 activities were logged', { activity30d: w({ total: 5 }) }, 60],
  ['2 activities were logged', { activity30d: w({ total: 2 }) }, 40],
  ['1 activity was logged', { activity30d: w({ total: 1 }) }, 20],
  ['no activity was logged', { activity30d: w() }, 0, 'ACTIVITY_VOLUME_30D'],
]));

describe('ENG-004 Email and meeting engagement', () => ruleTable('ENG-004', [
  ['activities are not synced', {}, null],
  ['there was no activity in 90 days', { activity90d: w() }, null],
  ['60% were emails or meetings', { activity90d: w({ total: 10, email: 4, meeting: 2, note: 4 }) }, 100],
  ['40% were emails or meetings', { activity90d: w({ total: 10, email: 4, note: 6 }) }, 75],
  ['25% were emails or meetings', { activity90d: w({ total: 4, meeting: 1, note: 3 }) }, 50],
  ['10% were emails or meetings', { activity90d: w({ total: 10, email: 1, task: 9 }) }, 25],
  ['none were emails or meetings', { activity90d: w({ total: 3, call: 3 }) }, 10],
]));

describe('ENG-005 Average contact engagement', () => ruleTable('ENG-005', [
  ['no contact engagement is known', {}, null],
  ['contacts average 64', { avgContactEngagement: 64 }, 64],
  ['a source reports above 100', { avgContactEngagement: 130 }, 100],
]));

describe('ENG-006 Product adoption depth', () => ruleTable('ENG-006', [
  ['adoption is unknown', {}, null],
  ['adoption is 42%', { adoptionPct: 42 }, 42],
]));

describe('ENG-007 Meeting frequency (30d)', () => ruleTable('ENG-007', [
  ['activities are not synced', {}, null],
  ['4 meetings were held', { activity30d: w({ meeting: 4 }) }, 100],
  ['2 meetings were held', { activity30d: w({ meeting: 2 }) }, 75],
  ['1 meeting was held', { activity30d: w({ meeting: 1 }) }, 50],
  ['no meeting was held', { activity30d: w() }, 10],
]));

describe('ENG-008 Two-way engagement', () => ruleTable('ENG-008', [
  ['activities are not synced', {}, null],
  ['no activity had a direction', { activity90d: w({ total: 3, note: 3 }) }, null],
  ['40% came from the customer', { activity90d: w({ inbound: 4, outbound: 6 }) }, 100],
  ['25% came from the customer', { activity90d: w({ inbound: 1, outbound: 3 }) }, 75],
  ['10% came from the customer', { activity90d: w({ inbound: 1, outbound: 9 }) }, 45],
  ['nothing came from the customer', { activity90d: w({ outbound: 9 }) }, 15],
]));

describe('ENG-009 Engagement trend', () => ruleTable('ENG-009', [
  ['the trend is unknown', {}, null],
  ['activity rose 25%', { activityTrendPct: 25 }, 100],
  ['activity is flat', { activityTrendPct: 0 }, 80],
  ['activity fell 25%', { activityTrendPct: -25 }, 55],
  ['activity fell 50%', { activityTrendPct: -50 }, 30],
  ['activity fell 51%', { activityTrendPct: -51 }, 10],
]));

describe('ENG-010 Contact breadth (90d)', () => ruleTable('ENG-010', [
  ['contacts are not synced', {}, null],
  ['5 contacts engaged', { distinctContactsEngaged90d: 5 }, 100],
  ['3 contacts engaged', { distinctContactsEngaged90d: 3 }, 75],
  ['2 contacts engaged', { distinctContactsEngaged90d: 2 }, 50],
  ['1 contact engaged', { distinctContactsEngaged90d: 1 }, 25],
  ['no contact engaged', { distinctContactsEngaged90d: 0 }, 0],
]));

describe('ENG-011 Seat utilisation', () => ruleTable('ENG-011', [
  ['seats are unknown', {}, null],
  ['80% of seats are active', { seatUtilisation: 0.8 }, 100],
  ['60% of seats are active', { seatUtilisation: 0.6 }, 75],
  ['40% of seats are active', { seatUtilisation: 0.4 }, 50],
  ['20% of seats are active', { seatUtilisation: 0.2 }, 25],
  ['19% of seats are active', { seatUtilisation: 0.19 }, 10],
]));

describe('ENG-012 Live conversation recency', () => ruleTable('ENG-012', [
  ['activities are not synced', {}, null],
  ['the last call was 14 days ago', { daysSinceLastConversation: 14 }, 100],
  ['the last call was 30 days ago', { daysSinceLastConversation: 30 }, 70],
  ['the last call was 60 days ago', { daysSinceLastConversation: 60 }, 40],
  ['the last call was 90 days ago', { daysSinceLastConversation: 90 }, 20],
  ['the last call was 120 days ago', { daysSinceLastConversation: 120 }, 5],
  ['there was never a meeting or call', { daysSinceLastConversation: Number.POSITIVE_INFINITY }, 0, 'CONVERSATION_NONE'],
]));

// VEL-004 reads inbound recency from the same map; kept here beside the other recency ladders.
describe('VEL-004 Customer responsiveness', () => ruleTable('VEL-004', [
  ['activities are not synced', {}, null],
  ['the customer wrote 7 days ago', { daysSince: ds(7) }, 100],
  ['the customer wrote 14 days ago', { daysSince: ds(14) }, 80],
  ['the customer wrote 30 days ago', { daysSince: ds(30) }, 55],
  ['the customer wrote 60 days ago', { daysSince: ds(60) }, 30],
  ['the customer wrote 61 days ago', { daysSince: ds(61) }, 10],
  ['the customer never reached out', { daysSince: ds(Number.POSITIVE_INFINITY) }, 0, 'INBOUND_NONE'],
]));
