import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { Db } from '../../db/database';
import {
  DEFAULT_MIRROR_BATCH_SIZE,
  upsertAccounts,
  upsertOpportunities,
  upsertProducts,
  upsertStageHistory,
  upsertUsers,
  type MirrorExecutor,
  type UnresolvedReference,
  type UpsertCounts,
  type UpsertResult,
} from '../../db/queries/mirror';
import { withOrg } from '../../db/tenant';
import type { MirrorOpportunity, MirrorStageChange, MirrorTable } from '../mirror/rows';
import { CsvImportError } from './errors';
import { mapAccount, mapOpportunity, mapProduct, mapSalesTeams } from './map-maven';
import {
  MAVEN_FILES,
  accountRowSchema,
  pipelineRowSchema,
  productRowSchema,
  salesTeamRowSchema,
  type MavenFileName,
  type SalesTeamRow,
} from './maven-files';
import { cleanCell } from './normalise';
import { DEFAULT_CSV_LIMITS, readCsvRecords, type CsvLimits } from './read-csv';

/** A row that was skipped, or kept with a remark. `field` is null when the whole row is at fault. */
export interface RowIssue {
  line: number;
  field: string | null;
  reason: string;
}

export interface FileSummary extends UpsertCounts {
  /** Data rows read (the header and empty lines not counted). inserted/updated/unchanged add up every table below. */
  read: number;
  tables: Partial<Record<MirrorTable, UpsertCounts>>;
  /** Rows not imported, each with the reason. */
  skipped: RowIssue[];
  /** Rows imported with a remark (e.g. a deal with no account, kept without one). */
  warnings: RowIssue[];
}

export interface ImportSummary {
  files: Record<string, FileSummary>;
  /** CSV files in the directory that are not imported (e.g. the export's data_dictionary.csv). */
  ignored: string[];
  durationMs: number;
}

export interface ImportProgress {
  file: string;
  /** Data rows read so far in this file. */
  rows: number;
}

export interface ImportCsvOptions {
  db: Db;
  orgId: string;
  /** A directory holding the Maven export (sales_teams.csv, accounts.csv, products.csv, sales_pipeline.csv). */
  dir: string;
  onProgress?: (progress: ImportProgress) => void;
  batchSize?: number;
  limits?: Partial<CsvLimits>;
}

interface Header {
  names: string[];
  index: Map<string, number>;
}

interface Located {
  name: MavenFileName;
  columns: readonly string[];
  filePath: string;
}

/**
 * Imports a Maven CRM export into one tenant, idempotently: rows are upserted by natural key and unchanged
 * rows are not rewritten, so a second import of the same files reports 0 changes.
 *
 * Every header is checked before anything is written (a file missing a required column refuses the whole
 * import). Each file is then imported in its own withOrg transaction: a bad row is skipped and reported
 * (file, line, field, reason) while the good rows go in; a fatal problem (a record above the size cap, an
 * unclosed quote) rolls that file back and throws a CsvImportError naming file, line and field. Rows stored
 * by earlier imports are never damaged by a bad row: a skipped row leaves the stored version as it was.
 */
