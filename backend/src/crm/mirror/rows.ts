import { z } from 'zod';
import { forecastCategorySchema, roleSchema } from '@pillar/shared';

/**
 * The connector-neutral vocabulary of the CRM mirror. Every connector (Salesforce, HubSpot, CSV, the demo
 * generator) maps its records into these rows and hands them to the same upserts (db/queries/mirror.ts).
 *
 * - Keys are camelCase; each row has the source's own id as `externalId`.
 * - References are natural keys of the same source (`accountExternalId`, `ownerExternalId`…); the upsert
 *   resolves them to Pillar ids in SQL, so a connector never needs to look ids up.
 * - `null` and absent mean the same: "the source does not say" (missing is not zero).
 * - Dates are `YYYY-MM-DD` strings, instants ISO-8601 strings with an offset: they hash and serialise stably.
 */

export const MIRROR_SOURCES = ['salesforce', 'hubspot', 'csv', 'pillar'] as const;
export const mirrorSourceSchema = z.enum(MIRROR_SOURCES);
export type MirrorSource = z.infer<typeof mirrorSourceSchema>;

const externalId = z.string().min(1).max(255);
const reference = externalId.nullish();
const text = z.string().nullish();
const isoDate = z.iso.date().nullish();
const isoInstant = z.iso.datetime({ offset: true }).nullish();
const money = z.number().finite().nullish();
const count = z.number().int().nonnegative().nullish();
const percent = z.number().finite().nullish();

export const mirrorUserSchema = z.object({
  externalId,
  name: z.string().min(1),
  email: text,
  role: roleSchema.nullish(),
  managerExternalId: reference,
  team: text,
  region: text,
  isActive: z.boolean().nullish(),
});
export type MirrorUser = z.infer<typeof mirrorUserSchema>;

export const mirrorAccountSchema = z.object({
  externalId,
  name: z.string().min(1),
  domain: text,
  industry: text,
  segment: text,
  tier: z.number().int().nullish(),
  employees: count,
  annualRevenue: money,
  arr: money,
  country: text,
  foundedYear: z.number().int().nullish(),
  parentName: text,
  status: text,
  ownerExternalId: reference,
  npsScore: percent,
  supportEscalationPct: percent,
  adoptionPct: percent,
  usageTrendPct: percent,
  latePayments: count,
  attributes: z.record(z.string(), z.unknown()).nullish(),
  crmModifiedAt: isoInstant,
  deletedAt: isoInstant,
});
export type MirrorAccount = z.infer<typeof mirrorAccountSchema>;

export const mirrorProductSchema = z.object({
  externalId,
  name: z.string().min(1),
  series: text,
  listPrice: money,
});
export type MirrorProduct = z.infer<typeof mirrorProductSchema>;

export const BUYING_ROLES = ['champion', 'economic_buyer', 'exec_sponsor', 'technical_buyer', 'influencer', 'blocker', 'end_user', 'unknown'] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export const mirrorContactSchema = z.object({
  externalId,
  accountExternalId: reference,
  name: z.string().min(1),
  email: text,
  title: text,
  buyingRole: z.enum(BUYING_ROLES).nullish(),
  isChampion: z.boolean().nullish(),
  isExecSponsor: z.boolean().nullish(),
  status: z.enum(['ACTIVE', 'INACTIVE', 'LEFT_ORG']).nullish(),
  engagementScore: percent,
  lastEngagedAt: isoInstant,
  crmModifiedAt: isoInstant,
  deletedAt: isoInstant,
});
export type MirrorContact = z.infer<typeof mirrorContactSchema>;

export const OPPORTUNITY_TYPES = ['new_business', 'renewal', 'expansion', 'unknown'] as const;

export const mirrorOpportunitySchema = z.object({
  externalId,
  accountExternalId: reference,
  ownerExternalId: reference,
  productExternalId: reference,
  name: z.string().min(1),
  /** Pillar's stage name; `rawStage` keeps the CRM's own value. */
  stage: z.string().min(1),
  rawStage: z.string().min(1),
  stageOrder: z.number().int().nullish(),
  type: z.enum(OPPORTUNITY_TYPES).nullish(),
  amount: money,
  closeDate: isoDate,
  probability: z.number().min(0).max(1).nullish(),
  /** Pillar's forecast category key; connectors map the native value (forecastCategoryFromSalesforce…). */
  forecastCategory: forecastCategorySchema.nullish(),
  nextStep: text,
  competitor: text,
  isClosed: z.boolean(),
  isWon: z.boolean(),
  closeDatePushes: count,
  engagedAt: isoInstant,
  stageEnteredAt: isoInstant,
  closedAt: isoInstant,
  crmCreatedAt: isoInstant,
  crmModifiedAt: isoInstant,
  deletedAt: isoInstant,
});
export type MirrorOpportunity = z.infer<typeof mirrorOpportunitySchema>;

