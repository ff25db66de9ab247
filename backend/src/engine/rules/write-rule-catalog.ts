import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRuleCatalogModule } from './catalog';

/** Regenerates shared/src/scoring/rule-catalog.ts from the engine catalog (run after editing a rule). */
export const RULE_CATALOG_PATH = fileURLToPath(new URL('../../../../shared/src/scoring/rule-catalog.ts', import.meta.url));

writeFileSync(RULE_CATALOG_PATH, renderRuleCatalogModule());
process.stdout.write(`wrote ${RULE_CATALOG_PATH}\n`);
