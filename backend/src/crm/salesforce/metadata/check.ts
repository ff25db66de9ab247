import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage } from './check/check-package';
import { PACKAGE_DIRECTORY } from './package-names';

/**
 * CLI: `npx tsx backend/src/crm/salesforce/metadata/check.ts [packageDir]` runs every offline check of the
 * Salesforce package and exits non-zero when one finds a problem.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const packageDir = path.resolve(process.argv[2] ?? path.join(repoRoot, PACKAGE_DIRECTORY));
const { problems, components } = await checkPackage(packageDir);
for (const p of problems) console.log(`${p.check.padEnd(10)} ${p.file}: ${p.message}`);
console.log(`${components.length} components, ${problems.length} problems`);
process.exitCode = problems.length === 0 ? 0 : 1;
