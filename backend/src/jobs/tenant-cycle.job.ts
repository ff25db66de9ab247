import { z } from 'zod';
import type { TenantCycleReport, TenantCycleRequest } from '../cycle/tenant-cycle';
import type { Logger } from '../logger';
import { parseJobPayload } from './job-payload';
import { QUEUES } from './queues';

export const tenantCyclePayloadSchema = z.object({
  orgId: z.string().uuid(),
  /** Full: re-read the CRM and rescore everything (nightly; time itself moves scores). */
  full: z.boolean().default(false),
  reason: z.enum(['scheduled', 'nightly', 'after_connect', 'manual']),
});
export type TenantCyclePayload = z.input<typeof tenantCyclePayloadSchema>;

/** What the job needs from a cycle run: the signal step's counts, to hand its outbox to the delivery jobs. */
export type TenantCycleRunner = (orgId: string, request: TenantCycleRequest) => Promise<Pick<TenantCycleReport, 'signals'>>;

/** Parses, then runs one tenant's sync → score → signals → write-back cycle. */
export function tenantCycleJob(deps: { logger: Logger; run: TenantCycleRunner }) {
  return async (data: unknown) => {
    const payload = parseJobPayload(tenantCyclePayloadSchema, data, QUEUES.tenantCycle, deps.logger);
    if (!payload) return null;
    const report = await deps.run(payload.orgId, { full: payload.full });
    return { orgId: payload.orgId, signals: report.signals };
  };
}