export async function importCsvDirectory(options: ImportCsvOptions): Promise<ImportSummary> {
  const started = performance.now();
  const limits: CsvLimits = { ...DEFAULT_CSV_LIMITS, ...options.limits };
  const batchSize = options.batchSize ?? DEFAULT_MIRROR_BATCH_SIZE;
  const { files, ignored } = await locateFiles(options.dir);

  const headers = new Map<MavenFileName, Header>();
  for (const file of files) headers.set(file.name, await readHeader(file, limits));

  const summary: ImportSummary = { files: {}, ignored, durationMs: 0 };
  for (const file of files) {
    const context: FileContext = { file, header: headers.get(file.name)!, limits, batchSize, onProgress: options.onProgress };
    const fileSummary = await withOrg(options.db, options.orgId, (tx) => IMPORTERS[file.name](tx, context));
    fileSummary.skipped.sort(byPosition);
    fileSummary.warnings.sort(byPosition);
    summary.files[file.name] = fileSummary;
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

async function locateFiles(dir: string): Promise<{ files: Located[]; ignored: string[] }> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    throw new CsvImportError({ file: dir, line: null, field: null, reason: `cannot read the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
  }
  const byLowerCase = new Map(entries.map((e) => [e.toLowerCase(), e]));
  const files: Located[] = [];
  for (const spec of MAVEN_FILES) {
    const entry = byLowerCase.get(spec.name);
    if (entry) files.push({ name: spec.name, columns: spec.columns, filePath: path.join(dir, entry) });
  }
  if (files.length === 0) {
    throw new CsvImportError({
      file: dir,
      line: null,
      field: null,
      reason: `no export files found; expected ${MAVEN_FILES.map((f) => f.name).join(', ')}`,
    });
  }
  const imported = new Set<string>(MAVEN_FILES.map((f) => f.name));
  const ignored = entries.filter((e) => e.toLowerCase().endsWith('.csv') && !imported.has(e.toLowerCase())).sort();
  return { files, ignored };
}

async function readHeader(file: Located, limits: CsvLimits): Promise<Header> {
  const records = readCsvRecords(file.filePath, file.name, limits);
  const first = await records.next();
  await records.return(undefined);
  if (first.done) throw new CsvImportError({ file: file.name, line: 1, field: null, reason: `the file is empty; expected a header with ${file.columns.join(', ')}` });
  const record = first.value;
  if (record.kind === 'unusable') throw new CsvImportError({ file: file.name, line: record.line, field: null, reason: `the header cannot be read: ${record.reason}` });
  const names = record.fields.map((f) => (cleanCell(f) ?? '').toLowerCase());
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const missing = file.columns.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new CsvImportError({
      file: file.name,
      line: record.line,
      field: missing[0]!,
      reason: `required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} missing from the header (found: ${names.join(', ')}); nothing was imported`,
    });
  }
  return { names, index };
}

interface FileContext {
  file: Located;
  header: Header;
  limits: CsvLimits;
  batchSize: number;
  onProgress: ((progress: ImportProgress) => void) | undefined;
}

/** Issues in file order: by line, then field. */
function byPosition(a: RowIssue, b: RowIssue): number {
  return a.line - b.line || (a.field ?? '').localeCompare(b.field ?? '');
}

function emptyFileSummary(): FileSummary {
  return { read: 0, inserted: 0, updated: 0, unchanged: 0, tables: {}, skipped: [], warnings: [] };
}

function record(summary: FileSummary, table: MirrorTable, result: UpsertResult): void {
  const counts = (summary.tables[table] ??= { inserted: 0, updated: 0, unchanged: 0 });
  counts.inserted += result.inserted;
  counts.updated += result.updated;
  counts.unchanged += result.unchanged;
  summary.inserted += result.inserted;
  summary.updated += result.updated;
  summary.unchanged += result.unchanged;
}

/**
 * The file's rows that pass the schema, with their line. Unusable records and rows failing the schema are
 * added to `summary.skipped`; every data row counts in `summary.read`.
 */
async function* validRows<S extends z.ZodType>(context: FileContext, schema: S, summary: FileSummary): AsyncGenerator<{ line: number; row: z.output<S>; cells: Record<string, string | undefined> }> {
  const { file, header, limits } = context;
  let isHeader = true;
  for await (const item of readCsvRecords(file.filePath, file.name, limits, header.names)) {
    if (isHeader) {
      isHeader = false;
      continue;
    }
    summary.read++;
    if (item.kind === 'unusable') {
      summary.skipped.push({ line: item.line, field: item.fieldIndex === null ? null : (header.names[item.fieldIndex] ?? `column ${item.fieldIndex + 1}`), reason: item.reason });
      continue;
    }
    if (item.fields.length !== header.names.length) {
      summary.skipped.push({ line: item.line, field: null, reason: `the row has ${item.fields.length} fields; the header has ${header.names.length}` });
      continue;
    }
    const cells: Record<string, string | undefined> = {};
    for (const column of file.columns) cells[column] = cleanCell(item.fields[header.index.get(column)!]);
    const parsed = schema.safeParse(cells);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      summary.skipped.push({ line: item.line, field: issue.path.length > 0 ? String(issue.path[0]) : null, reason: issue.message });
      continue;
    }
    yield { line: item.line, row: parsed.data, cells };
  }
}

function duplicateCheck(summary: FileSummary, field: string) {
  const firstLine = new Map<string, number>();
  return (key: string, line: number): boolean => {
    const first = firstLine.get(key);
    if (first !== undefined) {
      summary.skipped.push({ line, field, reason: `"${key}" is already on line ${first}; the first one is kept` });
      return true;
    }
    firstLine.set(key, line);
    return false;
  };
}

const REFERENCE_FIELDS: Record<string, { field: string; noun: string }> = {
  owner: { field: 'sales_agent', noun: 'sales agent' },
  account: { field: 'account', noun: 'account' },
  product: { field: 'product', noun: 'product' },
  manager: { field: 'manager', noun: 'manager' },
};

function reportUnresolved(summary: FileSummary, unresolved: UnresolvedReference[], lines: Map<string, number>, what: string): void {
  for (const u of unresolved) {
    const ref = REFERENCE_FIELDS[u.reference] ?? { field: u.reference, noun: u.reference };
    const line = lines.get(u.externalId) ?? 0;
    const reason = u.kept
      ? `"${u.value}" is not a known ${ref.noun}; the ${what} is kept without one`
      : `"${u.value}" is not a known ${ref.noun}; the ${what} is not imported`;
    (u.kept ? summary.warnings : summary.skipped).push({ line, field: ref.field, reason });
  }
}

async function importSalesTeams(tx: MirrorExecutor, context: FileContext): Promise<FileSummary> {
  const summary = emptyFileSummary();
  const isDuplicate = duplicateCheck(summary, 'sales_agent');
  const rows: Array<{ line: number; row: SalesTeamRow }> = [];
  for await (const { line, row } of validRows(context, salesTeamRowSchema, summary)) {
    if (!isDuplicate(row.sales_agent, line)) rows.push({ line, row });
  }
  const { users, conflicts } = mapSalesTeams(rows);
  summary.warnings.push(...conflicts);
  const result = await upsertUsers(tx, 'csv', users, { batchSize: context.batchSize });
  record(summary, 'users', result);
  reportUnresolved(summary, result.unresolved, new Map(rows.map((r) => [r.row.sales_agent, r.line])), 'agent');
  context.onProgress?.({ file: context.file.name, rows: summary.read });
  return summary;
}

async function importAccounts(tx: MirrorExecutor, context: FileContext): Promise<FileSummary> {
  const summary = emptyFileSummary();
  const isDuplicate = duplicateCheck(summary, 'account');
  let batch: ReturnType<typeof mapAccount>[] = [];
  const flush = async () => {
    record(summary, 'accounts', await upsertAccounts(tx, 'csv', batch, { batchSize: context.batchSize }));
    batch = [];
    context.onProgress?.({ file: context.file.name, rows: summary.read });
  };
  for await (const { line, row } of validRows(context, accountRowSchema, summary)) {
    if (isDuplicate(row.account, line)) continue;
    batch.push(mapAccount(row));
    if (batch.length >= context.batchSize) await flush();
  }
  await flush();
  return summary;
}

async function importProducts(tx: MirrorExecutor, context: FileContext): Promise<FileSummary> {
  const summary = emptyFileSummary();
  const isDuplicate = duplicateCheck(summary, 'product');
  let batch: ReturnType<typeof mapProduct>[] = [];
  const flush = async () => {
    record(summary, 'products', await upsertProducts(tx, 'csv', batch, { batchSize: context.batchSize }));
    batch = [];
    context.onProgress?.({ file: context.file.name, rows: summary.read });
  };
  for await (const { line, row } of validRows(context, productRowSchema, summary)) {
    if (isDuplicate(row.product, line)) continue;
    batch.push(mapProduct(row));
    if (batch.length >= context.batchSize) await flush();
  }
  await flush();
  return summary;
}

async function importPipeline(tx: MirrorExecutor, context: FileContext): Promise<FileSummary> {
  const summary = emptyFileSummary();
  const isDuplicate = duplicateCheck(summary, 'opportunity_id');
  let opportunities: MirrorOpportunity[] = [];
  let stageChanges: MirrorStageChange[] = [];
  let lines = new Map<string, number>();
  const flush = async () => {
    const written = await upsertOpportunities(tx, 'csv', opportunities, { batchSize: context.batchSize });
    record(summary, 'opportunities', written);
    reportUnresolved(summary, written.unresolved, lines, 'deal');
    const history = await upsertStageHistory(tx, 'csv', stageChanges, { batchSize: context.batchSize });
    record(summary, 'stage_history', history);
    opportunities = [];
    stageChanges = [];
    lines = new Map();
    context.onProgress?.({ file: context.file.name, rows: summary.read });
  };
  for await (const { line, row, cells } of validRows(context, pipelineRowSchema, summary)) {
    if (isDuplicate(row.opportunity_id, line)) continue;
    const mapped = mapOpportunity(row, cells.deal_stage ?? row.deal_stage);
    if (!row.account) summary.warnings.push({ line, field: 'account', reason: 'no account; the deal is kept without one' });
    opportunities.push(mapped.opportunity);
    for (const change of mapped.stageChanges) stageChanges.push(change);
    lines.set(row.opportunity_id, line);
    if (opportunities.length >= context.batchSize) await flush();
  }
  await flush();
  return summary;
}

const IMPORTERS: Record<MavenFileName, (tx: MirrorExecutor, context: FileContext) => Promise<FileSummary>> = {
  'sales_teams.csv': importSalesTeams,
  'accounts.csv': importAccounts,
  'products.csv': importProducts,
  'sales_pipeline.csv': importPipeline,
};
