import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { TenantTx } from '../database';
import { auditLog } from '../schema';

/** One entry of the append-only audit log: who did what to which entity, with the state before and after. */
export interface AuditEntry {
  orgId: string;
  actorId: string | null;
  actorKind: 'user' | 'system' | 'token';
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  at?: Date;
}

export async function appendAudit(tx: TenantTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, before: entry.before ?? null, after: entry.after ?? null, ...(entry.at ? { at: entry.at } : {}) });
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  actorId?: string;
  /** Entries with an id below this one (paging backwards from the newest). */
  beforeId?: number;
  limit: number;
}

export interface AuditRow {
  id: number;
  actorId: string | null;
  actorKind: 'user' | 'system' | 'token';
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  at: Date;
}

export async function listAudit(tx: TenantTx, filter: AuditFilter): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.beforeId !== undefined) conditions.push(lt(auditLog.id, filter.beforeId));
  return tx
    .select({
      id: auditLog.id,
      actorId: auditLog.actorId,
      actorKind: auditLog.actorKind,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      at: auditLog.at,
    })
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}
