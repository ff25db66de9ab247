import type { Server } from 'node:http';
import { startJobs } from '../jobs/start-jobs';
import type { Runtime } from '../runtime';
import { closeServer, startServer } from './start';

/**
 * The long-running commands. `start` serves the API and runs the jobs in one process (the zero-setup
 * default); `worker` runs only the jobs, for scale-out next to any number of `start --no-jobs` API
 * processes. Both stop cleanly on SIGINT/SIGTERM and on a crash, so an embedded Postgres never outlives them.
 */
export async function serve(runtime: Runtime, parts: { http: boolean; jobs: boolean }): Promise<'serve'> {
  const server: Server | null = parts.http ? await startServer(runtime) : null;
  const stopJobs = parts.jobs ? await startJobs(runtime) : null;
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ reason }, 'shutting down');
    if (server) await closeServer(server);
    await stopJobs?.().catch((error: unknown) => runtime.logger.error({ err: error }, 'jobs did not stop cleanly'));
    await runtime.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.once('uncaughtException', (error) => {
    runtime.logger.fatal({ err: error }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
  return 'serve';
}
