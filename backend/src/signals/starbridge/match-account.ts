import { findAccountsForMatch, type WebhookExecutor } from '../../db/queries/webhooks';

/**
 * How an intent event finds its account: by web domain first, then by normalised name. The SQL twins of
 * these functions live in db/queries/webhooks.ts; a test keeps both sides in agreement.
 */

/** `https://www.Springfield.k12.us/about` → `springfield.k12.us`; null when nothing domain-like remains. */
export function normalizeDomain(input: string | null | undefined): string | null {
  if (!input) return null;
  const domain = input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/:?#].*$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

const LEGAL_SUFFIX = /( (inc|incorporated|llc|ltd|limited|corp|corporation|co|company|gmbh|plc|ag|sa))+ *$/;

/** `Acme & Sons, Inc.` → `acme and sons`; null when no letters or digits remain. */
export function normalizeAccountName(input: string | null | undefined): string | null {
  if (!input) return null;
  const name = input
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(LEGAL_SUFFIX, '')
    .trim();
  return name.length > 0 ? name : null;
}

export type AccountMatch = { accountId: string; ownerId: string | null; matchedBy: 'domain' | 'name' } | { accountId: null; ownerId: null; matchedBy: 'none' };

/** The best matching account (domain beats name; the largest ARR wins a tie), or no match. */
export async function matchAccount(tx: WebhookExecutor, account: { domain?: string; name?: string }): Promise<AccountMatch> {
  const domain = normalizeDomain(account.domain);
  const name = normalizeAccountName(account.name);
  if (!domain && !name) return { accountId: null, ownerId: null, matchedBy: 'none' };
  const [best] = await findAccountsForMatch(tx, { domain, name });
  return best ? { accountId: best.id, ownerId: best.ownerId, matchedBy: best.matchedBy } : { accountId: null, ownerId: null, matchedBy: 'none' };
}
