import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Db, TenantTx } from '../../db/database';
import { appendAudit } from '../../db/queries/audit';
import { upsertNotificationPreferences } from '../../db/queries/notifications';
import { deleteWebhookEndpoint, listDeliveries, listWebhookEndpoints, replayDeliveries, updateWebhookEndpoint } from '../../db/queries/webhooks';
import { registerWebhookEndpoint, rotateWebhookSecret, webhookEndpointInputSchema, webhookEndpointPatchSchema } from '../../notify/webhooks/endpoints';
import type { Clock } from '../../runtime';
import type { SecretBox } from '../../security/secret-box';
import { precisionReportIn } from '../../signals/precision-report';
import { rotateStarbridgeSecret } from '../../signals/starbridge/intake';
import { notFound } from '../errors';
import { requestScope } from '../request-context';
import type { Actor } from '../../auth/actor';
import type { Capability } from '../../auth/rbac';
import { authorizeCapability, inTenant, type RequestScope } from '../tenant-work';
import { parseInput } from '../validate';

export interface WebhooksAdminDeps {
  db: Db;
  clock: Clock;
  secretBox: SecretBox;
  /** The admin JWT check (authenticateAdmin) and what runs after it (tenant rate limit). */
  authenticate: RequestHandler;
  afterAuth: RequestHandler[];
}

export const WEBHOOK_ADMIN_ROUTES = {
  endpoints: '/v1/admin/webhooks/endpoints',
  endpoint: '/v1/admin/webhooks/endpoints/:endpointId',
  rotateSecret: '/v1/admin/webhooks/endpoints/:endpointId/rotate-secret',
  deliveries: '/v1/admin/webhooks/deliveries',
  replayOne: '/v1/admin/webhooks/deliveries/:deliveryId/replay',
  replayMany: '/v1/admin/webhooks/deliveries/replay',
  starbridgeSecret: '/v1/admin/integrations/starbridge/secret',
  signalPrecision: '/v1/admin/signals/precision',
  notificationPreferences: '/v1/admin/notifications/preferences/:userId',
} as const;

const endpointParams = z.object({ endpointId: z.string().uuid() });
const deliveryParams = z.object({ deliveryId: z.string().uuid() });
const userParams = z.object({ userId: z.string().uuid() });
const deliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed', 'dead']).optional(),
  endpointId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const replayBody = z.object({ endpointId: z.string().uuid().optional(), status: z.enum(['dead', 'failed']).default('dead') }).strict();
const precisionQuery = z.object({
  days: z.coerce.number().int().min(1).max(730).default(180),
  windowDays: z.coerce.number().int().min(1).max(365).default(90),
  minSample: z.coerce.number().int().min(1).max(1000).default(10),
});
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const preferencesBody = z
  .object({
    slackChannel: z.string().regex(/^[CDGU][A-Z0-9]{2,}$|^[CDGU]-[A-Z0-9-]+$/, 'a Slack channel id (C…) or user id (U…)').nullable(),
    email: z.email().nullable().default(null),
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/Berlin'),
    quietHoursStart: clock.nullable().default(null),
    quietHoursEnd: clock.nullable().default(null),
    dailyBudget: z.number().int().min(0).max(500).default(10),
    digest: z.enum(['daily', 'weekly', 'off']).default('daily'),
  })
  .strict()
  .refine((p) => (p.quietHoursStart === null) === (p.quietHoursEnd === null), { message: 'set both quiet-hour ends or neither', path: ['quietHoursEnd'] });

/**
 * Admin endpoints for integrations and noise control: outbound webhook endpoints (the signing secret is shown
 * once), deliveries with dead-letter replay, the STARBRIDGE inbound secret, a person's notification settings
 * and the signal precision report. Changes need `connections.manage` (ADMIN) and are written to the audit log.
 */
