import { z } from 'zod';
import { roleSchema, sourceSchema } from '@pillar/shared';

/** The admin API's requests and responses (`/v1/admin/...`). Card contracts live in shared/; these serve admins only. */

const isoDateTime = z.string().datetime({ offset: true });

export const ADMIN_ROUTES = {
  me: '/v1/admin/me',
  scoringProfile: '/v1/admin/scoring-profile',
  scoringProfileVersions: '/v1/admin/scoring-profile/versions',
  tokens: '/v1/admin/tokens',
  token: '/v1/admin/tokens/:tokenId',
  audit: '/v1/admin/audit',
  users: '/v1/admin/users',
  user: '/v1/admin/users/:userId',
} as const;

export const adminMeSchema = z.object({ orgId: z.string().uuid(), userId: z.string().uuid(), name: z.string(), role: roleSchema });

export const scoringProfileResponseSchema = z.object({
  /** `default`: the tenant never saved a profile and scores with Pillar's defaults. */
  source: z.enum(['stored', 'default']),
  version: z.number().int(),
  profile: z.record(z.string(), z.unknown()),
  createdAt: isoDateTime.nullable(),
  createdBy: z.string().nullable(),
});

export const profileVersionsResponseSchema = z.object({
  versions: z.array(z.object({ version: z.number().int(), active: z.boolean(), createdAt: isoDateTime, createdBy: z.string().nullable() })),
});

export const lifetimeSchema = z.string().regex(/^(\d{1,6}[dhm]|never)$/, 'a lifetime like 90d, 12h, 30m or never');

export const issueTokenRequestSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Salesforce tenant tokens only: admin tokens are issued to a person with `pillar token issue --scope admin`. */
  scope: z.literal('salesforce').default('salesforce'),
  expiresIn: lifetimeSchema.default('never'),
});

export const apiTokenSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  jti: z.string(),
  scope: z.enum(['salesforce', 'admin']),
  createdBy: z.string().nullable(),
  expiresAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});

export const issuedTokenResponseSchema = z.object({
  /** Shown once: Pillar keeps only its jti. */
  token: z.string(),
  apiToken: apiTokenSchema,
});
export const tokenListResponseSchema = z.object({ tokens: z.array(apiTokenSchema) });
export const tokenParamsSchema = z.object({ tokenId: z.string().uuid() });

export const auditQuerySchema = z.object({
  entity: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  actorId: z.string().uuid().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  actorId: z.string().nullable(),
  actorKind: z.enum(['user', 'system', 'token']),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: isoDateTime,
});
export const auditListResponseSchema = z.object({ entries: z.array(auditEntrySchema) });

export const adminUserSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  managerId: z.string().uuid().nullable(),
  team: z.string().nullable(),
  source: sourceSchema,
  externalId: z.string(),
  active: z.boolean(),
});
export const userListResponseSchema = z.object({ users: z.array(adminUserSchema) });

/** Maps a CRM user (Salesforce 005…, HubSpot user id) to a Pillar user and role; upserts by (source, externalId). */
export const userUpsertRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().email().max(320).nullable().default(null),
  role: roleSchema,
  managerId: z.string().uuid().nullable().default(null),
  team: z.string().max(100).nullable().default(null),
  source: sourceSchema,
  externalId: z.string().trim().min(1).max(100),
});

export const userChangeRequestSchema = z
  .object({ role: roleSchema.optional(), managerId: z.string().uuid().nullable().optional(), active: z.boolean().optional() })
  .strict()
  .refine((c) => c.role !== undefined || c.managerId !== undefined || c.active !== undefined, { message: 'name at least one of role, managerId, active' });
export const userParamsSchema = z.object({ userId: z.string().uuid() });
