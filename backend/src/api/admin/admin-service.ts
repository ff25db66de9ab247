import type { z } from 'zod';
import { DEFAULT_SCORING_PROFILE, ScoringProfileSchema } from '../../../../shared/src/scoring/profile';
import { issueToken, revokeToken } from '../../auth/issue-token';
import { parseLifetime } from '../../auth/tenant-jwt';
import type { TenantTx } from '../../db/database';
import { appendAudit, listAudit, type AuditFilter } from '../../db/queries/audit';
import { activeProfileVersion, listProfileVersions, saveProfileVersion } from '../../db/queries/profile-versions';
import { listApiTokens, type ApiTokenRow } from '../../db/queries/tokens';
import { findUserById, listUsers, updateUser, upsertUser, type UserRow } from '../../db/queries/users';
import { HttpError, notFound, validationError } from '../errors';
import { authorizeCapability, inTenant, type RequestScope } from '../tenant-work';
import type {
  adminUserSchema,
  apiTokenSchema,
  auditListResponseSchema,
  issueTokenRequestSchema,
  issuedTokenResponseSchema,
  profileVersionsResponseSchema,
  scoringProfileResponseSchema,
  userChangeRequestSchema,
  userUpsertRequestSchema,
} from './contracts';

type Out<S extends z.ZodType> = z.output<S>;

export function readScoringProfile(scope: RequestScope): Promise<Out<typeof scoringProfileResponseSchema>> {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'profile.read');
    const active = await activeProfileVersion(tx);
    if (!active) return { source: 'default', version: DEFAULT_SCORING_PROFILE.version, profile: DEFAULT_SCORING_PROFILE, createdAt: null, createdBy: null };
    return { source: 'stored', version: active.version, profile: active.profile, createdAt: active.createdAt.toISOString(), createdBy: active.createdByName };
  });
}

export function readProfileVersions(scope: RequestScope): Promise<Out<typeof profileVersionsResponseSchema>> {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'profile.read');
    const versions = await listProfileVersions(tx, 100);
    return { versions: versions.map((v) => ({ version: v.version, active: v.active, createdAt: v.createdAt.toISOString(), createdBy: v.createdByName })) };
  });
}

/**
 * Saves a new version of the tenant's scoring profile (ADMIN only). The body is a scoring profile
 * (shared/src/scoring/profile.ts, defaults may be omitted); Pillar assigns the version, so a `version` in the
 * body is ignored. Invalid → 400 naming the path (`body.categoryWeights.fit: …`).
 */
export function writeScoringProfile(scope: RequestScope, body: unknown): Promise<Out<typeof scoringProfileResponseSchema>> {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'profile.write');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'BAD_REQUEST', 'body: expected a scoring profile object', [{ path: 'body', message: 'expected a scoring profile object' }]);
    }
    const parsed = ScoringProfileSchema.safeParse({ ...body, version: 1 });
    if (!parsed.success) throw validationError(parsed.error, 'body');
    const { previous, saved } = await saveProfileVersion(tx, { orgId: actor.orgId, profile: parsed.data, createdBy: actor.userId, at: scope.now });
    await appendAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      actorKind: 'user',
      action: 'scoring_profile.update',
      entity: 'scoring_profile',
      entityId: String(saved.version),
      before: previous?.profile ?? null,
      after: saved.profile,
      at: scope.now,
    });
    return { source: 'stored', version: saved.version, profile: saved.profile, createdAt: saved.createdAt.toISOString(), createdBy: saved.createdByName };
  });
}

function tokenOut(row: ApiTokenRow): Out<typeof apiTokenSchema> {
  return {
    id: row.id,
    name: row.name,
    jti: row.jti,
    scope: row.scope,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function readMe(scope: RequestScope) {
  return inTenant(scope, async (_tx, actor) => ({ orgId: actor.orgId, userId: actor.userId, name: actor.name, role: actor.role }));
}

export function readTokens(scope: RequestScope) {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'tokens.manage');
    return { tokens: (await listApiTokens(tx)).map(tokenOut) };
  });
}

export function createToken(scope: RequestScope, jwtSecret: string, request: Out<typeof issueTokenRequestSchema>): Promise<Out<typeof issuedTokenResponseSchema>> {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'tokens.manage');
    const { token, row } = await issueToken(tx, jwtSecret, {
      orgId: actor.orgId,
      scope: request.scope,
      name: request.name,
      user: null,
      lifetimeSeconds: parseLifetime(request.expiresIn),
      issuedBy: actor.userId,
      now: scope.now,
    });
    return { token, apiToken: tokenOut(row) };
  });
}

export function deleteToken(scope: RequestScope, tokenId: string) {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'tokens.manage');
    const row = await revokeToken(tx, { orgId: actor.orgId, idOrJti: tokenId, revokedBy: actor.userId, now: scope.now });
    if (!row) throw notFound(`No token ${tokenId}`);
    return tokenOut(row);
  });
}

export function readAudit(scope: RequestScope, filter: AuditFilter): Promise<Out<typeof auditListResponseSchema>> {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'audit.read');
    const entries = await listAudit(tx, filter);
    return { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
  });
}

function userOut(user: UserRow): Out<typeof adminUserSchema> {
  return { ...user, active: user.active === 'active' };
}

export function readUsers(scope: RequestScope) {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'users.read');
    return { users: (await listUsers(tx)).map(userOut) };
  });
}

async function checkManager(tx: TenantTx, managerId: string | null | undefined, userId: string | null): Promise<void> {
  if (!managerId) return;
  const problem = managerId === userId ? 'a user cannot manage themselves' : (await findUserById(tx, managerId)) ? null : 'no such user in this organization';
  if (problem) throw new HttpError(400, 'BAD_REQUEST', `body.managerId: ${problem}`, [{ path: 'body.managerId', message: problem }]);
}

export function saveUser(scope: RequestScope, request: Out<typeof userUpsertRequestSchema>) {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'users.write');
    await checkManager(tx, request.managerId, null);
    const { before, after } = await upsertUser(tx, { ...request, orgId: actor.orgId });
    await appendAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      actorKind: 'user',
      action: before ? 'user.update' : 'user.create',
      entity: 'user',
      entityId: after.id,
      before,
      after,
      at: scope.now,
    });
    return userOut(after);
  });
}

export function changeUser(scope: RequestScope, userId: string, change: Out<typeof userChangeRequestSchema>) {
  return inTenant(scope, async (tx, actor) => {
    authorizeCapability(actor, 'users.write');
    await checkManager(tx, change.managerId, userId);
    const result = await updateUser(tx, userId, {
      ...(change.role ? { role: change.role } : {}),
      ...(change.managerId !== undefined ? { managerId: change.managerId } : {}),
      ...(change.active !== undefined ? { active: change.active ? 'active' : 'inactive' } : {}),
    });
    if (!result) throw notFound(`No user ${userId}`);
    await appendAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      actorKind: 'user',
      action: 'user.update',
      entity: 'user',
      entityId: userId,
      before: result.before,
      after: result.after,
      at: scope.now,
    });
    return userOut(result.after);
  });
}
