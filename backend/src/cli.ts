import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { createLogger, type Logger } from './logger';
import { listOrganizations } from './db/queries/organizations';
import { openRuntime, type Runtime } from './runtime';
import { CONNECT_USAGE, connectCommand, disconnectCommand } from './commands/connect';
import { serve } from './commands/serve';
import { cycleCommand, CYCLE_USAGE } from './commands/cycle';
import { SYNC_USAGE, syncCommand } from './commands/sync';
import { CommandError } from './commands/args';
import { tokenCommand, TOKEN_USAGE } from './commands/token';
import { userCommand, USER_USAGE } from './commands/user';
import { scoreCommand, SCORE_USAGE } from './commands/score';
import { rulesCommand, RULES_USAGE } from './commands/rules';
import { importCommand, IMPORT_USAGE } from './commands/import';

const USAGE = `pillar <command> [options]

Commands
  start [--no-jobs]              migrate the database, then serve the API and run the jobs (sync/score
                                 cycles, deliveries, digests); --no-jobs for API-only processes
  worker                         run the jobs only (scale-out: any number of workers share the queue)
  migrate                        apply pending migrations and exit
  orgs                           list tenants with row counts
${TOKEN_USAGE}
${USER_USAGE}
${CONNECT_USAGE}
${SYNC_USAGE}
${SCORE_USAGE}
${RULES_USAGE}
${IMPORT_USAGE}
${CYCLE_USAGE}

Options
  --as-of <date>                 (score, cycle) compute as of that day instead of now, e.g. for a historical export
  --pretty                       human-readable logs instead of JSON
  --help                         this text
`;

type Command = (runtime: Runtime, args: { positionals: string[]; values: Record<string, string | boolean | undefined> }) => Promise<'exit' | 'serve'>;

const COMMANDS: Record<string, { migrate: boolean; run: Command }> = {
  start: { migrate: true, run: (runtime, args) => serve(runtime, { http: true, jobs: args.values['no-jobs'] !== true }) },
  worker: { migrate: true, run: (runtime) => serve(runtime, { http: false, jobs: true }) },
  cycle: { migrate: true, run: cycleCommand },
  migrate: { migrate: true, run: async () => 'exit' },
  token: { migrate: true, run: tokenCommand },
  user: { migrate: true, run: userCommand },
  connect: { migrate: true, run: connectCommand },
  disconnect: { migrate: true, run: disconnectCommand },
  sync: { migrate: true, run: syncCommand },
  score: { migrate: true, run: scoreCommand },
  import: { migrate: true, run: importCommand },
  orgs: {
    migrate: true,
    run: async (runtime) => {
      const orgs = await listOrganizations(runtime.database.ownerPool);
      if (!orgs.length) console.log('No organizations yet. Import one with: pillar import csv <dir> --org <name>');
      for (const org of orgs) {
        const counts = Object.entries(org.counts).map(([k, v]) => `${k}=${v}`).join(' ');
        console.log(`${org.slug.padEnd(24)} ${org.id}  ${counts}`);
      }
      return 'exit';
    },
  },
};

/**
 * `--as-of <date>` scores as of another day (a historical export such as the Maven sample is stale today).
 * Only the one-shot scoring commands take it; a server with a frozen clock would never expire anything.
 */
function parseAsOf(command: string, value: string | boolean | undefined): Date | null {
  if (value === undefined) return null;
  if (command !== 'score' && command !== 'cycle') throw new CommandError('--as-of only applies to pillar score and pillar cycle');
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new CommandError(`--as-of: expected a date like 2018-01-02 or an ISO timestamp, got "${String(value)}"`);
  return date;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      pretty: { type: 'boolean' },
      help: { type: 'boolean' },
      org: { type: 'string' },
      json: { type: 'boolean' },
      // token / user
      name: { type: 'string' },
      scope: { type: 'string' },
      user: { type: 'string' },
      'expires-in': { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      manager: { type: 'string' },
      team: { type: 'string' },
      'salesforce-id': { type: 'string' },
      'hubspot-id': { type: 'string' },
      // connect / sync
      'login-url': { type: 'string' },
      audience: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      username: { type: 'string' },
      'private-key-file': { type: 'string' },
      'refresh-token': { type: 'string' },
      namespace: { type: 'string' },
      'api-version': { type: 'string' },
      full: { type: 'boolean' },
      'pull-only': { type: 'boolean' },
      status: { type: 'boolean' },
      // start
      'no-jobs': { type: 'boolean' },
      // score / cycle
      'as-of': { type: 'string' },
    },
  });
  const [name, ...rest] = positionals;
  // Commands that need no database run without opening the runtime.
  if (name === 'rules' && !values.help) {
    await rulesCommand({ positionals: rest, values });
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  let logger: Logger | undefined;
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig();
    logger = createLogger({ level: config.LOG_LEVEL, pretty: values.pretty === true });
    const asOf = parseAsOf(name!, values['as-of']);
    runtime = await openRuntime(config, logger, { migrate: command.migrate });
    if (asOf) runtime = { ...runtime, clock: { now: () => new Date(asOf) } };
    const outcome = await command.run(runtime, { positionals: rest, values });
    if (outcome === 'exit') await runtime.close();
    return 0;
  } catch (error) {
    // A usage or input problem is the operator's to fix: a plain sentence on stderr. Anything else is logged too.
    if (logger && !(error instanceof CommandError)) logger.error({ err: error }, (error as Error).message.slice(0, 2000));
    console.error((error as Error).message.slice(0, 2000));
    await runtime?.close().catch(() => undefined);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
