import { z } from 'zod';

/** Every error the API returns: `{ error: { code, message, details } }`, never a stack trace. */
export const API_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNPROCESSABLE',
  'INTERNAL',
  'UNAVAILABLE',
] as const;
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const isoDateTime = z.string().datetime({ offset: true });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const score100 = z.number().min(0).max(100);

/** Salesforce record ids: 15 or 18 case-sensitive alphanumerics. */
export const salesforceIdSchema = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'must be a 15 or 18 character Salesforce id');
/** HubSpot object ids: positive integers as strings. */
export const hubspotIdSchema = z.string().regex(/^[1-9][0-9]{0,19}$/, 'must be a numeric HubSpot object id');

/** A line that explains a number: the rule/variable, its effect, the evidence, and the rendered reason. */
export const driverSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  /** Signed points this driver adds to (or, for risk scores, adds to the risk of) the total. */
  contribution: z.number(),
  score: z.number().nullable(),
  weight: z.number(),
  reason: z.string(),
  reasonCode: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});
export type CardDriver = z.infer<typeof driverSchema>;
