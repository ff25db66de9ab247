import express, { Router, type Request, type Response } from 'express';
import { receiveStarbridgeEvent, type StarbridgeDeps } from '../../signals/starbridge/intake';
import { HttpError } from '../errors';
import type { RawBodyRequest } from '../request-context';

export const STARBRIDGE_WEBHOOK_PATH = '/v1/webhooks/starbridge/:orgKey';
const BODY_LIMIT = '256kb';

/**
 * `POST /v1/webhooks/starbridge/:orgSlugOrId`: inbound intent events (docs/webhooks.md "Inbound"). No session
 * or token: the HMAC signature over the raw body with the tenant's secret is the authentication, checked
 * before anything is parsed or stored. Works mounted before or after the app's JSON parser (it uses the raw
 * bytes the parser kept in `req.rawBody`, or reads them itself).
 */
export function starbridgeWebhookRoutes(deps: StarbridgeDeps): Router {
  const router = Router();
  router.post(STARBRIDGE_WEBHOOK_PATH, express.raw({ type: () => true, limit: BODY_LIMIT }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : (req as RawBodyRequest).rawBody;
    if (!raw) throw new HttpError(400, 'BAD_REQUEST', 'body: expected a JSON body (Content-Type: application/json)');
    const orgKey = String(req.params.orgKey ?? '');
    const signature = req.header('x-pillar-signature');
    const result = await receiveStarbridgeEvent(deps, { orgKey, rawBody: raw, signature });
    switch (result.status) {
      case 'unauthorized':
        deps.logger?.warn({ orgKey, reason: result.reason }, 'STARBRIDGE webhook refused');
        throw new HttpError(401, 'UNAUTHENTICATED', result.reason === 'stale' ? 'Signature timestamp is outside the 5-minute window' : 'Signature could not be verified');
      case 'invalid':
        throw new HttpError(400, 'BAD_REQUEST', `${result.issues[0]!.path}: ${result.issues[0]!.message}`, result.issues);
      case 'duplicate':
        res.status(200).json({ received: true, duplicate: true, eventId: result.eventId });
        return;
      case 'accepted':
        res.status(result.matched ? 200 : 202).json({
          received: true,
          eventId: result.eventId,
          matched: result.matched,
          accountId: result.accountId,
          matchedBy: result.matchedBy,
          signal: result.signal,
          playsCreated: result.playsCreated,
        });
    }
  });
  return router;
}
