import { z } from 'zod';
import { createWebhookEndpoint, updateWebhookEndpoint, type WebhookEndpoint, type WebhookExecutor } from '../../db/queries/webhooks';
import type { SecretBox } from '../../security/secret-box';
import { endpointSecretContext } from './dispatch';
import { WEBHOOK_EVENTS } from './events';
import { generateWebhookSecret } from './signature';

/** What an admin sends to register or change an endpoint. */
export const webhookEndpointInputSchema = z.object({
  url: z
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .max(2000),
  events: z.array(z.union([z.enum(WEBHOOK_EVENTS), z.literal('*')])).min(1, 'subscribe to at least one event').max(20),
});
export type WebhookEndpointInput = z.infer<typeof webhookEndpointInputSchema>;

export const webhookEndpointPatchSchema = webhookEndpointInputSchema.partial().extend({ enabled: z.boolean().optional() }).strict();

/** Registers an endpoint with a fresh signing secret; the secret is returned this once and stored sealed. */
export async function registerWebhookEndpoint(
  tx: WebhookExecutor,
  secretBox: SecretBox,
  input: WebhookEndpointInput,
  now: Date,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = generateWebhookSecret();
  const endpoint = await createWebhookEndpoint(tx, { url: input.url, events: input.events, sealSecret: (id) => secretBox.seal(secret, endpointSecretContext(id)), now });
  return { endpoint, secret };
}

/** Replaces an endpoint's secret; deliveries signed from now on use the new one. */
export async function rotateWebhookSecret(tx: WebhookExecutor, secretBox: SecretBox, endpointId: string, now: Date): Promise<{ endpoint: WebhookEndpoint; secret: string } | null> {
  const secret = generateWebhookSecret();
  const endpoint = await updateWebhookEndpoint(tx, endpointId, { sealedSecret: secretBox.seal(secret, endpointSecretContext(endpointId)) }, now);
  return endpoint ? { endpoint, secret } : null;
}
