import type { RequestHandler } from 'express';
import { unauthenticated } from '../api/errors';
import { setActor } from '../api/request-context';
import { findUserById } from '../db/queries/users';
import { withOrg } from '../db/tenant';
import type { Actor } from './actor';
import type { AuthDeps } from './auth-deps';
import { bearerClaims, checkTokenRow } from './token-check';

/**
 * Admin API requests: `Authorization: Bearer <admin token>` with claims org, sub (the Pillar user) and role.
 * The token must be live in api_tokens, the user active, and the role claim still the user's role (a demoted
 * admin's old token stops working; issue a new one).
 */
export function authenticateAdmin(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const claims = bearerClaims(req, deps, 'admin');
      const now = deps.clock.now();
      const outcome = await withOrg(deps.db, claims.org, async (tx): Promise<{ actor: Actor } | { refused: string }> => {
        const token = await checkTokenRow(tx, claims, now);
        if ('refused' in token) return token;
        const user = await findUserById(tx, claims.sub);
        if (!user || user.active !== 'active') return { refused: 'The token belongs to a user who is no longer active' };
        if (user.role !== claims.role) return { refused: `The token was issued for role ${claims.role}; the user is now ${user.role}. Issue a new token` };
        return { actor: { orgId: claims.org, userId: user.id, name: user.name, role: user.role, channel: 'admin', tokenId: token.row.id } };
      });
      if ('refused' in outcome) throw unauthenticated(outcome.refused);
      setActor(res, outcome.actor);
      req.log?.setBindings({ orgId: outcome.actor.orgId, userId: outcome.actor.userId });
      next();
    } catch (error) {
      next(error);
    }
  };
}
