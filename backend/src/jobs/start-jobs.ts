import cron, { type ScheduledTask } from 'node-cron';
import type PgBoss from 'pg-boss';
import { tenantsWithDueNotifications } from '../db/queries/notifications';
import { allTenantIds } from '../db/queries/signal-store';
import { tenantsWithDueDeliveries } from '../db/queries/webhooks';
import type { DigestMailer } from '../notify/digest/build-digests';
import { createSlackSender, type SlackSender } from '../notify/slack/slack-client';
import type { WebhookDeliveryPolicy } from '../notify/webhooks/backoff';
import type { Runtime } from '../runtime';
import type { CrmTaskMirror } from '../signals/crm-task-mirror';
import { connectorResolver } from '../crm/connectors';
import { runTenantCycle } from '../cycle/tenant-cycle';
import { startBoss } from './boss';
import { digestJob, type DigestPayload } from './digest.job';
import { notificationDeliveryJob, type NotificationDeliveryPayload } from './notification-delivery.job';
import { QUEUES, type QueueName } from './queues';
import { tenantCycleJob, type TenantCyclePayload, type TenantCycleRunner } from './tenant-cycle.job';
import { webhookDeliveryJob, type WebhookDeliveryPayload } from './webhook-delivery.job';

export interface JobsOptions {
  /** Runs one tenant's cycle; defaults to the real sync → score → signals → write-back (cycle/tenant-cycle.ts). */
  runCycle?: TenantCycleRunner;
  crmTaskMirror?: (orgId: string) => Promise<CrmTaskMirror | null>;
  /** E-mail transport for digests; digests are rendered and stored without one. */
  mailer?: DigestMailer | null;
  /** Defaults to SLACK_BOT_TOKEN / SLACK_API_URL from the configuration; null turns Slack off. */
  slack?: SlackSender | null;
  /** node-cron schedules (default on); tests and one-off tools turn them off and call `sweep`. */
  schedules?: boolean;
  pollingIntervalSeconds?: number;
  webhookPolicy?: Partial<WebhookDeliveryPolicy>;
}

type Payloads = {
  [QUEUES.webhookDelivery]: WebhookDeliveryPayload;
  [QUEUES.notificationDelivery]: NotificationDeliveryPayload;
  [QUEUES.tenantCycle]: TenantCyclePayload;
  [QUEUES.digest]: DigestPayload;
};

/**
 * Calling it stops the workers and the schedules (graceful: running jobs finish). It also carries `enqueue`
 * (send a tenant job, deduplicated per tenant) and `sweep` (queue delivery jobs for every tenant with
 * webhooks or notifications due, which the schedule does every minute).
 */
export type JobsHandle = (() => Promise<void>) & {
  boss: PgBoss;
  enqueue<Q extends QueueName>(queue: Q, payload: Payloads[Q]): Promise<string | null>;
  sweep(): Promise<{ webhookTenants: number; notificationTenants: number }>;
};

/** Cron patterns (UTC). Several workers may run them: per-tenant singleton keys collapse the duplicates. */
export const SCHEDULES = {
  sweep: '* * * * *',
  /** Sync and rescore what changed. */
  tenantCycle: '*/5 * * * *',
  /** Full re-read and rescore: decay moves scores even when no record changed. */
  nightlyCycle: '30 2 * * *',
  dailyDigest: '0 7 * * *',
  weeklyDigest: '0 7 * * 1',
} as const;

/**
 * Starts the job system for `pillar worker` / `pillar start`: pg-boss on the owner pool in its own schema,
 * a worker per queue, and the node-cron schedules that feed them.
 */
