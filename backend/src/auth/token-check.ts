import type { Request } from 'express';
import { unauthenticated } from '../api/errors';
import type { TenantTx } from '../db/database';
import { findApiTokenByJti, touchApiToken, type ApiTokenRow } from '../db/queries/tokens';
import type { AuthDeps } from './auth-deps';
import { verifyToken, type TokenClaims, type TokenScope } from './tenant-jwt';

const TOUCH_EVERY_MS = 5 * 60 * 1000;

/** The verified claims of the request's `Authorization: Bearer <jwt>`, or a 401 saying what is wrong. */
export function bearerClaims<S extends TokenScope>(req: Request, deps: AuthDeps, scope: S): Extract<TokenClaims, { scope: S }> {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+([A-Za-z0-9_\-.=]+)$/i.exec(header.trim()) : null;
  if (!match) throw unauthenticated('Send the Pillar token as "Authorization: Bearer <token>"');
  const check = verifyToken(deps.jwtSecret, match[1]!, deps.clock.now());
  if (!check.valid) throw unauthenticated(check.reason);
  if (check.claims.scope !== scope) throw unauthenticated(`This is a ${check.claims.scope} token; this API needs a ${scope} token`);
  return check.claims as Extract<TokenClaims, { scope: S }>;
}

/**
 * The token's api_tokens row in the claimed tenant: it must exist there (a token of another tenant or another
 * installation does not), have the claimed scope and not be revoked. Returns the row or the reason to refuse.
 */
export async function checkTokenRow(tx: TenantTx, claims: TokenClaims, now: Date): Promise<{ row: ApiTokenRow } | { refused: string }> {
  const row = await findApiTokenByJti(tx, claims.jti);
  if (!row || row.scope !== claims.scope) return { refused: 'The token is not known to this tenant' };
  if (row.revokedAt) return { refused: 'The token has been revoked' };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { refused: 'The token has expired' };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) await touchApiToken(tx, row.id, now, TOUCH_EVERY_MS);
  return { row };
}
