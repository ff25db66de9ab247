// Which fields of which records to send: the desired values against writeback_state. Pure.
//
// - A field is sent when its desired value differs from the last value written (never written counts as
//   empty). Companion fields (scored-at) ride along only when something else changes.
// - A record whose earlier write failed has its values in `pending`; the diff against `written` sends them
//   again (with whatever changed since), so a failure is retried every cycle until it is written.
// - The same values that failed for a reason retrying cannot fix (deleted record, invalid value,
//   permission) are held after `maxAttempts` tries: still kept, reported each cycle, sent again as soon as
//   the values change.
import type { SalesforceErrorCode } from '../errors';
import type { FieldValues, WriteValue } from './desired-values';

export interface WritebackStateRow {
  externalId: string;
  written: Record<string, unknown>;
  pending: Record<string, unknown> | null;
  attempts: number;
  lastError: string | null;
}

export interface Desired {
  externalId: string;
  values: FieldValues;
  companions: ReadonlySet<string>;
}

export interface PlannedWrite {
  externalId: string;
  fields: FieldValues;
  /** The record had failed before (its pending values are being retried). */
  retry: boolean;
}

export interface WritePlan {
  writes: PlannedWrite[];
  unchanged: number;
  /** Pending values not sent again this cycle (see above). */
  held: Array<{ externalId: string; attempts: number; lastError: string | null }>;
  /** Records whose pending values are no longer wanted (the desired values equal what is written). */
  clearPending: string[];
}

const RETRYABLE: ReadonlySet<SalesforceErrorCode> = new Set(['RECORD_LOCKED', 'RETRYABLE', 'RATE_LIMITED', 'LIMIT_EXCEEDED', 'AUTH']);

/** last_error is stored as `<CODE>[ <vendor code>]: <message>`. */
export function formatWriteError(failure: { code: SalesforceErrorCode; vendorCode: string | null; message: string }): string {
  return `${failure.code}${failure.vendorCode ? ` ${failure.vendorCode}` : ''}: ${failure.message}`;
}

export function isRetryableWriteError(lastError: string | null): boolean {
  if (!lastError) return true;
  const code = /^([A-Z_]+)/.exec(lastError)?.[1];
  return code === undefined || RETRYABLE.has(code as SalesforceErrorCode);
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!same(a[k], b[k])) return false;
  return true;
}

export function planWrites(desired: Iterable<Desired>, state: ReadonlyMap<string, WritebackStateRow>, options: { maxAttempts: number }): WritePlan {
  const plan: WritePlan = { writes: [], unchanged: 0, held: [], clearPending: [] };
  for (const d of desired) {
    const st = state.get(d.externalId);
    const written = st?.written ?? {};
    const fields: FieldValues = {};
    let changed = false;
    for (const [name, value] of Object.entries(d.values)) {
      if (same(value, written[name])) continue;
      fields[name] = value;
      if (!d.companions.has(name)) changed = true;
    }
    if (!changed) {
      plan.unchanged++;
      if (st?.pending) plan.clearPending.push(d.externalId);
      continue;
    }
    if (st?.pending && st.attempts >= options.maxAttempts && !isRetryableWriteError(st.lastError) && sameValues(stripCompanions(fields, d.companions), stripCompanions(st.pending, d.companions))) {
      plan.held.push({ externalId: d.externalId, attempts: st.attempts, lastError: st.lastError });
      continue;
    }
    plan.writes.push({ externalId: d.externalId, fields, retry: st?.pending != null });
  }
  return plan;
}

function stripCompanions(values: Record<string, unknown>, companions: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (!companions.has(k)) out[k] = v as WriteValue;
  return out;
}
