import { z } from 'zod';
import { CategorySchema } from './categories';
import { RULE_CATALOG } from './rule-catalog';

/** A rule as cards and the API see it: everything but its evaluate function. */
export const RuleMetaSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: CategorySchema,
  weight: z.number().min(0).max(10),
  description: z.string(),
  requires: z.array(z.string()),
});
export type RuleMeta = z.infer<typeof RuleMetaSchema>;

export { RULE_CATALOG };

export const RULE_IDS: readonly string[] = RULE_CATALOG.map((r) => r.id);
const BY_ID = new Map(RULE_CATALOG.map((r) => [r.id, r]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

export function isRuleId(id: string): boolean {
  return BY_ID.has(id);
}
