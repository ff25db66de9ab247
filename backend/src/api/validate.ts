import type { z } from 'zod';
import { validationError } from './errors';

/** Parses request input at the door; a failure is a 400 naming the field (`body.until: …`). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'headers'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}
