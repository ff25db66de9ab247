import { describe, expect, it } from 'vitest';
import { mirrorOpportunitySchema } from '../../mirror/rows';
import opportunities from '../fixtures/opportunities.json';
import { STANDARD_STAGE_ORDER, mapOpportunity, opportunitySoqlFields, pillarStage } from '../map-opportunity';

const byName = (name: string) => opportunities.find((o) => o.Name === name) as unknown;
const ok = (input: unknown, options?: Parameters<typeof mapOpportunity>[1]) => {
  const r = mapOpportunity(input, options);
  if (!r.ok) throw new Error(`expected a row: ${r.reason.message}`);
  return r;
};

describe('mapOpportunity', () => {
  it('maps a recorded deal: Pillar stage and order, 0–1 probability, forecast category, pushes, stage entry', () => {
    const input = opportunities[0] as unknown as Record<string, unknown>;
    const r = ok(input);
    expect(mirrorOpportunitySchema.parse(r.row)).toEqual(r.row);
    expect(r.row).toMatchObject({
      externalId: input.Id,
      accountExternalId: input.AccountId,
      ownerExternalId: input.OwnerId,
      name: 'Deal 1',
      stage: 'negotiation',
      rawStage: 'Negotiation/Review',
      stageOrder: 8,
      amount: 48000,
      closeDate: '2024-08-15',
      probability: 0.9,
      forecastCategory: 'COMMIT',
      isClosed: false,
      isWon: false,
      closeDatePushes: 1,
      stageEnteredAt: '2024-05-11T09:00:00.000Z',
      closedAt: null,
      deletedAt: null,
    });
    expect(r.meta.notes).toEqual([]);
  });

  it('maps every standard stage through the default picklist map in picklist order', () => {
    const stages = STANDARD_STAGE_ORDER.map((s) => pillarStage(s, { isClosed: s.startsWith('Closed'), isWon: s === 'Closed Won' }, {}));
    expect(stages.map((s) => s.stage)).toEqual(['discover', 'qualify', 'qualify', 'develop', 'develop', 'develop', 'proposal', 'negotiation', 'closed_won', 'closed_lost']);
    expect(stages.map((s) => s.stageOrder)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stages.every((s) => s.known)).toBe(true);
  });

  it('keeps an unknown stage raw, classifies it and says so; a tenant picklist map decides instead', () => {
    const open = ok(byName('Unknown stage deal'));
    expect(open.row).toMatchObject({ rawStage: 'Legal Review', stage: 'negotiation', stageOrder: null, probability: 0.8 });
    expect(open.meta.notes).toEqual([expect.objectContaining({ code: 'UNKNOWN_PICKLIST', field: 'StageName' })]);
    const won = ok(byName('Custom won stage'));
    expect(won.row).toMatchObject({ rawStage: 'Won - Signed', stage: 'closed_won', isClosed: true, isWon: true, forecastCategory: 'WON' });
    const mapped = ok(byName('Unknown stage deal'), { stageMap: { 'Legal Review': 'proposal' }, stageOrder: ['Discovery', 'Legal Review', 'Signed'] });
    expect(mapped.row).toMatchObject({ stage: 'proposal', stageOrder: 2 });
    expect(mapped.meta.notes).toEqual([]);
  });

  it('drops an out-of-range probability and an unknown forecast category with notes, and truncates a long next step', () => {
    const r = ok(byName('Odd numbers'));
    expect(r.row.probability).toBeNull();
    expect(r.row.forecastCategory).toBeNull();
    expect(r.row.nextStep).toHaveLength(255);
    expect(r.meta.notes.map((n) => n.code).sort()).toEqual(['OUT_OF_RANGE', 'TRUNCATED', 'UNKNOWN_PICKLIST']);
  });

  it('keeps nulls as unknown, not zero', () => {
    const r = ok(byName('Nulls deal'));
    expect(r.row).toMatchObject({ accountExternalId: null, ownerExternalId: null, amount: null, probability: null, forecastCategory: null, nextStep: null, type: null, closeDatePushes: null, stageEnteredAt: null, crmCreatedAt: null });
  });

  it('flags deleted deals and rejects a malformed close date or a missing stage with a reason', () => {
    const deleted = ok(byName('Deleted deal'));
    expect(deleted.meta.isDeleted).toBe(true);
    expect(deleted.row.deletedAt).not.toBeNull();
    const badDate = mapOpportunity(byName('Bad close date'));
    expect(badDate).toMatchObject({ ok: false, reason: { code: 'MALFORMED_DATE', field: 'CloseDate', message: expect.stringContaining('2024-02-30') } });
    const noStage = mapOpportunity(byName('No stage'));
    expect(noStage).toMatchObject({ ok: false, reason: { code: 'MISSING_REQUIRED', field: 'StageName' } });
  });

  it('sets closedAt for closed deals from the last stage change', () => {
    const r = ok({ ...(opportunities[0] as object), StageName: 'Closed Lost', IsClosed: true, IsWon: false, ForecastCategoryName: 'Omitted' });
    expect(r.row).toMatchObject({ stage: 'closed_lost', closedAt: '2024-05-11T09:00:00.000Z', forecastCategory: 'PROJECTION' });
  });

  it('follows field overrides, including a competitor field, in the mapping and the SELECT list', () => {
    const options = { fields: { competitor: 'Competitor__c', amount: 'ARR__c' } };
    const r = ok({ ...(opportunities[0] as object), Competitor__c: 'Globex', ARR__c: 120000 }, options);
    expect(r.row).toMatchObject({ competitor: 'Globex', amount: 120000 });
    expect(opportunitySoqlFields(options)).toEqual(expect.arrayContaining(['Competitor__c', 'ARR__c', 'IsClosed', 'IsWon', 'SystemModstamp']));
    expect(opportunitySoqlFields(options)).not.toContain('Amount');
  });
});
