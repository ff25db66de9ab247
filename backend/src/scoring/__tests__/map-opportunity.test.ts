import { describe, expect, it } from 'vitest';
import { dealContactRole, forecastCategoryInput, mapOpportunity, opportunityCreatedMs, pillarForecastCategory } from '../map-opportunity';
import { splitCompetitors } from '../tenant-shape';
import { daysAgo, NOW, opportunityRow, shape } from './row-fixtures';

const ctx = (o: Partial<Parameters<typeof mapOpportunity>[1]> = {}) => ({ shape: shape(), contacts: null, firstStageMs: null, now: NOW, ...o });

describe('mapOpportunity', () => {
  it('reads the mirror probability (0–1) as the percent the engine uses', () => {
    expect(mapOpportunity(opportunityRow({ probability: 0.35 }), ctx()).probability).toBe(35);
    expect(mapOpportunity(opportunityRow({ probability: null }), ctx()).probability).toBeNull();
  });

  it('keeps the close date as a UTC day and the deal amount as is', () => {
    const o = mapOpportunity(opportunityRow({ close_date: '2025-07-15', amount: 12_345.67 }), ctx());
    expect(o.closeDate).toEqual(new Date('2025-07-15T00:00:00.000Z'));
    expect(o.amount).toBe(12_345.67);
  });

  it('leaves pushes unknown when the tenant never counts them, and counts them when it does', () => {
    expect(mapOpportunity(opportunityRow({ close_date_pushes: 0 }), ctx({ shape: shape({ has_push_counts: false }) })).pushCount).toBeNull();
    expect(mapOpportunity(opportunityRow({ close_date_pushes: 0 }), ctx()).pushCount).toBe(0);
    expect(mapOpportunity(opportunityRow({ close_date_pushes: 3 }), ctx()).pushCount).toBe(3);
  });

  it('leaves competitors unknown without a competitor field, else lists the named ones', () => {
    expect(mapOpportunity(opportunityRow({ competitor: null }), ctx({ shape: shape({ has_competitor_field: false }) })).competitors).toBeNull();
    expect(mapOpportunity(opportunityRow({ competitor: null }), ctx()).competitors).toEqual([]);
    expect(mapOpportunity(opportunityRow({ competitor: 'Globex; Initech' }), ctx()).competitors).toEqual(['Globex', 'Initech']);
  });

  it('takes the stage order from the tenant picklist when the deal has none', () => {
    const s = shape({ stage_orders: [{ stage: 'Proposal', order: 4 }] });
    expect(mapOpportunity(opportunityRow({ stage: 'Proposal', stage_order: null }), ctx({ shape: s })).stageOrder).toBe(4);
    expect(mapOpportunity(opportunityRow({ stage: 'Proposal', stage_order: 7 }), ctx({ shape: s })).stageOrder).toBe(7);
    expect(mapOpportunity(opportunityRow({ stage: 'Other', stage_order: null }), ctx({ shape: s })).stageOrder).toBeNull();
  });

  it('is won only when closed', () => {
    expect(mapOpportunity(opportunityRow({ is_closed: false, is_won: true }), ctx()).isWon).toBe(false);
    expect(mapOpportunity(opportunityRow({ is_closed: true, is_won: true }), ctx()).isWon).toBe(true);
  });
});

describe('opportunityCreatedMs', () => {
  const nowMs = NOW.getTime();
  it('prefers the CRM creation date, then the first stage change, then the engage date', () => {
    expect(opportunityCreatedMs({ crm_created_ms: 1, engaged_ms: 3, ingested_ms: 4 }, 2, nowMs)).toBe(1);
    expect(opportunityCreatedMs({ crm_created_ms: null, engaged_ms: 3, ingested_ms: 4 }, 2, nowMs)).toBe(2);
    expect(opportunityCreatedMs({ crm_created_ms: null, engaged_ms: 3, ingested_ms: 4 }, null, nowMs)).toBe(3);
  });

  it('falls back to when Pillar stored the deal, never later than now', () => {
    expect(opportunityCreatedMs({ crm_created_ms: null, engaged_ms: null, ingested_ms: daysAgo(2) }, null, nowMs)).toBe(daysAgo(2));
    expect(opportunityCreatedMs({ crm_created_ms: null, engaged_ms: null, ingested_ms: nowMs + 1e9 }, null, nowMs)).toBe(nowMs);
  });
});

describe('dealContactRole', () => {
  it.each([
    ['Economic Buyer', 'economic_buyer'],
    ['Decision Maker', 'economic_buyer'],
    ['Executive Sponsor', 'exec_sponsor'],
    ['Technical Evaluator', 'technical_buyer'],
    ['champion', 'champion'],
    ['End User', 'end_user'],
    ['economic_buyer', 'economic_buyer'],
    ['Other', null],
    ['unknown', null],
    [null, null],
  ])('maps %s to %s', (role, expected) => {
    expect(dealContactRole(role)).toBe(expected);
  });
});

describe('forecast categories in', () => {
  it('reads Pillar keys and native Salesforce / HubSpot values', () => {
    expect(pillarForecastCategory('COMMIT')).toBe('COMMIT');
    expect(pillarForecastCategory('Best Case')).toBe('PROBABLE');
    expect(pillarForecastCategory('PIPELINE')).toBe('UPSIDE');
    expect(pillarForecastCategory('Omitted')).toBe('PROJECTION');
    expect(pillarForecastCategory('nonsense')).toBeNull();
    expect(pillarForecastCategory(null)).toBeNull();
  });

  it('maps them onto the engine vocabulary', () => {
    expect(['WON', 'COMMIT', 'PROBABLE', 'UPSIDE', 'PROJECTION'].map(forecastCategoryInput)).toEqual(['closed', 'commit', 'best_case', 'pipeline', 'omitted']);
  });
});

describe('splitCompetitors', () => {
  it('splits on ; , and | and drops blanks', () => {
    expect(splitCompetitors(' Globex ,Initech|| Umbrella;')).toEqual(['Globex', 'Initech', 'Umbrella']);
    expect(splitCompetitors(null)).toEqual([]);
  });
});
