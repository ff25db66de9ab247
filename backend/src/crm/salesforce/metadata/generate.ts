import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedPackageFiles, isGeneratedFieldPath } from './package-files';
import { SOURCE_ROOT } from './package-names';

/**
 * CLI: `npx tsx backend/src/crm/salesforce/metadata/generate.ts` rewrites the generated files of the
 * Salesforce package from the FIELD CATALOG and removes Pillar field files the catalog no longer has.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const sourceRoot = path.join(repoRoot, SOURCE_ROOT);

const files = generatedPackageFiles((p) => fs.readFileSync(path.join(sourceRoot, p), 'utf8'));
const wanted = new Set(files.map((f) => f.path));

for (const object of ['Account', 'Opportunity']) {
  const dir = path.join(sourceRoot, 'objects', object, 'fields');
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    const rel = `objects/${object}/fields/${name}`;
    if (isGeneratedFieldPath(rel) && !wanted.has(rel)) {
      fs.rmSync(path.join(dir, name));
      console.log(`removed ${rel}`);
    }
  }
}

let changed = 0;
for (const file of files) {
  const target = path.join(sourceRoot, file.path);
  const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (before === file.content) continue;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, file.content);
  changed++;
  console.log(`${before === null ? 'created' : 'updated'} ${file.path}`);
}
console.log(`${files.length} generated files, ${changed} written`);
