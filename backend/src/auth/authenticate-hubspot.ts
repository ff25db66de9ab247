import type { Request, RequestHandler } from 'express';
import { forbidden, unauthenticated } from '../api/errors';
import { rawBodyOf, setCredential } from '../api/request-context';
import { orgForConnection } from '../db/queries/tokens';
import { findHubSpotUser } from '../db/queries/users';
import type { Credential, Identification } from './actor';
import type { AuthDeps } from './auth-deps';
import { verifyHubSpotSignature } from './hubspot-signature';

/** The URL HubSpot signed: the public base URL when Pillar runs behind a proxy, else scheme and host of the request. */
export function signedUrlOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '') + req.originalUrl;
  return `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`;
}

/**
 * HubSpot card requests (hubspot.fetch through HubSpot's proxy). `X-HubSpot-Signature-v3` must verify over
 * method + URL + raw body + timestamp with the app's client secret, within 5 minutes, and not be a replay (a
 * per-process memory of accepted signatures). Only then are the signed URL's query parameters trusted:
 * `portalId` → tenant (crm_connections, provider hubspot), `userId`/`userEmail` → the acting Pillar user.
 */
export function authenticateHubSpot(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      if (!deps.hubspotClientSecret) throw unauthenticated('HubSpot requests are not accepted: HUBSPOT_CLIENT_SECRET is not configured');
      const url = signedUrlOf(req, deps.publicUrl);
      const signature = req.get('x-hubspot-signature-v3');
      const now = deps.clock.now();
      const check = verifyHubSpotSignature(
        deps.hubspotClientSecret,
        { method: req.method, url, rawBody: rawBodyOf(req), timestamp: req.get('x-hubspot-request-timestamp'), signature },
        now.getTime(),
      );
      if (!check.valid) throw unauthenticated(check.reason);
      if (!deps.replayGuard.firstUse(signature!, now.getTime())) throw unauthenticated('This signed request was already received (replay)');

      // The query of the URL just verified (the base only completes a path-only URL; it is not trusted).
      const params = new URL(req.originalUrl, 'http://signed.invalid').searchParams;
      const portalId = params.get('portalId');
      if (!portalId || !/^\d{1,20}$/.test(portalId)) throw unauthenticated('The signed URL carries no portalId');
      const orgId = await orgForConnection(deps.db, 'hubspot', portalId);
      if (!orgId) throw unauthenticated(`HubSpot portal ${portalId} is not connected to Pillar`);
      const hubspotUserId = params.get('userId');
      const identity = { userId: hubspotUserId && /^\d{1,20}$/.test(hubspotUserId) ? hubspotUserId : null, email: params.get('userEmail') || null };
      const path = req.originalUrl.split('?')[0]!;

      const credential: Credential = {
        orgId,
        channel: 'hubspot',
        async identify(tx): Promise<Identification> {
          const user = await findHubSpotUser(tx, identity);
          if (user && user.active === 'active') return { actor: { orgId, userId: user.id, name: user.name, role: user.role, channel: 'hubspot', tokenId: null } };
          const who = [identity.userId && `user ${identity.userId}`, identity.email].filter(Boolean).join(' / ') || 'an unnamed user';
          const reason = user ? `HubSpot ${who} is deactivated in Pillar` : `HubSpot ${who} is not a Pillar user of this organization; ask a Pillar admin to add them`;
          return {
            refused: forbidden(reason),
            audit: {
              orgId,
              actorId: null,
              actorKind: 'system',
              action: 'access.denied',
              entity: 'user',
              entityId: identity.userId ?? identity.email,
              before: null,
              after: { reason, channel: 'hubspot', portalId, method: req.method, path },
              at: now,
            },
          };
        },
      };
      setCredential(res, credential);
      next();
    } catch (error) {
      next(error);
    }
  };
}
