import type { Actor, Credential } from '../auth/actor';
import { decideCapability, decideRecordAccess, type Capability, type RecordAction, type RecordTeam } from '../auth/rbac';
import type { Db, TenantTx } from '../db/database';
import { appendAudit } from '../db/queries/audit';
import { withOrg } from '../db/tenant';
import { HttpError } from './errors';

/** What a handler works with: the tenant database, who is asking, the request's "now", and the request line for audits. */
export interface RequestScope {
  db: Db;
  credential: Credential;
  now: Date;
  request: { method: string; path: string };
  /** Called once the acting user is known (the request log gets tenant and user). */
  onIdentified?: (actor: Actor) => void;
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
 * Runs the request in its tenant, in one transaction: first the credential finds the acting user (a refusal
 * commits its own audit entry and becomes the response), then `fn` does the work as that actor. A denial by
 * RBAC rolls the work back and is then audited in a transaction of its own, so every 403 leaves a trace.
 */
export async function inTenant<T>(scope: RequestScope, fn: (tx: TenantTx, actor: Actor) => Promise<T>): Promise<T> {
  let actor: Actor | undefined;
  try {
    const outcome = await withOrg(scope.db, scope.credential.orgId, async (tx): Promise<{ value: T } | { refused: HttpError }> => {
      const who = await scope.credential.identify(tx);
      if ('refused' in who) {
        if (who.audit) await appendAudit(tx, who.audit);
        return { refused: who.refused };
      }
      actor = who.actor;
      scope.onIdentified?.(who.actor);
      return { value: await fn(tx, who.actor) };
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome.value;
  } catch (error) {
    if (error instanceof AccessDenied && actor) await auditDenial(scope, actor, error);
    throw error;
  }
}

/**
 * The acting user alone, checked in a short transaction of its own: for handlers whose work must not hold a
 * tenant transaction open (calls to a CRM). Everything else should do its work inside inTenant.
 */
export function identify(scope: RequestScope): Promise<Actor> {
  return inTenant(scope, async (_tx, actor) => actor);
}

async function auditDenial(scope: RequestScope, actor: Actor, denial: AccessDenied): Promise<void> {
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
