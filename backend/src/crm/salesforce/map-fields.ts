// Reading one Salesforce REST record safely: zod checks the envelope at the door, then typed readers turn
// fields into mirror values. A reader either returns a value (possibly with a note: truncated text, unknown
// picklist value) or rejects the whole record with a reason; the map-* files never throw.
import { z } from 'zod';
import { sourceHash } from '../mirror/source-hash';
import type { MapResult, MappingNote, MappingRejection, SalesforceRowMeta } from './types';

/** Longest text Pillar keeps from a CRM text field; longer values are cut with a TRUNCATED note. */
export const MAX_TEXT = 255;

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export const salesforceRecordSchema = z
  .object({
    Id: z.string().regex(SALESFORCE_ID, 'not a Salesforce id'),
    attributes: z.object({ type: z.string() }).loose().optional(),
  })
  .catchall(z.unknown());

export type SalesforceRecord = z.infer<typeof salesforceRecordSchema>;

class Rejected extends Error {
  constructor(readonly reason: Omit<MappingRejection, 'externalId'>) {
    super(reason.message);
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function isRealDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Typed access to one record's fields (dotted paths follow relationship objects such as Parent.Name). */
export class FieldReader {
  readonly notes: MappingNote[] = [];

  constructor(readonly record: SalesforceRecord) {}

  raw(path: string): unknown {
    let current: unknown = this.record;
    for (const part of path.split('.')) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  }

  private reject(code: MappingRejection['code'], field: string, message: string): never {
    throw new Rejected({ code, field, message });
  }

  note(code: MappingNote['code'], field: string, message: string): void {
    this.notes.push({ code, field, message });
  }

  /** Text trimmed of surrounding spaces; empty → null; longer than `max` → cut, with a note. */
  text(path: string, options: { required?: boolean; max?: number } = {}): string | null {
    const v = this.raw(path);
    if (v === null || v === undefined) {
      if (options.required) this.reject('MISSING_REQUIRED', path, `${path} is required but empty`);
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      this.reject('MALFORMED_VALUE', path, `${path} is not text (${typeof v})`);
    }
    const s = String(v).trim();
    if (s === '') {
      if (options.required) this.reject('MISSING_REQUIRED', path, `${path} is required but empty`);
      return null;
    }
    const max = options.max ?? MAX_TEXT;
    if (s.length > max) {
      this.note('TRUNCATED', path, `${path} had ${s.length} characters; kept the first ${max}`);
      return s.slice(0, max);
    }
    return s;
  }

  requiredText(path: string, max?: number): string {
    return this.text(path, { required: true, ...(max !== undefined ? { max } : {}) }) as string;
  }

  number(path: string): number | null {
    const v = this.raw(path);
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) this.reject('MALFORMED_NUMBER', path, `${path} is not a number: ${JSON.stringify(v)}`);
    return n;
  }

  /** A non-negative whole number (counts such as employees); a negative value is dropped with a note. */
  count(path: string): number | null {
    const n = this.number(path);
    if (n === null) return null;
    if (n < 0 || !Number.isInteger(n)) {
      this.note('OUT_OF_RANGE', path, `${path} = ${n} is not a count; ignored`);
      return null;
    }
    return n;
  }

  boolean(path: string): boolean | null {
    const v = this.raw(path);
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return this.reject('MALFORMED_VALUE', path, `${path} is not a boolean: ${JSON.stringify(v)}`);
  }

  /** YYYY-MM-DD (a datetime is cut to its UTC day). */
  date(path: string, options: { required?: boolean } = {}): string | null {
    const v = this.raw(path);
    if (v === null || v === undefined || v === '') {
      if (options.required) this.reject('MISSING_REQUIRED', path, `${path} is required but empty`);
      return null;
    }
    if (typeof v === 'string' && isRealDate(v)) return v;
    if (typeof v === 'string' && DATETIME_RE.test(v)) {
      const ms = Date.parse(normalizeOffset(v));
      if (!Number.isNaN(ms)) return new Date(ms).toISOString().slice(0, 10);
    }
    return this.reject('MALFORMED_DATE', path, `${path} is not a date: ${JSON.stringify(v)}`);
  }

  /** An instant as ISO-8601 UTC (`…Z`); Salesforce's `+0000` offsets are normalised. */
  instant(path: string, options: { required?: boolean } = {}): string | null {
    const v = this.raw(path);
    if (v === null || v === undefined || v === '') {
      if (options.required) this.reject('MISSING_REQUIRED', path, `${path} is required but empty`);
      return null;
    }
    if (typeof v === 'string' && DATETIME_RE.test(v)) {
      const ms = Date.parse(normalizeOffset(v));
      if (!Number.isNaN(ms) && isRealDate(v.slice(0, 10))) return new Date(ms).toISOString();
    }
    if (typeof v === 'string' && isRealDate(v)) return `${v}T00:00:00.000Z`;
    return this.reject('MALFORMED_DATE', path, `${path} is not a date-time: ${JSON.stringify(v)}`);
  }

  requiredInstant(path: string): string {
    return this.instant(path, { required: true }) as string;
  }

  /** A Salesforce id (15 or 18 characters); anything else rejects the record. */
  id(path: string): string | null {
    const v = this.raw(path);
    if (v === null || v === undefined || v === '') return null;
    if (typeof v === 'string' && SALESFORCE_ID.test(v)) return v;
    return this.reject('MALFORMED_ID', path, `${path} is not a Salesforce id: ${JSON.stringify(v)}`);
  }

  /** A value looked up in a picklist map; unknown values keep `fallback` with an UNKNOWN_PICKLIST note. */
  picklist<T>(path: string, map: Readonly<Record<string, T>>, fallback: T): { raw: string | null; value: T } {
    const raw = this.text(path);
    if (raw === null) return { raw, value: fallback };
    if (Object.hasOwn(map, raw)) return { raw, value: map[raw] as T };
    const folded = Object.keys(map).find((k) => k.toLowerCase() === raw.toLowerCase());
    if (folded !== undefined) return { raw, value: map[folded] as T };
    this.note('UNKNOWN_PICKLIST', path, `${path} value "${raw}" is not in the picklist map`);
    return { raw, value: fallback };
  }
}

function normalizeOffset(v: string): string {
  return v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/** Where each Pillar field comes from: a field api name or relationship path, or null for "not mapped". */
export type FieldSources<K extends string> = Readonly<Record<K, string | null>>;

export function resolveSources<K extends string>(defaults: FieldSources<K>, overrides?: Partial<Record<K, string | null>>): FieldSources<K> {
  return { ...defaults, ...(overrides ?? {}) };
}

/** The SOQL field list that feeds a mapper: bookkeeping fields plus every mapped source, deduplicated. */
export function soqlFields(bookkeeping: readonly string[], sources: Readonly<Record<string, string | null>>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of [...bookkeeping, ...Object.values(sources)]) {
    if (!f || seen.has(f.toLowerCase())) continue;
    seen.add(f.toLowerCase());
    out.push(f);
  }
  return out;
}

/** Runs a mapping body; a record that fails the envelope check or a reader becomes `{ ok: false, reason }`. */
export function mapRecord<Row extends object>(
  input: unknown,
  sobject: string,
  body: (r: FieldReader) => { row: Row; modstampPath?: string; modifiedByPath?: string },
): MapResult<Row> {
  const parsed = salesforceRecordSchema.safeParse(input);
  if (!parsed.success) {
    const id = input && typeof input === 'object' && 'Id' in input && typeof input.Id === 'string' ? input.Id : null;
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: { code: 'MALFORMED_RECORD', field: issue?.path.join('.') || null, message: `not a ${sobject} record: ${issue?.message ?? 'invalid'}`, externalId: id },
    };
  }
  const reader = new FieldReader(parsed.data);
  try {
    const { row, modstampPath = 'SystemModstamp', modifiedByPath = 'LastModifiedById' } = body(reader);
    const meta: SalesforceRowMeta = {
      sobject,
      sourceHash: sourceHash(row),
      sourceModstamp: reader.requiredInstant(modstampPath),
      lastModifiedByExternalId: reader.id(modifiedByPath),
      isDeleted: reader.boolean('IsDeleted') ?? false,
      notes: reader.notes,
    };
    return { ok: true, row, meta };
  } catch (err) {
    if (err instanceof Rejected) return { ok: false, reason: { ...err.reason, externalId: parsed.data.Id } };
    throw err;
  }
}
