import type { Role } from '@pillar/shared';
import type { TenantTx } from '../db/database';
import { appendAudit } from '../db/queries/audit';
import { insertApiToken, revokeApiToken, type ApiTokenRow } from '../db/queries/tokens';
import { signToken, type TokenScope } from './tenant-jwt';

export interface IssueRequest {
  orgId: string;
  scope: TokenScope;
  name: string;
  /** For admin tokens: the user the token acts as, and their role (the role claim). */
  user: { id: string; role: Role } | null;
  /** Seconds, or null for a token that lives until revoked. */
  lifetimeSeconds: number | null;
  /** Who issues it: a user id (admin API) or null (operator CLI). */
  issuedBy: string | null;
  now: Date;
}

/** Signs a token, records it in api_tokens and audits the issue, in the caller's tenant transaction. */
export async function issueToken(tx: TenantTx, secret: string, request: IssueRequest): Promise<{ token: string; row: ApiTokenRow }> {
  if (request.scope === 'admin' && !request.user) throw new Error('an admin token needs the user it acts as');
  const subject =
    request.scope === 'admin'
      ? { scope: 'admin' as const, orgId: request.orgId, userId: request.user!.id, role: request.user!.role }
      : { scope: 'salesforce' as const, orgId: request.orgId };
  const signed = signToken(secret, subject, request.now, request.lifetimeSeconds);
  const row = await insertApiToken(tx, {
    orgId: request.orgId,
    name: request.name,
    jti: signed.jti,
    scope: request.scope,
    createdBy: request.user?.id ?? request.issuedBy,
    expiresAt: signed.expiresAt,
  });
  await appendAudit(tx, {
    orgId: request.orgId,
    actorId: request.issuedBy,
    actorKind: request.issuedBy ? 'user' : 'system',
    action: 'token.issue',
    entity: 'api_token',
    entityId: row.id,
    before: null,
    after: { name: row.name, scope: row.scope, jti: row.jti, expiresAt: row.expiresAt?.toISOString() ?? null, forUser: request.user?.id ?? null },
    at: request.now,
  });
  return { token: signed.token, row };
}

/** Revokes a token by id or jti and audits it. Null when the tenant has no such token. */
export async function revokeToken(tx: TenantTx, request: { orgId: string; idOrJti: string; revokedBy: string | null; now: Date }): Promise<ApiTokenRow | null> {
  const change = await revokeApiToken(tx, request.idOrJti, request.now);
  if (!change) return null;
  if (change.before.revokedAt === null) {
    await appendAudit(tx, {
      orgId: request.orgId,
      actorId: request.revokedBy,
      actorKind: request.revokedBy ? 'user' : 'system',
      action: 'token.revoke',
      entity: 'api_token',
      entityId: change.after.id,
      before: { revokedAt: null },
      after: { revokedAt: change.after.revokedAt?.toISOString() ?? null },
      at: request.now,
    });
  }
  return change.after;
}
