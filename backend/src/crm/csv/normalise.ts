/**
 * What the importer treats as "clearly the same". Explicit and small on purpose: a value is rewritten only
 * when it is listed here (typos and spacing variants seen in real exports), never by fuzzy matching, so an
 * import cannot merge two things that are really different.
 */
export const VALUE_ALIASES = {
  /** accounts.csv `sector` */
  sector: { technolgy: 'technology' },
  /** `product` in products.csv and sales_pipeline.csv */
  product: { GTXPro: 'GTX Pro' },
  /** accounts.csv `office_location` */
  country: { Philipines: 'Philippines' },
} as const satisfies Record<string, Record<string, string>>;

export type AliasKind = keyof typeof VALUE_ALIASES;

/** The canonical spelling of a value of this kind (unchanged when it is not an alias). */
export function canonical(kind: AliasKind, value: string): string {
  const aliases: Readonly<Record<string, string>> = VALUE_ALIASES[kind];
  return Object.hasOwn(aliases, value) ? aliases[value]! : value;
}

/** Trimmed, with inner runs of whitespace collapsed to one space; empty becomes undefined (no value). */
export function cleanCell(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = /\s{2,}|[\t\r\n]/.test(value) ? value.replace(/\s+/g, ' ').trim() : value.trim();
  return cleaned === '' ? undefined : cleaned;
}
