import { describe, expect, it } from 'vitest';
import { buildOpportunityFeatures, EMPTY_BENCHMARKS } from '../../engine';
import { mapOpportunity } from '../map-opportunity';
import { mapStageHistory } from '../map-stage-history';
import { daysAgo, NOW, opportunityRow, shape, stageRow } from './row-fixtures';

const orders = new Map([
  ['discovery', 2],
  ['proposal', 4],
]);

describe('mapStageHistory', () => {
  it('turns rows into stage entries with the picklist order', () => {
    const { stageHistory } = mapStageHistory('o1', [stageRow({ to_stage: 'Discovery', changed_ms: daysAgo(40) }), stageRow({ to_stage: 'Proposal', changed_ms: daysAgo(10) }), stageRow({ to_stage: 'Legal', changed_ms: daysAgo(2) })], orders);
    expect(stageHistory).toEqual([
      { opportunityId: 'o1', stage: 'Discovery', stageOrder: 2, enteredAt: new Date(daysAgo(40)) },
      { opportunityId: 'o1', stage: 'Proposal', stageOrder: 4, enteredAt: new Date(daysAgo(10)) },
      { opportunityId: 'o1', stage: 'Legal', stageOrder: null, enteredAt: new Date(daysAgo(2)) },
    ]);
  });

  it('derives a close-date change each time the recorded close date differs from the last one', () => {
    const { closeDateChanges } = mapStageHistory(
      'o1',
      [
        stageRow({ close_date: '2025-06-01', changed_ms: daysAgo(60) }),
        stageRow({ close_date: null, changed_ms: daysAgo(50) }),
        stageRow({ close_date: '2025-06-01', changed_ms: daysAgo(40) }),
        stageRow({ close_date: '2025-07-01', changed_ms: daysAgo(30) }),
        stageRow({ close_date: '2025-06-15', changed_ms: daysAgo(20) }),
      ],
      orders,
    );
    expect(closeDateChanges).toEqual([
      { opportunityId: 'o1', changedAt: new Date(daysAgo(30)), previousCloseDate: new Date('2025-06-01T00:00:00Z'), newCloseDate: new Date('2025-07-01T00:00:00Z') },
      { opportunityId: 'o1', changedAt: new Date(daysAgo(20)), previousCloseDate: new Date('2025-07-01T00:00:00Z'), newCloseDate: new Date('2025-06-15T00:00:00Z') },
    ]);
  });

  it('sees no change in a single recorded close date', () => {
    expect(mapStageHistory('o1', [stageRow({ close_date: '2025-06-01' })], orders).closeDateChanges).toEqual([]);
  });

  it('gives the engine pushes it counts from the history (a later date is a push)', () => {
    const rows = [stageRow({ close_date: '2025-05-01', changed_ms: daysAgo(60) }), stageRow({ close_date: '2025-06-01', changed_ms: daysAgo(40) }), stageRow({ close_date: '2025-07-01', changed_ms: daysAgo(20) })];
    const hist = mapStageHistory('o1', rows, orders);
    const opportunity = mapOpportunity(opportunityRow({ close_date: '2025-07-01' }), { shape: shape({ has_push_counts: false }), contacts: null, firstStageMs: null, now: NOW });
    const { features } = buildOpportunityFeatures({ opportunity, account: null, contacts: null, stageHistory: hist.stageHistory, closeDateChanges: hist.closeDateChanges, activities: null }, NOW, EMPTY_BENCHMARKS);
    expect(features.closeDatePushes).toBe(2);
  });
});
