import { describe, expect, it } from 'vitest';
import { computeTenantBenchmarks, highValueThreshold, type OpportunityInput } from '../../engine';
import { fromBenchmarkSnapshot, toBenchmarkSnapshot } from '../benchmark-snapshot';

const DAY = 86_400_000;
const t0 = Date.UTC(2025, 0, 1);

function deal(i: number): OpportunityInput {
  const closed = i % 3 !== 0;
  return {
    id: `o${i}`,
    accountId: 'a',
    name: '',
    ownerId: null,
    stage: closed ? (i % 2 ? 'Closed Won' : 'Closed Lost') : 'Proposal',
    stageOrder: null,
    isClosed: closed,
    isWon: closed && i % 2 === 1,
    amount: 1000 + ((i * 7919) % 5000) * 13,
    probability: null,
    forecastCategory: null,
    closeDate: null,
    createdAt: new Date(t0 + i * DAY),
    closedAt: closed ? new Date(t0 + i * DAY + (20 + (i % 40)) * DAY) : null,
    nextStep: null,
    pushCount: null,
    competitors: null,
    discountPct: null,
    contacts: null,
  };
}

function benchmarks(n: number) {
  const opportunities = Array.from({ length: n }, (_, i) => deal(i));
  const stageHistory = opportunities.flatMap((o) => [
    { opportunityId: o.id, stage: 'Discovery', stageOrder: null, enteredAt: o.createdAt },
    { opportunityId: o.id, stage: 'Proposal', stageOrder: null, enteredAt: new Date(o.createdAt.getTime() + 10 * DAY) },
  ]);
  return computeTenantBenchmarks({ opportunities, stageHistory, accountArr: opportunities.map((o) => o.amount) });
}

describe('benchmark snapshot', () => {
  it('round-trips through JSON with the same stage figures and rates', () => {
    const b = benchmarks(400);
    const back = fromBenchmarkSnapshot(JSON.parse(JSON.stringify(toBenchmarkSnapshot(b))));
    expect(back).not.toBeNull();
    expect(back!.stages).toEqual(b.stages);
    expect({ ...back!, stages: null, dealAmountsSorted: null }).toEqual({ ...b, stages: null, dealAmountsSorted: null });
    expect(Array.from(back!.dealAmountsSorted!)).toEqual(Array.from(b.dealAmountsSorted!));
  });

  it('keeps the high-value bar of any 0.001-step quantile when the deal sizes are reduced to the grid', () => {
    const b = benchmarks(5000);
    const back = fromBenchmarkSnapshot(JSON.parse(JSON.stringify(toBenchmarkSnapshot(b))))!;
    expect(back.dealAmountsSorted!.length).toBe(1001);
    for (const q of [0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.875]) expect(highValueThreshold(back, q)).toBeCloseTo(highValueThreshold(b, q)!, 6);
  });

  it('keeps "not enough data" as null', () => {
    const b = benchmarks(3);
    const back = fromBenchmarkSnapshot(toBenchmarkSnapshot(b))!;
    expect(back.dealAmountsSorted).toBeNull();
    expect(back.overallWinRate).toBeNull();
  });

  it('rejects a cache of another format', () => {
    expect(fromBenchmarkSnapshot({ format: 2 })).toBeNull();
    expect(fromBenchmarkSnapshot('junk')).toBeNull();
  });
});
