import type { RequestHandler } from 'express';
import { SALESFORCE_USER_HEADER } from '@pillar/shared';
import { forbidden, HttpError, unauthenticated } from '../api/errors';
import { setCredential } from '../api/request-context';
import { findUserByCrmId } from '../db/queries/users';
import type { Credential, Identification } from './actor';
import type { AuthDeps } from './auth-deps';
import { salesforceIdForms } from './salesforce-id';
import { bearerClaims, checkTokenRow } from './token-check';

/**
 * Salesforce card requests (Apex through the Named Credential): `Authorization: Bearer <tenant token>` proves
 * the tenant, `X-Pillar-Salesforce-User` names the acting Salesforce user (15 or 18 characters), who must be a
 * Pillar user of that tenant (users.source = 'salesforce'); an unknown or deactivated user is a 403, audited.
 */
export function authenticateSalesforce(deps: AuthDeps): RequestHandler {
  return (req, res, next) => {
    const claims = bearerClaims(req, deps, 'salesforce');
    const header = req.get(SALESFORCE_USER_HEADER);
    const forms = header ? salesforceIdForms(header.trim()) : null;
    if (!forms) {
      const field = `headers.${SALESFORCE_USER_HEADER.toLowerCase()}`;
      const message = header ? 'must be a 15 or 18 character Salesforce user id' : 'the acting Salesforce user id is required';
      throw new HttpError(400, 'BAD_REQUEST', `${field}: ${message}`, [{ path: field, message }]);
    }
    const path = req.originalUrl.split('?')[0]!;
    const credential: Credential = {
      orgId: claims.org,
      channel: 'salesforce',
      async identify(tx): Promise<Identification> {
        const now = deps.clock.now();
        const token = await checkTokenRow(tx, claims, now);
        if ('refused' in token) return { refused: unauthenticated(token.refused), audit: null };
        const user = await findUserByCrmId(tx, 'salesforce', [forms.id18, forms.id15]);
        if (user && user.active === 'active') {
          return { actor: { orgId: claims.org, userId: user.id, name: user.name, role: user.role, channel: 'salesforce', tokenId: token.row.id } };
        }
        const reason = user
          ? `Salesforce user ${forms.id18} is deactivated in Pillar`
          : `Salesforce user ${forms.id18} is not a Pillar user of this organization; ask a Pillar admin to add them`;
        return {
          refused: forbidden(reason),
          audit: {
            orgId: claims.org,
            actorId: token.row.id,
            actorKind: 'token',
            action: 'access.denied',
            entity: 'user',
            entityId: forms.id18,
            before: null,
            after: { reason, channel: 'salesforce', method: req.method, path },
            at: now,
          },
        };
      },
    };
    setCredential(res, credential);
    next();
  };
}
