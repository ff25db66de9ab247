import { CATEGORIES, type Category, type RuleMeta } from '@pillar/shared';
import { ENGAGEMENT_RULES } from './engagement';
import { FIT_RULES } from './fit';
import { INTENT_RULES } from './intent';
import { OPPORTUNITY_QUALITY_RULES } from './opportunity-quality';
import { PIPELINE_HEALTH_RULES } from './pipeline-health';
import { RELATIONSHIP_RULES } from './relationship';
import { RISK_RULES } from './risk';
import type { AccountRule } from './types';
import { VELOCITY_RULES } from './velocity';

/**
 * Every account rule, grouped by category in CATEGORIES order and by id within a category. Ids are
 * stable and append-only: a retired rule is disabled in profiles, never renumbered.
 */
export const RULES: readonly AccountRule[] = [
  ...ENGAGEMENT_RULES,
  ...FIT_RULES,
  ...INTENT_RULES,
  ...VELOCITY_RULES,
  ...PIPELINE_HEALTH_RULES,
  ...RELATIONSHIP_RULES,
  ...RISK_RULES,
  ...OPPORTUNITY_QUALITY_RULES,
];

/** Position of each rule in RULES (profiles compile to arrays in this order). */
export const RULE_POSITION: ReadonlyMap<string, number> = new Map(RULES.map((r, i) => [r.id, i]));

/** Category index (position in CATEGORIES) of each rule, aligned with RULES. */
export const RULE_CATEGORY_INDEX: Int8Array = Int8Array.from(RULES, (r) => CATEGORIES.indexOf(r.category));

export function rulesOf(category: Category): AccountRule[] {
  return RULES.filter((r) => r.category === category);
}

/** Catalog metadata without `evaluate` (what the shared package publishes to cards and the API). */
export function ruleMetadata(rules: readonly AccountRule[] = RULES): RuleMeta[] {
  return rules.map((r) => ({ id: r.id, name: r.name, category: r.category, weight: r.weight, description: r.description, requires: [...r.requires] }));
}

/** Source text of shared/src/scoring/rule-catalog.ts, generated from the engine's catalog. */
export function renderRuleCatalogModule(rules: readonly AccountRule[] = RULES): string {
  const lines = [
    '// GENERATED from backend/src/engine/rules/catalog.ts by `npx tsx backend/src/engine/rules/write-rule-catalog.ts`.',
    '// Do not edit by hand: a test fails when this file differs from the engine catalog.',
    "import type { RuleMeta } from './rule-meta';",
    '',
    'export const RULE_CATALOG: readonly RuleMeta[] = [',
  ];
  for (const m of ruleMetadata(rules)) {
    lines.push(
      `  { id: ${JSON.stringify(m.id)}, name: ${JSON.stringify(m.name)}, category: ${JSON.stringify(m.category)}, weight: ${m.weight}, description: ${JSON.stringify(m.description)}, requires: ${JSON.stringify(m.requires)} },`,
    );
  }
  lines.push('];', '');
  return lines.join('\n');
}
