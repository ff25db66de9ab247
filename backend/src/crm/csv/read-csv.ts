import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse';
import { CsvImportError } from './errors';

/** Size caps that keep one bad row from exhausting memory. */
export interface CsvLimits {
  /** A longer field skips its row (reported). */
  fieldBytes: number;
  /** A longer record refuses the whole file: the parser stops buffering there. */
  recordBytes: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { fieldBytes: 1024 * 1024, recordBytes: 16 * 1024 * 1024 };

/** One record of the file: its fields (UTF-8 decoded), or why the record cannot be used. */
export type CsvRecord =
  | { kind: 'fields'; line: number; fields: string[] }
  | { kind: 'unusable'; line: number; fieldIndex: number | null; reason: string };

const NON_ASCII = /[\u0080-\u00ff]/;
const LATIN1_BOM = '\u00ef\u00bb\u00bf';

/**
 * Streams the records of a CSV file. Line numbers are 1-based and point at the line a record starts on
 * (the header is line 1). Delimiter-separated lines with CRLF or LF endings; fields may be quoted.
 *
 * Bytes are parsed as latin1 (one char per byte, so no decoding can fail or hide a byte) and every field is
 * then checked to be valid UTF-8: a record with a stray byte is reported with its line and field instead of
 * being imported with replacement characters. Fatal parse errors (an unclosed quote, a record above
 * `limits.recordBytes`) throw a CsvImportError naming the file, line and field.
 */
export async function* readCsvRecords(filePath: string, file: string, limits: CsvLimits = DEFAULT_CSV_LIMITS, header?: string[]): AsyncGenerator<CsvRecord> {
  const stream = createReadStream(filePath);
  const parser = parse({
    encoding: 'latin1',
    bom: false,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: limits.recordBytes,
  });
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  let previousEnd = 0;
  let first = true;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = previousEnd + 1;
      previousEnd = item.info.lines;
      const raw = item.record;
      if (raw.length === 1 && raw[0] === '') continue; // an empty line
      if (first && raw[0]?.startsWith(LATIN1_BOM)) raw[0] = raw[0].slice(LATIN1_BOM.length);
      first = false;
      yield decodeRecord(raw, line, limits);
    }
  } catch (error) {
    if (error instanceof CsvError) throw parseError(error, file, header);
    throw error;
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

function decodeRecord(raw: string[], line: number, limits: CsvLimits): CsvRecord {
  const fields: string[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const value = raw[i]!;
    if (value.length > limits.fieldBytes) {
      return { kind: 'unusable', line, fieldIndex: i, reason: `the value is ${formatBytes(value.length)}, above the limit of ${formatBytes(limits.fieldBytes)} per field` };
    }
    if (value.includes('\u0000')) {
      return { kind: 'unusable', line, fieldIndex: i, reason: 'the value contains a NUL byte (0x00), which text cannot hold' };
    }
    if (NON_ASCII.test(value)) {
      const bytes = Buffer.from(value, 'latin1');
      if (!isUtf8(bytes)) {
        const at = firstInvalidUtf8Byte(bytes);
        return {
          kind: 'unusable',
          line,
          fieldIndex: i,
          reason: `the value is not valid UTF-8 (byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')} at byte ${at + 1} of the field); save the file as UTF-8`,
        };
      }
      fields[i] = bytes.toString('utf8');
    } else {
      fields[i] = value;
    }
  }
  return { kind: 'fields', line, fields };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    if (length > 1 && !isUtf8(bytes.subarray(i, i + length))) return i; // overlong forms and surrogates
    i += length;
  }
  return bytes.length;
}

function parseError(error: CsvError, file: string, header: string[] | undefined): CsvImportError {
  const details = error as CsvError & { lines?: number; index?: number };
  const line = typeof details.lines === 'number' ? details.lines : null;
  const field = typeof details.index === 'number' ? (header?.[details.index] ?? `column ${details.index + 1}`) : null;
  const reason =
    error.code === 'CSV_MAX_RECORD_SIZE'
      ? `a record is larger than the limit of ${formatBytes(Number(error.message.match(/of (\d+)/)?.[1] ?? 0))}; the file is refused`
      : error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted value is never closed; the file is refused'
        : `the file is not valid CSV (${error.message}); the file is refused`;
  return new CsvImportError({ file, line, field, reason });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}