export async function startJobs(runtime: Runtime, options: JobsOptions = {}): Promise<JobsHandle> {
  const { database, logger, clock, config } = runtime;
  const boss = await startBoss(database.ownerPool, logger);
  const slack =
    options.slack !== undefined ? options.slack : config.SLACK_BOT_TOKEN ? createSlackSender({ token: config.SLACK_BOT_TOKEN, ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}) }) : null;
  const db = database.db;

  const runCycle: TenantCycleRunner =
    options.runCycle ??
    ((orgId, request) =>
      runTenantCycle({ db, clock, logger, connectorFor: connectorResolver(runtime), ...(options.crmTaskMirror ? { crmTaskMirror: options.crmTaskMirror } : {}) }, orgId, request));
  const enqueue = <Q extends QueueName>(queue: Q, payload: Payloads[Q]) => boss.send(queue, payload, { singletonKey: payload.orgId });

  const handlers: Record<QueueName, (data: unknown) => Promise<unknown>> = {
    [QUEUES.webhookDelivery]: webhookDeliveryJob({ db, clock, logger, secretBox: runtime.keys.secretBox, ...(options.webhookPolicy ? { policy: options.webhookPolicy } : {}) }),
    [QUEUES.notificationDelivery]: notificationDeliveryJob({ db, clock, logger, slack }),
    [QUEUES.tenantCycle]: async (data) => {
      const result = await tenantCycleJob({ logger, run: runCycle })(data);
      // What the cycle queued goes out now rather than at the next sweep.
      if (result?.signals) {
        if (result.signals.webhookDeliveriesQueued > 0) await enqueue(QUEUES.webhookDelivery, { orgId: result.orgId });
        if (result.signals.notificationsQueued > 0) await enqueue(QUEUES.notificationDelivery, { orgId: result.orgId });
      }
      return result;
    },
    [QUEUES.digest]: digestJob({ db, clock, logger, mailer: options.mailer ?? null }),
  };
  for (const [queue, handler] of Object.entries(handlers) as [QueueName, (data: unknown) => Promise<unknown>][]) {
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
      for (const job of jobs) {
        const result = await handler(job.data);
        logger.debug({ queue, jobId: job.id, result }, 'job done');
      }
    });
  }

  const sweep = async () => {
    const now = clock.now();
    const webhookTenants = await tenantsWithDueDeliveries(database.ownerPool, now);
    const notificationTenants = await tenantsWithDueNotifications(database.ownerPool, now);
    for (const orgId of webhookTenants) await enqueue(QUEUES.webhookDelivery, { orgId });
    for (const orgId of notificationTenants) await enqueue(QUEUES.notificationDelivery, { orgId });
    return { webhookTenants: webhookTenants.length, notificationTenants: notificationTenants.length };
  };
  const everyTenant = (send: (orgId: string) => Promise<unknown>) => async () => {
    for (const orgId of await allTenantIds(database.ownerPool)) await send(orgId);
  };
  const guarded = (name: string, fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (error) {
      logger.error({ err: error, schedule: name }, 'scheduled job failed');
    }
  };

  const tasks: ScheduledTask[] = [];
  if (options.schedules !== false) {
    tasks.push(
      cron.schedule(SCHEDULES.sweep, guarded('sweep', sweep), { timezone: 'UTC', noOverlap: true, name: 'pillar-sweep' }),
      cron.schedule(SCHEDULES.tenantCycle, guarded('tenant-cycle', everyTenant((orgId) => enqueue(QUEUES.tenantCycle, { orgId, full: false, reason: 'scheduled' }))), { timezone: 'UTC', noOverlap: true, name: 'pillar-tenant-cycle' }),
      cron.schedule(SCHEDULES.nightlyCycle, guarded('nightly-cycle', everyTenant((orgId) => enqueue(QUEUES.tenantCycle, { orgId, full: true, reason: 'nightly' }))), { timezone: 'UTC', noOverlap: true, name: 'pillar-nightly-cycle' }),
      cron.schedule(SCHEDULES.dailyDigest, guarded('daily-digest', everyTenant((orgId) => enqueue(QUEUES.digest, { orgId, period: 'daily' }))), { timezone: 'UTC', name: 'pillar-daily-digest' }),
      cron.schedule(SCHEDULES.weeklyDigest, guarded('weekly-digest', everyTenant((orgId) => enqueue(QUEUES.digest, { orgId, period: 'weekly' }))), { timezone: 'UTC', name: 'pillar-weekly-digest' }),
    );
  }
  logger.info({ queues: Object.keys(handlers), schedules: tasks.length }, 'jobs started');

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const task of tasks) await task.destroy();
    await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    logger.info('jobs stopped');
  };
  return Object.assign(stop, { boss, enqueue, sweep });
}
