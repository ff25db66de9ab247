import { describe, expect, it } from 'vitest';
import { assembleAccounts, assembleOrphanDeals, CLOSED_DEAL_WINDOW_DAYS, isScoredDeal, type AccountChunkRows } from '../assemble-inputs';
import { mapOpportunity } from '../map-opportunity';
import { accountRow, activityRow, contactRow, daysAgo, NOW, opportunityContactRow, opportunityRow, renewalRow, shape, stageRow } from './row-fixtures';

function chunk(o: Partial<AccountChunkRows> = {}): AccountChunkRows {
  return { accounts: [accountRow()], contacts: [], opportunities: [], opportunityContacts: [], stageHistory: [], renewals: [], activities: [], leads: [], healthPoints: [], ...o };
}

describe('assembleAccounts', () => {
  it('gives null for objects the tenant never syncs and empty lists for synced ones an account lacks', () => {
    const [synced] = assembleAccounts(chunk(), shape(), NOW);
    expect(synced!.input).toMatchObject({ contacts: [], opportunities: [], stageHistory: [], closeDateChanges: [], activities: [], renewals: [], leads: [], priorHealth: [] });
    const csvOnly = shape({ has_contacts: false, has_activities: false, has_renewals: false, has_leads: false, has_opportunity_contacts: false, has_close_date_history: false });
    const [sparse] = assembleAccounts(chunk({ opportunities: [opportunityRow()] }), csvOnly, NOW);
    expect(sparse!.input).toMatchObject({ contacts: null, activities: null, renewals: null, leads: null, closeDateChanges: null, stageHistory: [] });
    expect(sparse!.input.opportunities![0]!.contacts).toBeNull();
  });

  it('puts each child row under its own account and deal', () => {
    const rows = chunk({
      accounts: [accountRow({ id: 'a1' }), accountRow({ id: 'a2', name: 'Beta' })],
      contacts: [contactRow({ id: 'c1', account_id: 'a1' }), contactRow({ id: 'c2', account_id: 'a2', buying_role: 'champion' })],
      opportunities: [opportunityRow({ id: 'o1', account_id: 'a1' }), opportunityRow({ id: 'o2', account_id: 'a2' })],
      opportunityContacts: [opportunityContactRow({ opportunity_id: 'o2', contact_id: 'c2', role: 'Champion' })],
      stageHistory: [stageRow({ opportunity_id: 'o2', to_stage: 'Discovery' })],
      renewals: [renewalRow({ account_id: 'a2' })],
      activities: [activityRow({ id: 'x1', account_id: 'a1' }), activityRow({ id: 'x2', account_id: 'a2', opportunity_id: 'o2' }), activityRow({ id: 'x3', account_id: 'a2' })],
      healthPoints: [{ account_id: 'a2', day: '2025-05-26', health_score: 55 }],
    });
    const [a1, a2] = assembleAccounts(rows, shape(), NOW);
    expect(a1!.input.contacts!.map((c) => c.id)).toEqual(['c1']);
    expect(a1!.input.activities!.map((a) => a.id)).toEqual(['x1']);
    expect(a1!.input.renewals).toEqual([]);
    expect(a2!.input.activities!.map((a) => a.id)).toEqual(['x2', 'x3']);
    expect(a2!.input.priorHealth).toEqual([{ at: new Date('2025-05-26T00:00:00Z'), score: 55 }]);
    expect(a2!.input.stageHistory!.map((h) => h.opportunityId)).toEqual(['o2']);
    const deal = a2!.deals[0]!;
    expect(deal.opportunity.contacts).toEqual([{ contactId: 'c2', role: 'champion' }]);
    expect(deal.activities!.map((a) => a.id)).toEqual(['x2']);
    expect(deal.contacts!.map((c) => c.id)).toEqual(['c2']);
    expect(deal.account?.id).toBe('a2');
  });

  it('takes the earliest stage change as the creation date of a deal the CRM gives none', () => {
    const rows = chunk({ opportunities: [opportunityRow({ crm_created_ms: null })], stageHistory: [stageRow({ changed_ms: daysAgo(50) }), stageRow({ changed_ms: daysAgo(10), to_stage: 'Proposal' })] });
    const [a] = assembleAccounts(rows, shape(), NOW);
    expect(a!.input.opportunities![0]!.createdAt).toEqual(new Date(daysAgo(50)));
  });

  it('scores open deals and recently closed ones; the account builder still sees every deal', () => {
    const rows = chunk({
      opportunities: [
        opportunityRow({ id: 'open' }),
        opportunityRow({ id: 'recent', is_closed: true, is_won: true, closed_ms: daysAgo(10) }),
        opportunityRow({ id: 'old', is_closed: true, is_won: false, closed_ms: daysAgo(400) }),
      ],
    });
    const [a] = assembleAccounts(rows, shape(), NOW);
    expect(a!.input.opportunities!.map((o) => o.id)).toEqual(['open', 'recent', 'old']);
    expect(a!.deals.map((d) => d.opportunity.id)).toEqual(['open', 'recent']);
  });
});

describe('isScoredDeal', () => {
  const deal = (o: Parameters<typeof opportunityRow>[0]) => mapOpportunity(opportunityRow(o), { shape: shape(), contacts: null, firstStageMs: null, now: NOW });
  it(`scores deals closed up to ${CLOSED_DEAL_WINDOW_DAYS} days ago, by close instant or else close date`, () => {
    expect(isScoredDeal(deal({ is_closed: true, closed_ms: daysAgo(CLOSED_DEAL_WINDOW_DAYS) }), NOW)).toBe(true);
    expect(isScoredDeal(deal({ is_closed: true, closed_ms: daysAgo(CLOSED_DEAL_WINDOW_DAYS + 1) }), NOW)).toBe(false);
    expect(isScoredDeal(deal({ is_closed: true, closed_ms: null, close_date: '2025-05-01' }), NOW)).toBe(true);
    expect(isScoredDeal(deal({ is_closed: true, closed_ms: null, close_date: null }), NOW)).toBe(false);
    expect(isScoredDeal(deal({ is_closed: false, close_date: null }), NOW)).toBe(true);
  });
});

describe('assembleOrphanDeals', () => {
  it('scores deals without an account with their own history and activities', () => {
    const deals = assembleOrphanDeals(
      {
        opportunities: [opportunityRow({ id: 'o9', account_id: null })],
        opportunityContacts: [],
        stageHistory: [stageRow({ opportunity_id: 'o9' })],
        activities: [activityRow({ account_id: null, opportunity_id: 'o9' }), activityRow({ id: 'other', account_id: null, opportunity_id: 'o8' })],
      },
      shape(),
      NOW,
    );
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ account: null, contacts: null });
    expect(deals[0]!.activities!.map((a) => a.id)).toEqual(['act1']);
    expect(deals[0]!.stageHistory).toHaveLength(1);
  });
});
