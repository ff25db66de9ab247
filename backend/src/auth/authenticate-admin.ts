import type { RequestHandler } from 'express';
import { unauthenticated } from '../api/errors';
import { setCredential } from '../api/request-context';
import { findUserById } from '../db/queries/users';
import type { Credential, Identification } from './actor';
import type { AuthDeps } from './auth-deps';
import { bearerClaims, checkTokenRow } from './token-check';

/**
 * Admin API requests: `Authorization: Bearer <admin token>` with claims org, sub (the Pillar user) and role.
 * The token must be live in api_tokens, the user active, and the role claim still the user's role (a demoted
 * admin's old token stops working; issue a new one).
 */
export function authenticateAdmin(deps: AuthDeps): RequestHandler {
  return (req, res, next) => {
    const claims = bearerClaims(req, deps, 'admin');
    const refuse = (reason: string): Identification => ({ refused: unauthenticated(reason), audit: null });
    const credential: Credential = {
      orgId: claims.org,
      channel: 'admin',
      async identify(tx): Promise<Identification> {
        const token = await checkTokenRow(tx, claims, deps.clock.now());
        if ('refused' in token) return refuse(token.refused);
        const user = await findUserById(tx, claims.sub);
        if (!user || user.active !== 'active') return refuse('The token belongs to a user who is no longer active');
        if (user.role !== claims.role) return refuse(`The token was issued for role ${claims.role}; the user is now ${user.role}. Issue a new token`);
        return { actor: { orgId: claims.org, userId: user.id, name: user.name, role: user.role, channel: 'admin', tokenId: token.row.id } };
      },
    };
    setCredential(res, credential);
    next();
  };
}
