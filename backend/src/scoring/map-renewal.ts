import type { RenewalInput } from '../engine';
import type { RenewalRow } from '../db/queries/scoring-inputs';
import { dayToDate } from './dates';

/**
 * Renewal row → engine RenewalInput. The disposition says whether the renewal is still open; the mirror
 * keeps when contracting started (the contract went out) but no signature date, so signedAt stays unknown.
 */
export function renewalStatus(disposition: string): RenewalInput['status'] {
  if (disposition === 'RENEWED') return 'renewed';
  if (disposition === 'CHURNED') return 'churned';
  return 'open';
}

export function mapRenewal(row: RenewalRow): RenewalInput {
  return {
    id: row.id,
    accountId: row.account_id,
    renewalDate: dayToDate(row.renewal_date),
    arr: row.arr,
    status: renewalStatus(row.disposition),
    contractSentAt: row.contracting_started_ms === null ? null : new Date(row.contracting_started_ms),
    signedAt: null,
  };
}
