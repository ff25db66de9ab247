// Salesforce record ids: 3-char key prefix + 2-char pod + reserved '0' + 9-char base-62 counter = 15 chars,
// plus the 3-char case-safe checksum suffix = 18 chars. The base-62 alphabet is in ASCII order, so ids made
// from an increasing counter also sort in creation order (as `ORDER BY Id` does in a real org).

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const POD = 'Dn';

export const KEY_PREFIXES = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  OpportunityHistory: '008',
  OpportunityContactRole: '00K',
  Task: '00T',
  Event: '00U',
  User: '005',
  Organization: '00D',
  BulkJob: '750',
  QueryCursor: '01g',
} as const;

function toBase62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  if (out.length > width) throw new Error(`id counter ${n} does not fit in ${width} base-62 digits`);
  return out.padStart(width, '0');
}

/** The 3-char suffix that makes a 15-char id case-insensitively unique. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let mask = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) mask |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[mask];
  }
  return suffix;
}

export function makeId(prefix: string, counter: number): string {
  const id15 = `${prefix}${POD}0${toBase62(counter, 9)}`;
  return id15 + checksumSuffix(id15);
}

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** True for a well-formed 15- or 18-char id whose suffix (if any) matches its checksum. */
export function isWellFormedId(id: string): boolean {
  if (!ID_SHAPE.test(id)) return false;
  return id.length === 15 || checksumSuffix(id.slice(0, 15)) === id.slice(15);
}

/** The canonical 18-char form of a well-formed id (15-char ids are case-sensitive). */
export function to18(id: string): string {
  const id15 = id.slice(0, 15);
  return id15 + checksumSuffix(id15);
}

/** Generates increasing ids per key prefix. */
export class IdSequence {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return makeId(prefix, n);
  }
}
