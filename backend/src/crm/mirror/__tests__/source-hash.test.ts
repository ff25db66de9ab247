import { describe, expect, it } from 'vitest';
import { managerLevels } from '../../../db/queries/mirror';
import { sourceHash, stableJson } from '../source-hash';

describe('sourceHash', () => {
  it('is the same whatever the key order', () => {
    expect(sourceHash({ a: 1, b: { c: 'x', d: [1, 2] } })).toBe(sourceHash({ b: { d: [1, 2], c: 'x' }, a: 1 }));
  });

  it('treats null and absent members alike', () => {
    expect(sourceHash({ name: 'Acme', domain: null, industry: undefined })).toBe(sourceHash({ name: 'Acme' }));
  });

  it('changes when a value changes', () => {
    expect(sourceHash({ amount: 100 })).not.toBe(sourceHash({ amount: 101 }));
    expect(sourceHash({ tags: ['a', 'b'] })).not.toBe(sourceHash({ tags: ['b', 'a'] }));
  });

  it('serialises sorted keys at every depth', () => {
    expect(stableJson({ z: 1, a: { y: true, b: 'q' } })).toBe('{"a":{"b":"q","y":true},"z":1}');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => stableJson({ amount: Number.NaN })).toThrow(/no JSON form/);
  });
});

describe('managerLevels', () => {
  it('puts every manager in an earlier level than the people reporting to them', () => {
    const levels = managerLevels([
      { externalId: 'rep', name: 'Rep', managerExternalId: 'mgr' },
      { externalId: 'mgr', name: 'Mgr', managerExternalId: 'vp' },
      { externalId: 'vp', name: 'VP', managerExternalId: 'stored-elsewhere' },
    ]);
    expect(levels.map((level) => level.map((u) => u.externalId))).toEqual([['vp'], ['mgr'], ['rep']]);
  });

  it('ends on a reporting cycle instead of looping', () => {
    const levels = managerLevels([
      { externalId: 'a', name: 'A', managerExternalId: 'b' },
      { externalId: 'b', name: 'B', managerExternalId: 'a' },
      { externalId: 'c', name: 'C' },
    ]);
    expect(levels.map((level) => level.map((u) => u.externalId).sort())).toEqual([['c'], ['a', 'b']]);
  });
});
