import { z } from 'zod';
import { dispatchWebhooks, type DispatchReport, type WebhookDispatchDeps } from '../notify/webhooks/dispatch';
import type { Logger } from '../logger';
import { parseJobPayload } from './job-payload';
import { QUEUES } from './queues';

export const webhookDeliveryPayloadSchema = z.object({ orgId: z.string().uuid() });
export type WebhookDeliveryPayload = z.infer<typeof webhookDeliveryPayloadSchema>;

/** Delivers a tenant's due webhooks (retries wait in the outbox; this job just drains what is due). */
export function webhookDeliveryJob(deps: WebhookDispatchDeps & { logger: Logger }) {
  return async (data: unknown): Promise<DispatchReport | null> => {
    const payload = parseJobPayload(webhookDeliveryPayloadSchema, data, QUEUES.webhookDelivery, deps.logger);
    return payload ? dispatchWebhooks(deps, payload.orgId) : null;
  };
}
