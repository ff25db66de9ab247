import { z } from 'zod';
import { buildDigests, type DigestMailer, type DigestRunReport } from '../notify/digest/build-digests';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { Clock } from '../runtime';
import { parseJobPayload } from './job-payload';
import { QUEUES } from './queues';

export const digestPayloadSchema = z.object({ orgId: z.string().uuid(), period: z.enum(['daily', 'weekly']) });
export type DigestPayload = z.infer<typeof digestPayloadSchema>;

/** Builds (and, with a mailer, sends) a tenant's daily or weekly digests; idempotent per user and period. */
export function digestJob(deps: { db: Db; clock: Clock; logger: Logger; mailer?: DigestMailer | null }) {
  return async (data: unknown): Promise<DigestRunReport | null> => {
    const payload = parseJobPayload(digestPayloadSchema, data, QUEUES.digest, deps.logger);
    return payload ? buildDigests(deps, payload.orgId, payload.period) : null;
  };
}
