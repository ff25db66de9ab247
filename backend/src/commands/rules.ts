import { CATEGORY_LABELS, DEFAULT_CATEGORY_WEIGHTS, RULE_CATALOG, type RuleMeta } from '@pillar/shared';
import type { CommandArgs } from './args';

type Args = CommandArgs;

export const RULES_USAGE = `  rules [--json]                 list the account-health rule catalog (id, category, weight, name)`;

/** The catalog as `pillar rules` prints it: one line per rule, grouped by category in catalog order. */
export function formatRuleCatalog(rules: readonly RuleMeta[]): string {
  const lines = [`${'ID'.padEnd(8)} ${'CATEGORY'.padEnd(20)} ${'WEIGHT'.padStart(6)}  NAME`];
  let category: string | null = null;
  for (const r of rules) {
    if (r.category !== category) {
      category = r.category;
      lines.push(`# ${CATEGORY_LABELS[r.category]} (category weight ${DEFAULT_CATEGORY_WEIGHTS[r.category]})`);
    }
    lines.push(`${r.id.padEnd(8)} ${r.category.padEnd(20)} ${String(r.weight).padStart(6)}  ${r.name}`);
  }
  lines.push(`${rules.length} rules`);
  return lines.join('\n');
}

/** `pillar rules [--json]`: needs no database. */
export async function rulesCommand(args: Args): Promise<void> {
  console.log(args.values.json === true ? JSON.stringify(RULE_CATALOG, null, 2) : formatRuleCatalog(RULE_CATALOG));
}
