import { availableActions, signalFamilySchema, type SignalCard } from '@pillar/shared';
import type { SignalRow } from '../../db/queries/cards';
import { toRecordRef } from './record-ref';

/** A stored signal as the signal feed and the cards show it, with the actions its state allows. */
export function toSignalCard(row: SignalRow): SignalCard {
  const record = row.opportunityRef ?? row.accountRef;
  return {
    id: row.id,
    type: row.type,
    family: signalFamilySchema.parse(row.family),
    severity: row.severity,
    state: row.state,
    title: row.title,
    ruleId: row.ruleId,
    threshold: row.threshold,
    evidence: row.evidence,
    recommendedAction: row.recommendedAction,
    confidence: Math.min(100, Math.max(0, row.confidence)),
    record: record ? toRecordRef(record) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    actions: availableActions(row.state),
  };
}
