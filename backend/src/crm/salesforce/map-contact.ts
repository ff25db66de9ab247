// Salesforce Contact → mirror contact, and OpportunityContactRole → mirror opportunity contact with the role
// mapped to Pillar's buying-role vocabulary (the contact's own buying role is derived later from its roles).
import type { MirrorContact, MirrorOpportunityContact } from '../mirror/rows';
import { mapRecord, resolveSources, soqlFields, type FieldSources } from './map-fields';
import type { BuyingRole, MapResult, SalesforceMappedContact, SalesforceMappedOpportunityContact } from './types';

export type ContactField = 'accountExternalId' | 'firstName' | 'lastName' | 'email' | 'title';

export const DEFAULT_CONTACT_SOURCES: FieldSources<ContactField> = {
  accountExternalId: 'AccountId',
  firstName: 'FirstName',
  lastName: 'LastName',
  email: 'Email',
  title: 'Title',
};

export interface ContactMapOptions {
  fields?: Partial<Record<ContactField, string | null>>;
}

export const CONTACT_BOOKKEEPING = ['Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById'] as const;

export function contactSoqlFields(options: ContactMapOptions = {}): string[] {
  return soqlFields(CONTACT_BOOKKEEPING, resolveSources(DEFAULT_CONTACT_SOURCES, options.fields));
}

export function mapContact(input: unknown, options: ContactMapOptions = {}): MapResult<SalesforceMappedContact> {
  const src = resolveSources(DEFAULT_CONTACT_SOURCES, options.fields);
  return mapRecord(input, 'Contact', (r) => {
    const first = src.firstName ? r.text(src.firstName) : null;
    const last = src.lastName ? r.text(src.lastName) : null;
    const email = src.email ? r.text(src.email) : null;
    const name = [first, last].filter(Boolean).join(' ') || email;
    if (!name) r.requiredText(src.lastName ?? 'LastName');
    if ((name as string).length > 255) r.note('TRUNCATED', 'Name', `name had ${(name as string).length} characters; kept the first 255`);
    const deleted = r.boolean('IsDeleted') ?? false;
    const row: MirrorContact = {
      externalId: r.record.Id,
      accountExternalId: src.accountExternalId ? r.id(src.accountExternalId) : null,
      name: (name as string).slice(0, 255),
      email,
      title: src.title ? r.text(src.title) : null,
      deletedAt: deleted ? r.requiredInstant('SystemModstamp') : null,
    };
    return { row };
  });
}

/** Standard OpportunityContactRole.Role values (plus common custom ones) → Pillar buying role. */
export const DEFAULT_BUYING_ROLE_MAP: Readonly<Record<string, BuyingRole>> = {
  'Business User': 'end_user',
  'Decision Maker': 'economic_buyer',
  'Economic Buyer': 'economic_buyer',
  'Economic Decision Maker': 'economic_buyer',
  Evaluator: 'technical_buyer',
  'Executive Sponsor': 'exec_sponsor',
  Influencer: 'influencer',
  'Technical Buyer': 'technical_buyer',
  Champion: 'champion',
  Blocker: 'blocker',
  Detractor: 'blocker',
  'End User': 'end_user',
  Other: 'unknown',
};

export interface ContactRoleMapOptions {
  buyingRoleMap?: Readonly<Record<string, BuyingRole>>;
}

export const CONTACT_ROLE_FIELDS = ['Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary'] as const;

/** `role` holds the Pillar buying role; an unmapped Salesforce role becomes `unknown` with a note. */
export function mapOpportunityContactRole(input: unknown, options: ContactRoleMapOptions = {}): MapResult<SalesforceMappedOpportunityContact> {
  return mapRecord(input, 'OpportunityContactRole', (r) => {
    const role = r.picklist<BuyingRole>('Role', options.buyingRoleMap ?? DEFAULT_BUYING_ROLE_MAP, 'unknown');
    const opportunityId = r.id('OpportunityId');
    const contactId = r.id('ContactId');
    if (!opportunityId) r.requiredText('OpportunityId');
    if (!contactId) r.requiredText('ContactId');
    const row: MirrorOpportunityContact = {
      externalId: r.record.Id,
      opportunityExternalId: opportunityId as string,
      contactExternalId: contactId as string,
      role: role.raw === null ? null : role.value,
      isPrimary: r.boolean('IsPrimary'),
    };
    return { row };
  });
}
