import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from '../logger';
import { BOSS_SCHEMA, QUEUE_OPTIONS, type QueueName } from './queues';

/**
 * pg-boss on the owner connection (it creates and migrates its own schema, which the application role
 * cannot), through pg-boss's one database seam `executeSql`, so it shares the runtime's pool instead of
 * opening its own. Creates the queues (idempotent).
 */
export async function startBoss(ownerPool: pg.Pool, logger: Logger, options: { schedule?: boolean } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: async (text, values) => ownerPool.query(text, values) },
    schema: BOSS_SCHEMA,
    // Pillar's own cron (node-cron) enqueues the periodic jobs; pg-boss' scheduler stays off.
    schedule: options.schedule ?? false,
    supervise: true,
    migrate: true,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const [name, queueOptions] of Object.entries(QUEUE_OPTIONS) as [QueueName, (typeof QUEUE_OPTIONS)[QueueName]][]) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, queueOptions);
  }
  return boss;
}
