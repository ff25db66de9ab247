import { randomUUID } from 'node:crypto';
import { insertDeliveries, listWebhookEndpoints, type NewDelivery, type WebhookExecutor } from '../../db/queries/webhooks';
import type { WebhookEvent } from './events';

/**
 * Queues webhook events for every enabled endpoint subscribed to them, in the caller's transaction: the
 * deliveries commit or roll back with the change that caused them (outbox), so no event is lost or sent for
 * a change that did not happen. Returns the number of deliveries queued.
 */
export async function enqueueWebhookEvents(tx: WebhookExecutor, events: readonly WebhookEvent[], options: { now: Date }): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = (await listWebhookEndpoints(tx)).filter((e) => e.enabled);
  if (endpoints.length === 0) return 0;
  const deliveries: NewDelivery[] = [];
  for (const event of events) {
    const subscribed = endpoints.filter((e) => e.events.includes(event.event) || e.events.includes('*'));
    if (subscribed.length === 0) continue;
    const eventId = randomUUID();
    const payload = { id: eventId, event: event.event, timestamp: options.now.toISOString(), data: event.data };
    for (const endpoint of subscribed) deliveries.push({ endpointId: endpoint.id, eventId, event: event.event, recordKey: event.recordKey, payload });
  }
  return insertDeliveries(tx, deliveries, options.now);
}

export function enqueueWebhookEvent(tx: WebhookExecutor, event: WebhookEvent, options: { now: Date }): Promise<number> {
  return enqueueWebhookEvents(tx, [event], options);
}
