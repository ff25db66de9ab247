// Field values: how the org stores them (datetimes as epoch ms, dates as YYYY-MM-DD) and how they are read from
// REST JSON or Bulk CSV and written back out, with Salesforce's per-field validation errors.
import { isWellFormedId, to18 } from './ids';
import type { FieldDef } from './schema';
import { isValidDate, parseDateTimeLiteral } from './soql';

export type Value = string | number | boolean | null;

export interface WriteError {
  statusCode: string;
  message: string;
  fields: string[];
}

export type Coerced = { ok: true; value: Value } | { ok: false; error: WriteError };

/** Salesforce's REST datetime format: `2024-01-01T00:00:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Stored value → REST JSON value. */
export function toJsonValue(def: FieldDef, v: Value): Value {
  if (v === null) return null;
  if (def.type === 'datetime' && typeof v === 'number') return formatDateTime(v);
  return v;
}

/** Stored value → Bulk API CSV cell (nulls are empty, datetimes in ISO `Z` form). */
export function toCsvValue(def: FieldDef, v: Value): string {
  if (v === null) return '';
  if (def.type === 'datetime' && typeof v === 'number') return new Date(v).toISOString();
  return String(v);
}

function typeError(def: FieldDef, raw: unknown): WriteError {
  return {
    statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
    message: `${def.label}: value not of required type: ${String(raw)}`,
    fields: [def.name],
  };
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Validates and converts one incoming value. `csv` input is all strings: empty cells never reach here
 * (Bulk leaves them unchanged) and `#N/A` means null.
 */
export function coerceValue(def: FieldDef, raw: unknown, source: 'json' | 'csv'): Coerced {
  if (raw === null || (source === 'csv' && raw === '#N/A')) {
    return { ok: true, value: def.type === 'boolean' ? false : null };
  }
  switch (def.type) {
    case 'string':
    case 'textarea':
    case 'email':
    case 'url':
    case 'phone':
    case 'picklist': {
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return { ok: false, error: typeError(def, raw) };
      const s = String(raw);
      if (s === '') return { ok: true, value: null };
      if (s.length > def.length) {
        return {
          ok: false,
          error: {
            statusCode: 'STRING_TOO_LONG',
            message: `${def.label}: data value too large: ${s.slice(0, 40)}${s.length > 40 ? '...' : ''} (max length=${def.length})`,
            fields: [def.name],
          },
        };
      }
      if (def.type === 'email' && !EMAIL_RE.test(s)) {
        return { ok: false, error: { statusCode: 'INVALID_EMAIL_ADDRESS', message: `${def.label}: invalid email address: ${s}`, fields: [def.name] } };
      }
      if (def.type === 'picklist' && def.restrictedPicklist && !def.picklistValues.some((p) => p.value === s)) {
        return {
          ok: false,
          error: {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: `${def.label}: bad value for restricted picklist field: ${s}`,
            fields: [def.name],
          },
        };
      }
      return { ok: true, value: s };
    }
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n) || (def.type === 'int' && !Number.isInteger(n))) return { ok: false, error: typeError(def, raw) };
      const maxDigits = Math.max(1, def.precision - def.scale);
      if (Math.abs(n) >= 10 ** maxDigits) {
        return {
          ok: false,
          error: {
            statusCode: 'NUMBER_OUTSIDE_VALID_RANGE',
            message: `${def.label}: value outside of valid range on numeric field: ${n}`,
            fields: [def.name],
          },
        };
      }
      const factor = 10 ** def.scale;
      return { ok: true, value: def.type === 'int' ? n : Math.round(n * factor) / factor };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === '1' || raw === 'TRUE') return { ok: true, value: true };
      if (raw === 'false' || raw === '0' || raw === 'FALSE') return { ok: true, value: false };
      return { ok: false, error: typeError(def, raw) };
    case 'date':
      if (typeof raw === 'string' && isValidDate(raw)) return { ok: true, value: raw };
      return { ok: false, error: typeError(def, raw) };
    case 'datetime': {
      if (typeof raw !== 'string') return { ok: false, error: typeError(def, raw) };
      const ms = parseDateTimeLiteral(raw);
      return ms === null ? { ok: false, error: typeError(def, raw) } : { ok: true, value: ms };
    }
    case 'id':
    case 'reference': {
      if (typeof raw !== 'string') return { ok: false, error: typeError(def, raw) };
      if (raw === '') return { ok: true, value: null };
      if (!isWellFormedId(raw)) {
        return { ok: false, error: { statusCode: 'MALFORMED_ID', message: `${def.label}: id value of incorrect type: ${raw}`, fields: [def.name] } };
      }
      return { ok: true, value: to18(raw) };
    }
  }
}
