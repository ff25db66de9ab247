import { z } from 'zod';
import { dispatchNotifications, type NotificationDispatchDeps, type NotificationReport } from '../notify/dispatch-notifications';
import type { Logger } from '../logger';
import { parseJobPayload } from './job-payload';
import { QUEUES } from './queues';

export const notificationDeliveryPayloadSchema = z.object({ orgId: z.string().uuid() });
export type NotificationDeliveryPayload = z.infer<typeof notificationDeliveryPayloadSchema>;

/** Sends a tenant's due Slack notifications (deferred ones come back when their time is due). */
export function notificationDeliveryJob(deps: NotificationDispatchDeps & { logger: Logger }) {
  return async (data: unknown): Promise<NotificationReport | null> => {
    const payload = parseJobPayload(notificationDeliveryPayloadSchema, data, QUEUES.notificationDelivery, deps.logger);
    return payload ? dispatchNotifications(deps, payload.orgId) : null;
  };
}
