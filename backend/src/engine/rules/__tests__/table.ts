import { expect, it } from 'vitest';
import type { AccountFeatures } from '../../features/account-features';
import { ctxOf } from '../../testing/empty-features';
import { RULES } from '../catalog';

/** One row of a rule table: inputs → expected score (null = not applicable), optional reason code. */
export type Row = readonly [label: string, overrides: Partial<AccountFeatures>, expected: number | null, code?: string, renewalRisk?: number | null];

/** Runs a table of rows against one rule, one `it` per row named after the behaviour. */
export function ruleTable(id: string, rows: readonly Row[]): void {
  const rule = RULES.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  for (const [label, overrides, expected, code, renewalRisk] of rows) {
    const outcome = expected === null ? 'is not applicable' : `scores ${expected}`;
    it(`${outcome} when ${label}`, () => {
      const r = rule.evaluate(ctxOf(overrides, renewalRisk ?? null));
      if (expected === null) {
        expect(r).toBeNull();
        return;
      }
      expect(r).not.toBeNull();
      expect(r!.score).toBeCloseTo(expected, 6);
      if (code !== undefined) expect(r!.reason.code).toBe(code);
    });
  }
}
