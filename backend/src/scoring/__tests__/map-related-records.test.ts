import { describe, expect, it } from 'vitest';
import { mapActivity } from '../map-activity';
import { contactBuyingRole, mapContact } from '../map-contact';
import { mapHealthPoint } from '../map-health-point';
import { mapLead } from '../map-lead';
import { mapRenewal, renewalStatus } from '../map-renewal';
import { activityRow, contactRow, daysAgo, renewalRow } from './row-fixtures';

describe('mapContact', () => {
  it('lowercases the status and keeps unknown engagement unknown', () => {
    expect(mapContact(contactRow({ status: 'LEFT_ORG' }))).toMatchObject({ status: 'left_org', engagementScore: null, lastEngagedAt: null, leftAt: null });
    expect(mapContact(contactRow({ status: 'INACTIVE', engagement_score: 0, last_engaged_ms: daysAgo(5) }))).toMatchObject({ status: 'inactive', engagementScore: 0, lastEngagedAt: new Date(daysAgo(5)) });
  });

  it('fills an unknown buying role from the champion and exec-sponsor flags, never overriding a known role', () => {
    expect(contactBuyingRole({ buying_role: 'unknown', is_champion: true, is_exec_sponsor: false })).toBe('champion');
    expect(contactBuyingRole({ buying_role: 'unknown', is_champion: false, is_exec_sponsor: true })).toBe('exec_sponsor');
    expect(contactBuyingRole({ buying_role: 'economic_buyer', is_champion: true, is_exec_sponsor: false })).toBe('economic_buyer');
    expect(contactBuyingRole({ buying_role: 'procurement', is_champion: false, is_exec_sponsor: false })).toBe('unknown');
  });
});

describe('mapActivity', () => {
  it('maps a known type and direction', () => {
    expect(mapActivity(activityRow({ type: 'meeting', direction: 'inbound', opportunity_id: 'o1', contact_id: 'c1' }), 'a1')).toEqual({
      id: 'act1',
      accountId: 'a1',
      opportunityId: 'o1',
      contactId: 'c1',
      type: 'meeting',
      direction: 'inbound',
      occurredAt: new Date(daysAgo(3)),
      subject: null,
    });
  });

  it('drops an activity of unknown type and an unknown direction', () => {
    expect(mapActivity(activityRow({ type: 'sms' }), 'a1')).toBeNull();
    expect(mapActivity(activityRow({ direction: 'sideways' }), 'a1')?.direction).toBeNull();
  });
});

describe('mapRenewal', () => {
  it('reads the disposition as open, renewed or churned', () => {
    expect(['NOT_YET_DUE', 'APPROACHING', 'URGENT', 'SAVE_IN_PROGRESS', 'RESOLVED', 'RENEWED', 'CHURNED'].map(renewalStatus)).toEqual(['open', 'open', 'open', 'open', 'open', 'renewed', 'churned']);
  });

  it('takes contracting start as the contract sent, and knows no signature date', () => {
    expect(mapRenewal(renewalRow({ contracting_started_ms: daysAgo(10) }))).toEqual({
      id: 'r1',
      accountId: 'a1',
      renewalDate: new Date('2025-09-01T00:00:00Z'),
      arr: 50_000,
      status: 'open',
      contractSentAt: new Date(daysAgo(10)),
      signedAt: null,
    });
  });
});

describe('mapLead and mapHealthPoint', () => {
  it('maps an MQL instant and a score_history day at 00:00 UTC', () => {
    expect(mapLead({ id: 'l1', account_id: 'a1', mql_ms: daysAgo(4) })).toEqual({ id: 'l1', accountId: 'a1', mqlAt: new Date(daysAgo(4)) });
    expect(mapLead({ id: 'l1', account_id: 'a1', mql_ms: null }).mqlAt).toBeNull();
    expect(mapHealthPoint({ account_id: 'a1', day: '2025-05-26', health_score: 61.5 })).toEqual({ at: new Date('2025-05-26T00:00:00Z'), score: 61.5 });
    expect(mapHealthPoint({ account_id: 'a1', day: 'yesterday', health_score: 61.5 })).toBeNull();
  });
});
