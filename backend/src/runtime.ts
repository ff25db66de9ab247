import type { Config } from './config';
import { connectDatabase, type Database } from './db/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres';
import { migrate } from './db/migrate';
import type { Logger } from './logger';
import { loadKeys, type Keys } from './security/keys';

/** Time, injected everywhere so scoring, SLAs and expiry are reproducible in tests. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * The composition root: one database (embedded or DATABASE_URL), one logger, one clock. The CLI builds it
 * once per process and passes it down; nothing else creates connections or reads the environment.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: Database;
  clock: Clock;
  keys: Keys;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, logger: Logger, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const keys = loadKeys(config);
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.PILLAR_EMBEDDED_PG_PORT, logger });
    url = embedded.url;
  }
  const database = connectDatabase(url, { poolMax: config.DATABASE_POOL_MAX });
  try {
    if (options.migrate !== false) {
      const result = await migrate(database.ownerPool);
      logger.info({ applied: result.applied, alreadyApplied: result.alreadyApplied }, 'database migrated');
    }
  } catch (error) {
    await database.close();
    await embedded?.stop();
    throw error;
  }
  let closed = false;
  return {
    config,
    logger,
    database,
    clock: systemClock,
    keys,
    async close() {
      if (closed) return;
      closed = true;
      await database.close();
      if (embedded) {
        await embedded.stop();
        logger.info('embedded PostgreSQL stopped');
      }
    },
  };
}
