import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, CATEGORY_RULE_RANGES, REASON_TEMPLATES, renderReason, RULE_CATALOG, templateParams } from '@pillar/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFeatures, TEST_NOW } from '../../testing/empty-features';
import { generateAccountFeatures, rng } from '../../testing/generate-features';
import { RULES, renderRuleCatalogModule } from '../catalog';

describe('rule catalog', () => {
  it('has at least 97 rules with unique ids', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(97);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('fills every category id range exactly, in order, with the category prefix', () => {
    for (const c of CATEGORIES) {
      const { prefix, first, last } = CATEGORY_RULE_RANGES[c];
      const ids = RULES.filter((r) => r.category === c).map((r) => r.id);
      const expected = Array.from({ length: last - first + 1 }, (_, i) => `${prefix}-${String(first + i).padStart(3, '0')}`);
      expect(ids).toEqual(expected);
    }
  });

  it('keeps weights within 0–10 and declares what each rule requires', () => {
    for (const r of RULES) {
      expect(r.weight).toBeGreaterThanOrEqual(0);
      expect(r.weight).toBeLessThanOrEqual(10);
      expect(r.requires.length).toBeGreaterThan(0);
      expect(r.name.length).toBeGreaterThan(0);
    }
  });

  it('follows the published weights where the reference publishes them', () => {
    const published: Record<string, number> = {
      'ENG-001': 8, 'ENG-002': 7, 'ENG-003': 6, 'ENG-004': 5, 'ENG-005': 6, 'ENG-006': 7,
      'FIT-001': 8, 'FIT-002': 6, 'FIT-003': 7, 'FIT-004': 6, 'FIT-005': 5, 'FIT-006': 7, 'FIT-007': 6, 'FIT-008': 5, 'FIT-009': 4, 'FIT-010': 5, 'FIT-011': 4, 'FIT-012': 5,
      'INT-001': 8, 'INT-002': 7, 'INT-003': 7, 'INT-004': 6, 'INT-005': 8, 'INT-006': 6, 'INT-007': 9, 'INT-008': 6, 'INT-009': 6, 'INT-010': 5, 'INT-011': 5, 'INT-012': 8,
      'VEL-001': 8, 'VEL-002': 7,
      'PH-001': 8, 'PH-002': 7, 'PH-003': 8, 'PH-004': 7, 'PH-005': 6, 'PH-006': 7, 'PH-007': 6, 'PH-008': 5, 'PH-009': 6, 'PH-010': 7, 'PH-011': 6, 'PH-012': 5, 'PH-013': 7, 'PH-014': 7, 'PH-015': 6, 'PH-016': 8,
      'RSK-001': 9, 'RSK-002': 7, 'RSK-003': 6, 'RSK-004': 7, 'RSK-005': 7, 'RSK-006': 6, 'RSK-007': 9, 'RSK-008': 8, 'RSK-009': 7,
    };
    for (const [id, w] of Object.entries(published)) expect(RULES.find((r) => r.id === id)?.weight, id).toBe(w);
  });

  it('matches the committed shared catalog metadata (regenerate with write-rule-catalog.ts)', () => {
    const path = fileURLToPath(new URL('../../../../../shared/src/scoring/rule-catalog.ts', import.meta.url));
    expect(readFileSync(path, 'utf8')).toBe(renderRuleCatalogModule());
    expect(RULE_CATALOG.map((m) => m.id)).toEqual(RULES.map((r) => r.id));
  });

  it('makes every rule not applicable when nothing is known', () => {
    for (const r of RULES) expect(r.evaluate({ f: emptyFeatures(), renewalRisk: null, now: TEST_NOW }), r.id).toBeNull();
  });

  it('scores within 0–100 with a renderable reason whose params match its template, for any generated account', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }), (seed, renewalRisk) => {
        const f = generateAccountFeatures(rng(seed), 'a');
        for (const r of RULES) {
          const out = r.evaluate({ f, renewalRisk, now: TEST_NOW });
          if (out === null) continue;
          expect(out.score).toBeGreaterThanOrEqual(0);
          expect(out.score).toBeLessThanOrEqual(100);
          expect(Object.keys(out.reason.params).sort()).toEqual(templateParams(out.reason.code).sort());
          for (const v of Object.values(out.reason.params)) if (typeof v === 'number') expect(Number.isFinite(v), `${r.id} ${out.reason.code}`).toBe(true);
          expect(renderReason(out.reason)).not.toMatch(/[{}]/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is not applicable whenever any required input is unknown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const f = generateAccountFeatures(rng(seed), 'a');
        for (const r of RULES) {
          for (const key of r.requires) {
            const ctx = key === 'renewalRisk' ? { f, renewalRisk: null, now: TEST_NOW } : { f: { ...f, [key]: null }, renewalRisk: 50, now: TEST_NOW };
            expect(r.evaluate(ctx), `${r.id} without ${key}`).toBeNull();
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('has a template for every reason code it can emit', () => {
    expect(Object.keys(REASON_TEMPLATES).length).toBeGreaterThan(97);
  });
});
