import { eq } from 'drizzle-orm';
import type { SignalState } from '@pillar/shared';
import type { TenantTx } from '../database';
import { signals, signalTransitions } from '../schema';

export interface SignalStateChange {
  orgId: string;
  signalId: string;
  from: SignalState;
  to: SignalState;
  actorId: string;
  note: string | null;
  /** For SUPPRESSED: until when, and why. */
  suppress: { until: Date; reason: string } | null;
  at: Date;
}

/**
 * Moves a signal (locked by the caller) to its new state and records the transition. The caller has checked
 * that the transition is legal (shared/src/signals/lifecycle.ts).
 */
export async function applySignalStateChange(tx: TenantTx, change: SignalStateChange): Promise<void> {
  await tx
    .update(signals)
    .set({
      state: change.to,
      updatedAt: change.at,
      ...(change.to === 'RESOLVED' ? { resolvedAt: change.at } : {}),
      ...(change.suppress ? { suppressedUntil: change.suppress.until, suppressReason: change.suppress.reason } : {}),
    })
    .where(eq(signals.id, change.signalId));
  await tx.insert(signalTransitions).values({
    orgId: change.orgId,
    signalId: change.signalId,
    fromState: change.from,
    toState: change.to,
    actorId: change.actorId,
    actorKind: 'user',
    note: change.note,
    evidence: change.suppress ? { suppressedUntil: change.suppress.until.toISOString(), reason: change.suppress.reason } : null,
    at: change.at,
  });
}
