import { z } from 'zod';

/** Who a Pillar user is inside a tenant. Decides what they may see and change (see backend/src/api/rbac). */
export const ROLES = ['ADMIN', 'LEADER', 'MANAGER', 'REP_CSM', 'EXECUTIVE_RO'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** The CRMs and files Pillar mirrors records from. */
export const SOURCES = ['salesforce', 'hubspot', 'csv', 'pillar'] as const;
export const sourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof sourceSchema>;
