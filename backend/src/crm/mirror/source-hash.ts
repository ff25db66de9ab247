import { createHash } from 'node:crypto';

/**
 * JSON with object keys in sorted order at every depth, and null/undefined members left out: two rows that
 * say the same thing serialise the same, whatever order a connector built them in and whether it wrote
 * `null` or omitted the key (both mean "the source does not say").
 */
export function stableJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object') {
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    const record = value as Record<string, unknown>;
    let out = '{';
    for (const [key, quoted] of sortedKeys(record)) {
      const member = record[key];
      if (member === null || member === undefined) continue;
      out += `${out.length > 1 ? ',' : ''}${quoted}:${stableJson(member)}`;
    }
    return `${out}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`stableJson: ${value} has no JSON form`);
  return JSON.stringify(value);
}

/** Rows of one kind share their key order: sort (and quote) each distinct key list once. */
const keyOrders = new Map<string, Array<[string, string]>>();

function sortedKeys(record: Record<string, unknown>): Array<[string, string]> {
  const keys = Object.keys(record);
  const signature = keys.join('\u0000');
  let order = keyOrders.get(signature);
  if (!order) {
    order = [...keys].sort().map((k) => [k, JSON.stringify(k)] as [string, string]);
    if (keyOrders.size < 10_000) keyOrders.set(signature, order);
  }
  return order;
}

/** sha256 (hex) of the row's stable JSON: the mirror's change detection (`source_hash`). */
export function sourceHash(row: object): string {
  return createHash('sha256').update(stableJson(row)).digest('hex');
}
