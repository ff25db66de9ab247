import type PgBoss from 'pg-boss';

/**
 * The pg-boss queues. Tenant jobs use the `stately` policy with the tenant id as singleton key: at most one
 * queued and one running job per tenant and queue, so a tenant's cycle never runs twice at once and a burst
 * of triggers collapses into one run.
 */
export const QUEUES = {
  webhookDelivery: 'webhook-delivery',
  notificationDelivery: 'notification-delivery',
  tenantCycle: 'tenant-cycle',
  digest: 'digest',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  [QUEUES.webhookDelivery]: { policy: 'stately', retryLimit: 3, retryDelay: 15, retryBackoff: true, expireInSeconds: 600 },
  [QUEUES.notificationDelivery]: { policy: 'stately', retryLimit: 3, retryDelay: 15, retryBackoff: true, expireInSeconds: 300 },
  [QUEUES.tenantCycle]: { policy: 'stately', retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 3600 },
  [QUEUES.digest]: { policy: 'stately', retryLimit: 2, retryDelay: 300, expireInSeconds: 1800 },
};

/** The pg-boss schema, apart from Pillar's tables. */
export const BOSS_SCHEMA = 'pgboss';