export function webhooksAdminRoutes(deps: WebhooksAdminDeps): Router {
  const router = Router();
  const guard = [deps.authenticate, ...deps.afterAuth];
  const scopeOf = (req: Request, res: Response): RequestScope => requestScope(deps, req, res);
  /** Runs an admin change in the tenant and audits it in the same transaction. */
  const change = <T>(scope: RequestScope, fn: (tx: TenantTx, actor: Actor) => Promise<T>, audit: { action: string; entity: string; entityId: (result: T) => string | null; after: (result: T) => unknown }) =>
    inTenant(scope, async (tx, actor) => {
      authorizeCapability(actor, 'connections.manage');
      const result = await fn(tx, actor);
      await appendAudit(tx, { orgId: actor.orgId, actorId: actor.userId, actorKind: 'user', action: audit.action, entity: audit.entity, entityId: audit.entityId(result), before: null, after: audit.after(result), at: scope.now });
      return result;
    });
  const read = <T>(scope: RequestScope, fn: (tx: TenantTx) => Promise<T>, capability: Capability = 'connections.manage') =>
    inTenant(scope, async (tx, actor) => {
      authorizeCapability(actor, capability);
      return fn(tx);
    });

  router.get(WEBHOOK_ADMIN_ROUTES.endpoints, guard, async (req: Request, res: Response) => {
    res.json({ endpoints: await read(scopeOf(req, res), (tx) => listWebhookEndpoints(tx)) });
  });

  router.post(WEBHOOK_ADMIN_ROUTES.endpoints, guard, async (req: Request, res: Response) => {
    const body = parseInput(webhookEndpointInputSchema, req.body, 'body');
    const scope = scopeOf(req, res);
    const created = await change(
      scope,
      (tx) => registerWebhookEndpoint(tx, deps.secretBox, body, scope.now),
      { action: 'webhook_endpoint.created', entity: 'webhook_endpoint', entityId: (r) => r.endpoint.id, after: (r) => r.endpoint },
    );
    res.status(201).json({ endpoint: created.endpoint, secret: created.secret });
  });

  router.patch(WEBHOOK_ADMIN_ROUTES.endpoint, guard, async (req: Request, res: Response) => {
    const { endpointId } = parseInput(endpointParams, req.params, 'params');
    const body = parseInput(webhookEndpointPatchSchema, req.body, 'body');
    const scope = scopeOf(req, res);
    const updated = await change(
      scope,
      (tx) => updateWebhookEndpoint(tx, endpointId, body, scope.now),
      { action: 'webhook_endpoint.updated', entity: 'webhook_endpoint', entityId: () => endpointId, after: (r) => r },
    );
    if (!updated) throw notFound('No such webhook endpoint');
    res.json({ endpoint: updated });
  });

  router.delete(WEBHOOK_ADMIN_ROUTES.endpoint, guard, async (req: Request, res: Response) => {
    const { endpointId } = parseInput(endpointParams, req.params, 'params');
    const deleted = await change(scopeOf(req, res), (tx) => deleteWebhookEndpoint(tx, endpointId), { action: 'webhook_endpoint.deleted', entity: 'webhook_endpoint', entityId: () => endpointId, after: () => null });
    if (!deleted) throw notFound('No such webhook endpoint');
    res.json({ deleted: true });
  });

  router.post(WEBHOOK_ADMIN_ROUTES.rotateSecret, guard, async (req: Request, res: Response) => {
    const { endpointId } = parseInput(endpointParams, req.params, 'params');
    const scope = scopeOf(req, res);
    const rotated = await change(
      scope,
      (tx) => rotateWebhookSecret(tx, deps.secretBox, endpointId, scope.now),
      { action: 'webhook_endpoint.secret_rotated', entity: 'webhook_endpoint', entityId: () => endpointId, after: () => ({ rotated: true }) },
    );
    if (!rotated) throw notFound('No such webhook endpoint');
    res.json(rotated);
  });

  router.get(WEBHOOK_ADMIN_ROUTES.deliveries, guard, async (req: Request, res: Response) => {
    const query = parseInput(deliveriesQuery, req.query, 'query');
    res.json({ deliveries: await read(scopeOf(req, res), (tx) => listDeliveries(tx, query)) });
  });

  router.post(WEBHOOK_ADMIN_ROUTES.replayOne, guard, async (req: Request, res: Response) => {
    const { deliveryId } = parseInput(deliveryParams, req.params, 'params');
    const scope = scopeOf(req, res);
    const replayed = await change(
      scope,
      (tx) => replayDeliveries(tx, { ids: [deliveryId], statuses: ['dead', 'failed', 'delivered'] }, scope.now),
      { action: 'webhook_delivery.replayed', entity: 'webhook_delivery', entityId: () => deliveryId, after: (r) => ({ replayed: r }) },
    );
    if (replayed.length === 0) throw notFound('No such delivery (or it is still waiting for its first attempt)');
    res.json({ replayed });
  });

  router.post(WEBHOOK_ADMIN_ROUTES.replayMany, guard, async (req: Request, res: Response) => {
    const body = parseInput(replayBody, req.body ?? {}, 'body');
    const scope = scopeOf(req, res);
    const replayed = await change(
      scope,
      (tx) => replayDeliveries(tx, { ...(body.endpointId ? { endpointId: body.endpointId } : {}), statuses: [body.status] }, scope.now),
      { action: 'webhook_delivery.replayed', entity: 'webhook_delivery', entityId: () => null, after: (r) => ({ count: r.length, ...body }) },
    );
    res.json({ replayed: replayed.length });
  });

  router.post(WEBHOOK_ADMIN_ROUTES.starbridgeSecret, guard, async (req: Request, res: Response) => {
    const scope = scopeOf(req, res);
    const { secret, orgId } = await change(scope, async (tx, actor) => ({
      secret: await rotateStarbridgeSecret(tx, deps.secretBox, actor.orgId, scope.now),
      orgId: actor.orgId,
    }), { action: 'starbridge.secret_rotated', entity: 'integration_secret', entityId: () => 'starbridge_webhook', after: () => ({ rotated: true }) });
    res.status(201).json({ secret, url: `/v1/webhooks/starbridge/${orgId}`, signatureHeader: 'X-Pillar-Signature' });
  });

  router.put(WEBHOOK_ADMIN_ROUTES.notificationPreferences, guard, async (req: Request, res: Response) => {
    const { userId } = parseInput(userParams, req.params, 'params');
    const body = parseInput(preferencesBody, req.body, 'body');
    const scope = scopeOf(req, res);
    const prefs = { userId, ...body };
    await change(scope, (tx) => upsertNotificationPreferences(tx, prefs, scope.now), { action: 'notification_preferences.updated', entity: 'user', entityId: () => userId, after: () => prefs });
    res.json({ preferences: prefs });
  });

  router.get(WEBHOOK_ADMIN_ROUTES.signalPrecision, guard, async (req: Request, res: Response) => {
    const query = parseInput(precisionQuery, req.query, 'query');
    const scope = scopeOf(req, res);
    const until = scope.now;
    const since = new Date(until.getTime() - query.days * 86_400_000);
    res.json(await read(scope, (tx) => precisionReportIn(tx, { since, until, windowDays: query.windowDays, minSample: query.minSample }), 'profile.read'));
  });

  return router;
}
