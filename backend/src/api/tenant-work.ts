import type { Actor } from '../auth/actor';
import { decideCapability, decideRecordAccess, type Capability, type RecordAction, type RecordTeam } from '../auth/rbac';
import type { Db, TenantTx } from '../db/database';
import { appendAudit } from '../db/queries/audit';
import { withOrg } from '../db/tenant';
import { HttpError } from './errors';

/** What a handler works with: the tenant database, the actor, the request's "now", and the request line for audits. */
export interface RequestScope {
  db: Db;
  actor: Actor;
  now: Date;
  request: { method: string; path: string };
}

/** A 403 that is written to the audit log (by inTenant) after its transaction has rolled back. */
export class AccessDenied extends HttpError {
  constructor(
    reason: string,
    readonly target: { entity: string; entityId: string | null },
  ) {
    super(403, 'FORBIDDEN', reason);
  }
}

export function authorizeRecord(actor: Actor, action: RecordAction, team: RecordTeam, target: { entity: string; entityId: string }): void {
  const decision = decideRecordAccess(actor, action, team, target.entity);
  if (!decision.allowed) throw new AccessDenied(decision.reason, target);
}

export function authorizeCapability(actor: Actor, capability: Capability): void {
  const decision = decideCapability(actor, capability);
  if (!decision.allowed) throw new AccessDenied(decision.reason, { entity: capability.split('.')[0]!, entityId: null });
}

/**
 * Runs `fn` in the actor's tenant (one transaction). A denial rolls the work back and is then audited in a
 * transaction of its own, so every 403 leaves a trace.
 */
export async function inTenant<T>(scope: RequestScope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  try {
    return await withOrg(scope.db, scope.actor.orgId, fn);
  } catch (error) {
    if (error instanceof AccessDenied) await auditDenial(scope, error);
    throw error;
  }
}

async function auditDenial(scope: RequestScope, denial: AccessDenied): Promise<void> {
  const { actor } = scope;
  await withOrg(scope.db, actor.orgId, (tx) =>
    appendAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      actorKind: 'user',
      action: 'access.denied',
      entity: denial.target.entity,
      entityId: denial.target.entityId,
      before: null,
      after: { reason: denial.message, role: actor.role, channel: actor.channel, method: scope.request.method, path: scope.request.path },
      at: scope.now,
    }),
  );
}
