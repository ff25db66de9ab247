import type { RequestHandler } from 'express';
import { SALESFORCE_USER_HEADER } from '@pillar/shared';
import { forbidden, HttpError, unauthenticated } from '../api/errors';
import { setActor } from '../api/request-context';
import { appendAudit } from '../db/queries/audit';
import { findUserByCrmId } from '../db/queries/users';
import { withOrg } from '../db/tenant';
import type { Actor } from './actor';
import type { AuthDeps } from './auth-deps';
import { salesforceIdForms } from './salesforce-id';
import { bearerClaims, checkTokenRow } from './token-check';

type Outcome = { actor: Actor } | { unauthenticated: string } | { forbidden: string };

/**
 * Salesforce card requests (Apex through the Named Credential): `Authorization: Bearer <tenant token>` proves
 * the tenant, `X-Pillar-Salesforce-User` names the acting Salesforce user (15 or 18 characters), who must be a
 * Pillar user of that tenant (users.source = 'salesforce'); an unknown or deactivated user is a 403, audited.
 */
export function authenticateSalesforce(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const claims = bearerClaims(req, deps, 'salesforce');
      const header = req.get(SALESFORCE_USER_HEADER);
      const forms = header ? salesforceIdForms(header.trim()) : null;
      if (!forms) {
        const field = `headers.${SALESFORCE_USER_HEADER.toLowerCase()}`;
        const message = header ? 'must be a 15 or 18 character Salesforce user id' : 'the acting Salesforce user id is required';
        throw new HttpError(400, 'BAD_REQUEST', `${field}: ${message}`, [{ path: field, message }]);
      }
      const now = deps.clock.now();
      const outcome = await withOrg(deps.db, claims.org, async (tx): Promise<Outcome> => {
        const token = await checkTokenRow(tx, claims, now);
        if ('refused' in token) return { unauthenticated: token.refused };
        const user = await findUserByCrmId(tx, 'salesforce', [forms.id18, forms.id15]);
        if (!user || user.active !== 'active') {
          const reason = user
            ? `Salesforce user ${forms.id18} is deactivated in Pillar`
            : `Salesforce user ${forms.id18} is not a Pillar user of this organization; ask a Pillar admin to add them`;
          await appendAudit(tx, {
            orgId: claims.org,
            actorId: token.row.id,
            actorKind: 'token',
            action: 'access.denied',
            entity: 'user',
            entityId: forms.id18,
            before: null,
            after: { reason, channel: 'salesforce', method: req.method, path: req.path },
            at: now,
          });
          return { forbidden: reason };
        }
        return { actor: { orgId: claims.org, userId: user.id, name: user.name, role: user.role, channel: 'salesforce', tokenId: token.row.id } };
      });
      if ('unauthenticated' in outcome) throw unauthenticated(outcome.unauthenticated);
      if ('forbidden' in outcome) throw forbidden(outcome.forbidden);
      setActor(res, outcome.actor);
      req.log?.setBindings({ orgId: outcome.actor.orgId, userId: outcome.actor.userId });
      next();
    } catch (error) {
      next(error);
    }
  };
}
