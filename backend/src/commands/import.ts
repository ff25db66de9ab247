import path from 'node:path';
import { CsvImportError, formatImportSummary, importCsvDirectory, type ImportProgress } from '../crm/csv';
import { analyzeMirrorTables } from '../db/queries/maintenance';
import { ensureOrganization } from '../db/queries/organizations';
import type { Runtime } from '../runtime';
import { type CommandArgs, CommandError } from './args';

type Args = CommandArgs;

export const IMPORT_USAGE = `  import csv <dir> --org <name>   import a Maven-shaped CRM export (accounts, sales_teams, products,
                                 sales_pipeline .csv) into a tenant, creating it if needed; idempotent`;

const PROGRESS_EVERY_MS = 1000;

/** `pillar import csv <dir> --org <name>`: progress on stderr while it runs, the summary on stdout. */
export async function importCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const [kind, dir] = args.positionals;
  if (kind !== 'csv' || !dir) throw new CommandError(`Usage:\n${IMPORT_USAGE}`);
  const name = typeof args.values.org === 'string' ? args.values.org.trim() : '';
  if (!name) throw new CommandError('Name the organization with --org <name> (it is created if it does not exist)');
  const org = await ensureOrganization(runtime.database.ownerPool, name);
  if (org.created) process.stderr.write(`Created organization "${name}" (${org.id})\n`);

  let lastReport = 0;
  const onProgress = (p: ImportProgress) => {
    const now = Date.now();
    if (now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    process.stderr.write(`  ${p.file}: ${p.rows.toLocaleString('en-US')} rows read\n`);
  };
  try {
    const summary = await importCsvDirectory({ db: runtime.database.db, orgId: org.id, dir: path.resolve(dir), onProgress });
    await analyzeMirrorTables(runtime.database.ownerPool);
    console.log(formatImportSummary(summary));
  } catch (error) {
    if (error instanceof CsvImportError) throw new CommandError(`Import refused, nothing from that file was kept: ${error.message}`);
    throw error;
  }
  return 'exit';
}
