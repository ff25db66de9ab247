import { formatScoreSummary, scoreTenant } from '../scoring';
import type { Runtime } from '../runtime';
import { type CommandArgs, requireOrganization } from './args';

type Args = CommandArgs;

export const SCORE_USAGE = `  score --org <org> [--json]     score every account and deal of a tenant from its CRM mirror and print
                                 a summary (accounts scored / skipped, health bands, top drivers)`;

/** `pillar score --org X`: a full rescore of one tenant, as of the runtime clock. */
export async function scoreCommand(runtime: Runtime, args: Args): Promise<'exit'> {
  const org = await requireOrganization(runtime, args);
  const now = runtime.clock.now();
  const summary = await scoreTenant({
    db: runtime.database.db,
    orgId: org.id,
    now,
    onProgress: (p) => runtime.logger.debug({ org: org.slug, ...p }, 'scoring progress'),
  });
  runtime.logger.info({ org: org.slug, accounts: summary.accounts.scored, skipped: summary.accounts.skipped, deals: summary.deals.scored, durationMs: Math.round(summary.durationMs) }, 'tenant scored');
  console.log(args.values.json === true ? JSON.stringify(summary, null, 2) : formatScoreSummary(summary, `${org.slug} (${org.id})`));
  return 'exit';
}
