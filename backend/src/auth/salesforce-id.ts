import { salesforceIdSchema } from '@pillar/shared';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The case-safe 18-character form of a Salesforce id. Each of the three 5-character chunks of the 15-character
 * id contributes one suffix character whose 5 bits say which of its characters are upper-case letters.
 */
export function toSalesforceId18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return id15 + suffix;
}

/**
 * Every stored form a Salesforce id may take: its 15-character and 18-character spellings. Returns null for
 * a string that is not a Salesforce id, or an 18-character id whose suffix does not match its first 15
 * characters (a mangled id, not a different record).
 */
export function salesforceIdForms(id: string): { id15: string; id18: string } | null {
  if (!salesforceIdSchema.safeParse(id).success) return null;
  const id15 = id.slice(0, 15);
  const id18 = toSalesforceId18(id15);
  if (id.length === 18 && id.slice(15).toUpperCase() !== id18.slice(15)) return null;
  return { id15, id18 };
}
