import { z } from 'zod';
import { BuyingRoleSchema } from '@pillar/shared';

/**
 * The body of a STARBRIDGE intent event (POST /v1/webhooks/starbridge/:org, see docs/webhooks.md). One
 * envelope, type-specific `data`. The sender's `id` makes redelivery idempotent.
 */
export const STARBRIDGE_EVENT_TYPES = ['rfp_published', 'grant_awarded', 'budget_change', 'key_contact_departure', 'board_meeting_mention'] as const;
export type StarbridgeEventType = (typeof STARBRIDGE_EVENT_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const account = z
  .object({
    domain: z.string().trim().min(3).max(253).optional(),
    name: z.string().trim().min(1).max(300).optional(),
  })
  .refine((a) => a.domain !== undefined || a.name !== undefined, 'account needs a domain or a name');

const envelope = {
  id: z.string().trim().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }),
  account,
};

export const starbridgeEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...envelope,
    type: z.literal('rfp_published'),
    data: z.object({ title: z.string().min(1).max(500), url: z.url().optional(), dueDate: isoDate.optional(), estimatedValue: z.number().nonnegative().optional() }),
  }),
  z.object({
    ...envelope,
    type: z.literal('grant_awarded'),
    data: z.object({ program: z.string().min(1).max(500), amount: z.number().nonnegative().optional(), windowClosesOn: isoDate.optional() }),
  }),
  z.object({
    ...envelope,
    type: z.literal('budget_change'),
    data: z.object({ changePct: z.number().min(-100).max(1000), fiscalYear: z.string().max(20).optional(), budgetUsd: z.number().nonnegative().optional() }),
  }),
  z.object({
    ...envelope,
    type: z.literal('key_contact_departure'),
    data: z.object({ contactName: z.string().min(1).max(300), title: z.string().max(300).optional(), role: BuyingRoleSchema.optional() }),
  }),
  z.object({
    ...envelope,
    type: z.literal('board_meeting_mention'),
    data: z.object({ meetingDate: isoDate.optional(), excerpt: z.string().max(4000).optional(), topics: z.array(z.string().max(200)).max(50).optional() }),
  }),
]);
export type StarbridgeEventBody = z.infer<typeof starbridgeEventSchema>;

/** A stored event as the engine reads it: the body plus the account it was matched to. */
export type StarbridgeEvent = StarbridgeEventBody & {
  readonly accountId: string | null;
  readonly accountOwnerId: string | null;
};
