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
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === null || member === undefined) continue;
      members.push(`${JSON.stringify(key)}:${stableJson(member)}`);
    }
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`stableJson: ${value} has no JSON form`);
  return JSON.stringify(value);
}

/** sha256 (hex) of the row's stable JSON: the mirror's change detection (`source_hash`). */
export function sourceHash(row: object): string {
  return createHash('sha256').update(stableJson(row)).digest('hex');
}
