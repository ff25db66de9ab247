import { z } from 'zod';
import type { Db } from '../db/database';
import type { SignalInputs } from '../engine/signals/types';
import type { Logger } from '../logger';
import type { Clock } from '../runtime';
import type { CrmTaskMirror } from '../signals/crm-task-mirror';
import { runSignalCycle, type SignalCycleOptions, type SignalCycleReport } from '../signals/run-signal-cycle';
import { parseJobPayload } from './job-payload';
import { QUEUES } from './queues';

export const signalCyclePayloadSchema = z.object({
  orgId: z.string().uuid(),
  /** `maintenance`: expiry and SLA breaches only; the others evaluate the catalog over fresh scores. */
  reason: z.enum(['maintenance', 'scheduled', 'after_sync', 'manual']),
});
export type SignalCyclePayload = z.infer<typeof signalCyclePayloadSchema>;

/**
 * What the scoring cycle provides to evaluate signals over its latest results (the lead's cycle/ module
 * implements it from stored scores and features); without it, signal jobs run maintenance only.
 */
export type SignalInputsLoader = (orgId: string) => Promise<{ inputs: SignalInputs; options?: SignalCycleOptions }>;

export function signalCycleJob(deps: { db: Db; clock: Clock; logger: Logger; loadInputs?: SignalInputsLoader; crmTaskMirror?: (orgId: string) => Promise<CrmTaskMirror | null> }) {
  return async (data: unknown): Promise<SignalCycleReport | null> => {
    const payload = parseJobPayload(signalCyclePayloadSchema, data, QUEUES.signalCycle, deps.logger);
    if (!payload) return null;
    const mirror = (await deps.crmTaskMirror?.(payload.orgId)) ?? null;
    const cycleDeps = { db: deps.db, clock: deps.clock, logger: deps.logger, crmTaskMirror: mirror };
    if (payload.reason === 'maintenance' || !deps.loadInputs) return runSignalCycle(cycleDeps, payload.orgId, { accounts: [], opportunities: [] });
    const { inputs, options } = await deps.loadInputs(payload.orgId);
    return runSignalCycle(cycleDeps, payload.orgId, inputs, options ?? {});
  };
}
