import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { roleSchema } from '@pillar/shared';

/**
 * The JWTs Pillar signs (HS256, PILLAR_JWT_SECRET). Two kinds, told apart by `scope`:
 * - `salesforce`: the tenant API token a Salesforce Named Credential sends. Claims: org, jti, scope. The acting
 *   user comes from the X-Pillar-Salesforce-User header on each request.
 * - `admin`: a person's admin-API token. Claims: org, sub (Pillar user id), role, jti, scope.
 * Every token is also a row in api_tokens (by jti), so it can be revoked before it expires.
 */
export const JWT_ISSUER = 'pillar';
export const TOKEN_SCOPES = ['salesforce', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const base = { iss: z.literal(JWT_ISSUER), org: z.string().uuid(), jti: z.string().uuid(), iat: z.number().int(), exp: z.number().int().optional() };
export const salesforceClaimsSchema = z.object({ ...base, scope: z.literal('salesforce') });
export const adminClaimsSchema = z.object({ ...base, scope: z.literal('admin'), sub: z.string().uuid(), role: roleSchema });
export const tokenClaimsSchema = z.discriminatedUnion('scope', [salesforceClaimsSchema, adminClaimsSchema]);
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export type TokenSubject = { scope: 'salesforce'; orgId: string } | { scope: 'admin'; orgId: string; userId: string; role: z.infer<typeof roleSchema> };

export interface SignedToken {
  token: string;
  jti: string;
  expiresAt: Date | null;
}

/** Signs a new token. `expiresInSeconds` null: no expiry (revoke it to end it). */
export function signToken(secret: string, subject: TokenSubject, now: Date, expiresInSeconds: number | null): SignedToken {
  const jti = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const payload =
    subject.scope === 'admin'
      ? { iss: JWT_ISSUER, org: subject.orgId, jti, iat, scope: 'admin', sub: subject.userId, role: subject.role }
      : { iss: JWT_ISSUER, org: subject.orgId, jti, iat, scope: 'salesforce' };
  const exp = expiresInSeconds === null ? undefined : iat + expiresInSeconds;
  const token = jwt.sign(exp === undefined ? payload : { ...payload, exp }, secret, { algorithm: 'HS256' });
  return { token, jti, expiresAt: exp === undefined ? null : new Date(exp * 1000) };
}

export type TokenCheck = { valid: true; claims: TokenClaims } | { valid: false; reason: string };

/** Verifies signature (HS256 only), issuer, expiry against `now`, and the claim shape. */
export function verifyToken(secret: string, token: string, now: Date): TokenCheck {
  let decoded: unknown;
  try {
    decoded = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: JWT_ISSUER, clockTimestamp: Math.floor(now.getTime() / 1000) });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) return { valid: false, reason: 'The token has expired' };
    return { valid: false, reason: 'The token is not a valid Pillar token' };
  }
  const claims = tokenClaimsSchema.safeParse(decoded);
  if (!claims.success) return { valid: false, reason: 'The token does not carry the claims Pillar issues' };
  return { valid: true, claims: claims.data };
}

/** `30d`, `12h`, `45m`, `never` → seconds (null for never). */
export function parseLifetime(text: string): number | null {
  if (text === 'never') return null;
  const match = /^(\d{1,6})([dhm])$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a lifetime: use e.g. 90d, 12h, 30m or never`);
  const unit = { d: 86_400, h: 3_600, m: 60 }[match[2] as 'd' | 'h' | 'm'];
  return Number(match[1]) * unit;
}
