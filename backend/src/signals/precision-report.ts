import type { Db } from '../db/database';
import { signalPrecision, type SignalExecutor } from '../db/queries/signal-store';
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
export function signalPrecisionReport(deps: { db: Db }, orgId: string, args: PrecisionArgs): Promise<PrecisionReport> {
  return withOrg(deps.db, orgId, (tx) => precisionReportIn(tx, args));
}

export interface PrecisionArgs {
  since: Date;
  until: Date;
  windowDays?: number;
  minSample?: number;
}

/** The same report inside the caller's tenant transaction (the admin API). */
export async function precisionReportIn(tx: SignalExecutor, args: PrecisionArgs): Promise<PrecisionReport> {
  const windowDays = args.windowDays ?? 90;
  const rows = await signalPrecision(tx, { since: args.since, until: args.until, windowDays });
  return {
    since: args.since.toISOString(),
    until: args.until.toISOString(),
    windowDays,
    rows: assessPrecision(rows, args.minSample === undefined ? {} : { minSample: args.minSample }),
  };
}
