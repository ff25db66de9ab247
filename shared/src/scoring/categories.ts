import { z } from 'zod';
import { CATEGORY_KEYS, categoryKeySchema } from '../contracts/cards';

/**
 * The eight scoring categories of account health, in display order (the card contract's keys), with
 * their default weights (published PILLAR GTM defaults; they sum to 1).
 */
export const CATEGORIES = CATEGORY_KEYS;
export const CategorySchema = categoryKeySchema;
export type Category = z.infer<typeof CategorySchema>;

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  engagement: 'Engagement',
  fit: 'Fit',
  intent: 'Intent',
  velocity: 'Velocity',
  pipelineHealth: 'Pipeline Health',
  relationship: 'Relationship',
  risk: 'Risk',
  opportunityQuality: 'Opportunity Quality',
};

export const DEFAULT_CATEGORY_WEIGHTS: Readonly<Record<Category, number>> = {
  engagement: 0.15,
  fit: 0.1,
  intent: 0.15,
  velocity: 0.1,
  pipelineHealth: 0.15,
  relationship: 0.1,
  risk: 0.15,
  opportunityQuality: 0.1,
};

/** Rule id prefix and the inclusive id range each category owns (ids are stable and append-only). */
export const CATEGORY_RULE_RANGES: Readonly<Record<Category, { prefix: string; first: number; last: number }>> = {
  engagement: { prefix: 'ENG', first: 1, last: 12 },
  fit: { prefix: 'FIT', first: 1, last: 12 },
  intent: { prefix: 'INT', first: 1, last: 12 },
  velocity: { prefix: 'VEL', first: 1, last: 11 },
  pipelineHealth: { prefix: 'PH', first: 1, last: 16 },
  relationship: { prefix: 'REL', first: 1, last: 11 },
  risk: { prefix: 'RSK', first: 1, last: 12 },
  opportunityQuality: { prefix: 'OQ', first: 1, last: 11 },
};

export const RULE_ID_PATTERN = /^(ENG|FIT|INT|VEL|PH|REL|RSK|OQ)-\d{3}$/;

/** Buying roles a contact can hold (HubSpot/Salesforce contact roles map onto these). */
export const BUYING_ROLES = [
  'champion',
  'economic_buyer',
  'exec_sponsor',
  'technical_buyer',
  'influencer',
  'blocker',
  'end_user',
  'unknown',
] as const;
export const BuyingRoleSchema = z.enum(BUYING_ROLES);
export type BuyingRole = z.infer<typeof BuyingRoleSchema>;
