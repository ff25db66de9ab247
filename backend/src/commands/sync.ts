import type { PullReport, WritebackReport } from '../crm/connector';
import { createSalesforceConnector, readSalesforceConnection } from '../crm/salesforce/connection';
import { RunRefusedError } from '../crm/salesforce/sync/run-lease';
import { recentRuns } from '../db/queries/sync';
import { withOrg } from '../db/tenant';
import type { Runtime } from '../runtime';
import { connectionDepsFor } from './connect';
import { type CommandArgs, CommandError, requireOrganization } from './args';

type Args = CommandArgs;

export const SYNC_USAGE = `  sync --org <org> [--full] [--pull-only]
                                 pull what changed in Salesforce, then write back the scores that changed
                                 (--full: read everything again, deletions included)
  sync --org <org> --status      the connection's state and its last runs`;

const n = (value: number) => value.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function table(header: string[], rows: Array<Array<string | number>>): string[] {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? n(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

/** The run summary `pillar sync` prints. Pure. */
export function formatSyncSummary(pull: PullReport | null, writeback: WritebackReport | null): string {
  const lines: string[] = [];
  if (pull) {
    lines.push(`Pull (${pull.kind}): ${pull.status} in ${seconds(pull.durationMs)}, ${n(pull.apiCalls)} API calls${pull.runId ? `, run ${pull.runId}` : ''}`);
    if (pull.reason) lines.push(`  ${pull.reason}`);
    const rows = Object.entries(pull.objects).map(([object, c]) => [object, c.read, c.new, c.inserted, c.updated, c.unchanged, c.deleted, c.skipped, c.noted]);
    if (rows.length) lines.push(...table(['object', 'read', 'new', 'inserted', 'updated', 'unchanged', 'deleted', 'skipped', 'noted'], rows).map((l) => `  ${l}`));
  }
  if (writeback) {
    lines.push(`Write-back: ${writeback.status} in ${seconds(writeback.durationMs)}, ${n(writeback.apiCalls)} API calls${writeback.runId ? `, run ${writeback.runId}` : ' (nothing to send)'}`);
    if (writeback.reason) lines.push(`  ${writeback.reason}`);
    const rows = Object.entries(writeback.objects).map(([object, c]) => [object, c.considered, c.unchanged, c.sent, c.succeeded, c.failed, c.held, c.method]);
    if (rows.length) lines.push(...table(['object', 'considered', 'unchanged', 'sent', 'written', 'failed', 'held', 'method'], rows).map((l) => `  ${l}`));
    for (const f of writeback.failures.slice(0, 10)) lines.push(`  failed ${f.object} ${f.externalId}: ${f.code} ${f.message}`);
  }
  return lines.join('\n');
}

async function printStatus(runtime: Runtime, org: { id: string; slug: string }): Promise<void> {
  const view = await readSalesforceConnection(connectionDepsFor(runtime, org.id));
  if (!view) throw new CommandError(`${org.slug} has no Salesforce connection (pillar connect salesforce --org ${org.slug} …)`);
  console.log(`Salesforce org ${view.externalOrgId} (${view.instanceUrl}): ${view.status}`);
  if (view.statusReason) console.log(`  ${view.statusReason}`);
  console.log(`  last sync ${view.lastSyncAt ?? 'never'}; ${view.consecutiveFailures} failed runs in a row${view.lastError ? `; last error: ${view.lastError}` : ''}`);
  const runs = await withOrg(runtime.database.db, org.id, (tx) => recentRuns(tx, 'salesforce', 10));
  const rows = runs.map((r) => [r.startedAt.toISOString(), r.kind, r.status, r.finishedAt ? seconds(r.finishedAt.getTime() - r.startedAt.getTime()) : '-', r.apiCalls, r.error ?? '']);
  if (rows.length) for (const l of table(['started', 'kind', 'status', 'took', 'API calls', 'error'], rows)) console.log(`  ${l}`);
}

/** `pillar sync --org X [--full] [--pull-only] [--status]`. */
export async function syncCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const org = await requireOrganization(runtime, args);
  if (args.values.status === true) {
    await printStatus(runtime, org);
    return 'exit';
  }
  const connector = createSalesforceConnector(connectionDepsFor(runtime, org.id));
  let pull: PullReport | null = null;
  let writeback: WritebackReport | null = null;
  try {
    pull = await connector.pull({ full: args.values.full === true });
    if (args.values['pull-only'] !== true && pull.status === 'succeeded') writeback = await connector.writeBack();
  } catch (error) {
    if (error instanceof RunRefusedError) throw new CommandError(`Not syncing ${org.slug}: ${error.message}`);
    throw error;
  }
  console.log(formatSyncSummary(pull, writeback));
  if (pull.status === 'failed' || writeback?.status === 'failed') throw new CommandError(`The sync of ${org.slug} failed; see pillar sync --org ${org.slug} --status`);
  return 'exit';
}
