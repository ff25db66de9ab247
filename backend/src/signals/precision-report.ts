import type { Db } from '../db/database';
import { signalPrecision } from '../db/queries/signal-store';
import { withOrg } from '../db/tenant';
import { assessPrecision, type PrecisionRow } from '../engine/signals/precision';

export interface PrecisionReport {
  since: string;
  until: string;
  windowDays: number;
  rows: PrecisionRow[];
}

/**
 * The noise-control report: for each signal type raised in [since, until), how many preceded a closed-lost
 * deal or churned renewal on the same record within `windowDays`, the precision, and a tuning suggestion for
 * noisy types.
 */
export async function signalPrecisionReport(deps: { db: Db }, orgId: string, args: { since: Date; until: Date; windowDays?: number; minSample?: number }): Promise<PrecisionReport> {
  const windowDays = args.windowDays ?? 90;
  const rows = await withOrg(deps.db, orgId, (tx) => signalPrecision(tx, { since: args.since, until: args.until, windowDays }));
  return {
    since: args.since.toISOString(),
    until: args.until.toISOString(),
    windowDays,
    rows: assessPrecision(rows, args.minSample === undefined ? {} : { minSample: args.minSample }),
  };
}
