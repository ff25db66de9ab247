import { connectorResolver } from '../crm/connectors';
import { runTenantCycle, type TenantCycleReport } from '../cycle/tenant-cycle';
import type { Runtime } from '../runtime';
import { formatSyncSummary } from './sync';
import { type CommandArgs, requireOrganization } from './args';

type Args = CommandArgs;

export const CYCLE_USAGE = `  cycle --org <org> [--full]     run one tenant cycle now: sync → score → signals and plays → write-back
                                 (--full: re-read the CRM and rescore every account)`;

/** The summary `pillar cycle` prints. Pure. */
export function formatCycleReport(report: TenantCycleReport): string {
  const lines = [`Cycle (${report.full ? 'full' : 'incremental'}) in ${(report.durationMs / 1000).toFixed(1)} s`];
  if (!report.pull) lines.push('No CRM connection: scored the mirror as it is.');
  const sync = formatSyncSummary(report.pull, report.writeback);
  if (sync) lines.push(sync);
  if (report.scoring) lines.push(`Rescored ${report.accountsRescored === 'all' ? 'all' : report.accountsRescored} accounts: ${report.scoring.accounts.scored} scored, ${report.scoring.deals.scored} deals`);
  else lines.push('Nothing changed since the last scoring: no rescore.');
  if (report.signals) {
    const s = report.signals;
    lines.push(`Signals: ${s.created} raised, ${s.autoResolved} auto-resolved, ${s.expired} expired; ${s.playsCreated} plays started; ${s.webhookDeliveriesQueued} webhook deliveries and ${s.notificationsQueued} notifications queued`);
  }
  return lines.join('\n');
}

/** `pillar cycle --org X [--full]`: what the 5-minute schedule (or the nightly one with --full) does. */
export async function cycleCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const org = await requireOrganization(runtime, args);
  const report = await runTenantCycle(
    { db: runtime.database.db, clock: runtime.clock, logger: runtime.logger, connectorFor: connectorResolver(runtime) },
    org.id,
    { full: args.values.full === true },
  );
  console.log(args.values.json === true ? JSON.stringify(report, null, 2) : formatCycleReport(report));
  return 'exit';
}