export const mirrorOpportunityContactSchema = z.object({
  externalId,
  opportunityExternalId: externalId,
  contactExternalId: externalId,
  role: text,
  isPrimary: z.boolean().nullish(),
});
export type MirrorOpportunityContact = z.infer<typeof mirrorOpportunityContactSchema>;

export const mirrorStageChangeSchema = z.object({
  externalId,
  opportunityExternalId: externalId,
  fromStage: text,
  toStage: z.string().min(1),
  amount: money,
  closeDate: isoDate,
  changedAt: z.iso.datetime({ offset: true }),
});
export type MirrorStageChange = z.infer<typeof mirrorStageChangeSchema>;

export const RENEWAL_DISPOSITIONS = ['NOT_YET_DUE', 'APPROACHING', 'URGENT', 'SAVE_IN_PROGRESS', 'RESOLVED', 'RENEWED', 'CHURNED'] as const;

export const mirrorRenewalSchema = z.object({
  externalId,
  accountExternalId: externalId,
  opportunityExternalId: reference,
  renewalDate: z.iso.date(),
  arr: z.number().finite(),
  disposition: z.enum(RENEWAL_DISPOSITIONS).nullish(),
  contractingStartedAt: isoInstant,
});
export type MirrorRenewal = z.infer<typeof mirrorRenewalSchema>;

export const ACTIVITY_TYPES = ['email', 'meeting', 'call', 'note', 'task'] as const;
export const ACTIVITY_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;

export const mirrorActivitySchema = z.object({
  externalId,
  accountExternalId: reference,
  contactExternalId: reference,
  opportunityExternalId: reference,
  ownerExternalId: reference,
  type: z.enum(ACTIVITY_TYPES),
  direction: z.enum(ACTIVITY_DIRECTIONS).nullish(),
  occurredAt: z.iso.datetime({ offset: true }),
  subject: text,
});
export type MirrorActivity = z.infer<typeof mirrorActivitySchema>;

export const mirrorLeadSchema = z.object({
  externalId,
  accountExternalId: reference,
  name: text,
  email: text,
  company: text,
  status: text,
  mqlAt: isoInstant,
});
export type MirrorLead = z.infer<typeof mirrorLeadSchema>;

/** Every mirror table with its row type, in the order references allow loading them. */
export interface MirrorRowsByTable {
  users: MirrorUser;
  products: MirrorProduct;
  accounts: MirrorAccount;
  contacts: MirrorContact;
  leads: MirrorLead;
  opportunities: MirrorOpportunity;
  opportunity_contacts: MirrorOpportunityContact;
  stage_history: MirrorStageChange;
  renewals: MirrorRenewal;
  activities: MirrorActivity;
}
export type MirrorTable = keyof MirrorRowsByTable;

export const MIRROR_TABLES = [
  'users',
  'products',
  'accounts',
  'contacts',
  'leads',
  'opportunities',
  'opportunity_contacts',
  'stage_history',
  'renewals',
  'activities',
] as const satisfies readonly MirrorTable[];

export const mirrorRowSchemas = {
  users: mirrorUserSchema,
  products: mirrorProductSchema,
  accounts: mirrorAccountSchema,
  contacts: mirrorContactSchema,
  leads: mirrorLeadSchema,
  opportunities: mirrorOpportunitySchema,
  opportunity_contacts: mirrorOpportunityContactSchema,
  stage_history: mirrorStageChangeSchema,
  renewals: mirrorRenewalSchema,
  activities: mirrorActivitySchema,
} as const satisfies { [T in MirrorTable]: z.ZodType<MirrorRowsByTable[T]> };

/** A batch of rows of one table: what connectors and the demo generator hand to the mirror. */
export type MirrorBatch = { [T in MirrorTable]: { table: T; rows: MirrorRowsByTable[T][] } }[MirrorTable];
