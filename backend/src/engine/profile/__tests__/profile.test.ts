import { DEFAULT_CATEGORY_WEIGHTS } from '@pillar/shared';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/catalog';
import { assertWeightInvariant, compileProfile, normaliseWeights, ProfileInvariantError } from '../compile-profile';

describe('scoring profile', () => {
  it('fills defaults and keeps the catalog weights', () => {
    const r = compileProfile({ version: 3 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.profile.version).toBe(3);
    expect(Array.from(r.profile.ruleWeights)).toEqual(RULES.map((x) => x.weight));
    expect(r.profile.categoryWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('renormalises category weights that do not sum to 1', () => {
    const r = compileProfile({ version: 2, categoryWeights: { ...DEFAULT_CATEGORY_WEIGHTS, engagement: 0.6 } });
    if (!r.ok) throw new Error('rejected');
    const sum = r.profile.categoryWeights.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThanOrEqual(0.001);
    expect(r.profile.categoryWeights[0]).toBeCloseTo(0.6 / 1.45, 9);
  });

  it('rejects an unknown rule id and names the path', () => {
    const r = compileProfile({ version: 1, ruleWeights: { 'ENG-999': 3 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain('ruleWeights.ENG-999');
  });

  it('rejects a rule weight above 10, a disabled unknown rule and an inverted band, each by path', () => {
    const r = compileProfile({
      version: 1,
      ruleWeights: { 'ENG-001': 11 },
      disabledRules: ['XYZ-001'],
      thresholds: { health: { healthy: 40, watch: 50, atRisk: 30 } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const paths = r.issues.map((i) => i.path);
      expect(paths).toContain('ruleWeights.ENG-001');
      expect(paths).toContain('disabledRules.0');
      expect(paths).toContain('thresholds.health.watch');
    }
  });

  it('rejects all-zero category weights and a missing version', () => {
    const zero = Object.fromEntries(Object.keys(DEFAULT_CATEGORY_WEIGHTS).map((k) => [k, 0]));
    const a = compileProfile({ version: 1, categoryWeights: zero });
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.issues[0]?.path).toBe('categoryWeights');
    const b = compileProfile({});
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.issues[0]?.path).toBe('version');
  });

  it('turns a disabled rule into weight 0', () => {
    const r = compileProfile({ version: 1, disabledRules: ['PH-008'] });
    if (!r.ok) throw new Error('rejected');
    expect(r.profile.ruleWeights[RULES.findIndex((x) => x.id === 'PH-008')]).toBe(0);
  });

  it('checks the weight invariant (sum 1 ± 0.001)', () => {
    expect(() => assertWeightInvariant([0.5, 0.4])).toThrow(ProfileInvariantError);
    expect(() => assertWeightInvariant([0.5, 0.5005])).not.toThrow();
    expect(() => normaliseWeights([0, 0])).toThrow(ProfileInvariantError);
    expect(Array.from(normaliseWeights([1, 3]))).toEqual([0.25, 0.75]);
  });
});
