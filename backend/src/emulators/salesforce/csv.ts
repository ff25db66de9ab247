// RFC 4180 CSV as Bulk API 2.0 speaks it (comma-delimited, LF line endings, every cell quoted on output).
import { parse } from 'csv-parse/sync';

export function toCsv(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const all = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true }) as string[][];
  const [header, ...rows] = all;
  return { header: header ?? [], rows };
}
