import type { z } from 'zod';
import type { Logger } from '../logger';

/**
 * Validates a job's payload at the door. An invalid payload is logged and the job completes: retrying it
 * cannot make it valid.
 */
export function parseJobPayload<S extends z.ZodType>(schema: S, data: unknown, queue: string, logger: Logger): z.output<S> | null {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  logger.error({ queue, issues: parsed.error.issues }, 'job payload is invalid; the job is dropped');
  return null;
}
