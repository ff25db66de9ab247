import type { FileSummary, ImportSummary, RowIssue } from './import-csv-directory';

const number = (n: number) => n.toLocaleString('en-US');

/** The import summary as lines of text for the CLI: per file and table counts, then skipped rows and remarks. */
export function formatImportSummary(summary: ImportSummary, options: { maxIssues?: number } = {}): string {
  const maxIssues = options.maxIssues ?? 20;
  const files = Object.entries(summary.files);
  const changes = files.reduce((n, [, f]) => n + f.inserted + f.updated, 0);
  const lines = [`Imported ${files.length} file${files.length === 1 ? '' : 's'} in ${(summary.durationMs / 1000).toFixed(1)} s: ${changes === 0 ? 'no changes' : `${number(changes)} rows written`}.`];
  for (const [name, file] of files) {
    lines.push(`  ${name}: ${number(file.read)} rows read, ${number(file.skipped.length)} skipped`);
    for (const [table, counts] of Object.entries(file.tables)) {
      lines.push(`    ${table}: ${number(counts.inserted)} new, ${number(counts.updated)} updated, ${number(counts.unchanged)} unchanged`);
    }
    lines.push(...issueLines('skipped', file.skipped, maxIssues));
    lines.push(...groupedLines(file));
  }
  if (summary.ignored.length > 0) lines.push(`  not imported: ${summary.ignored.join(', ')}`);
  return lines.join('\n');
}

function issueLines(label: string, issues: RowIssue[], max: number): string[] {
  if (issues.length === 0) return [];
  const out = issues.slice(0, max).map((i) => `      line ${i.line}${i.field ? `, ${i.field}` : ''}: ${i.reason}`);
  if (issues.length > max) out.push(`      … and ${number(issues.length - max)} more`);
  return [`    ${label}:`, ...out];
}

/** Remarks repeat (1,425 deals without an account): one line per distinct remark, with a count and the first lines. */
function groupedLines(file: FileSummary): string[] {
  if (file.warnings.length === 0) return [];
  const groups = new Map<string, { field: string | null; reason: string; lines: number[] }>();
  for (const w of file.warnings) {
    const key = `${w.field}\u0000${w.reason}`;
    const group = groups.get(key) ?? { field: w.field, reason: w.reason, lines: [] };
    group.lines.push(w.line);
    groups.set(key, group);
  }
  const out = ['    kept with a remark:'];
  for (const g of groups.values()) {
    const shown = g.lines.slice(0, 5).join(', ') + (g.lines.length > 5 ? ', …' : '');
    out.push(`      ${number(g.lines.length)} × ${g.field ? `${g.field}: ` : ''}${g.reason} (line${g.lines.length > 1 ? 's' : ''} ${shown})`);
  }
  return out;
}
