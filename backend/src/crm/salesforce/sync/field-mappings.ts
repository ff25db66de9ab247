// crm_field_mappings rows (a tenant's overrides) → the options of the Salesforce mappers. Pure. Each row is
// checked at the door: an unknown Pillar field, a field name that is not a Salesforce api name or relationship
// path, or a picklist map into values Pillar does not know is refused with a reason (logged by the sync) and
// the default stays in force.
import { z } from 'zod';
import { STAGE_PHASES } from '../../../engine/features/stages';
import { BUYING_ROLES, OPPORTUNITY_TYPES } from '../../mirror/rows';
import { DEFAULT_ACCOUNT_SOURCES, DEFAULT_ACCOUNT_STATUS_MAP, DEFAULT_SEGMENT_MAP, type AccountField, type AccountMapOptions, type Segment } from '../map-account';
import { DEFAULT_BUYING_ROLE_MAP, DEFAULT_CONTACT_SOURCES, type ContactField, type ContactMapOptions, type ContactRoleMapOptions } from '../map-contact';
import { DEFAULT_OPPORTUNITY_SOURCES, DEFAULT_OPPORTUNITY_TYPE_MAP, DEFAULT_STAGE_MAP, type OpportunityField, type OpportunityMapOptions } from '../map-opportunity';

export interface SalesforceMapOptions {
  account: AccountMapOptions;
  contact: ContactMapOptions;
  opportunity: OpportunityMapOptions;
  contactRole: ContactRoleMapOptions;
}

export interface MappingProblem {
  object: string;
  pillarField: string;
  crmField: string;
  reason: string;
}

/** An api name (`Segment__c`) or a relationship path (`Parent.Name`); nothing that could change the SOQL around it. */
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]{0,79}(?:\.[A-Za-z][A-Za-z0-9_]{0,79}){0,4}$/;

const transformSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('direct') }),
  z.object({ kind: z.literal('picklist'), map: z.record(z.string().min(1), z.string().min(1)) }),
]);

const SEGMENTS = ['enterprise', 'mid_market', 'smb'] as const satisfies readonly Segment[];

/** Which picklist maps exist, and the values each may map to. */
const PICKLISTS: Record<string, { values: readonly string[] | null }> = {
  'Account.segment': { values: SEGMENTS },
  'Account.status': { values: null },
  'Opportunity.stage': { values: STAGE_PHASES },
  'Opportunity.type': { values: OPPORTUNITY_TYPES },
  'OpportunityContactRole.role': { values: BUYING_ROLES },
};

const FIELDS: Record<string, readonly string[]> = {
  Account: Object.keys(DEFAULT_ACCOUNT_SOURCES),
  Contact: Object.keys(DEFAULT_CONTACT_SOURCES),
  Opportunity: Object.keys(DEFAULT_OPPORTUNITY_SOURCES),
  OpportunityContactRole: ['role'],
};

export interface FieldMappingInput {
  object: string;
  pillarField: string;
  crmField: string;
  transform: unknown;
}

export function mapOptionsFromOverrides(rows: readonly FieldMappingInput[]): { options: SalesforceMapOptions; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const accountFields: Partial<Record<AccountField, string | null>> = {};
  const contactFields: Partial<Record<ContactField, string | null>> = {};
  const opportunityFields: Partial<Record<OpportunityField, string | null>> = {};
  const picklists = new Map<string, Record<string, string>>();

  for (const row of rows) {
    const refuse = (reason: string) => problems.push({ object: row.object, pillarField: row.pillarField, crmField: row.crmField, reason });
    const known = FIELDS[row.object];
    if (!known) {
      refuse(`unknown object ${row.object}; mappings apply to ${Object.keys(FIELDS).join(', ')}`);
      continue;
    }
    if (!known.includes(row.pillarField)) {
      refuse(`${row.object} has no Pillar field ${row.pillarField}; known: ${known.join(', ')}`);
      continue;
    }
    const crmField = row.crmField.trim();
    if (crmField !== '' && !FIELD_PATH.test(crmField)) {
      refuse(`"${row.crmField}" is not a Salesforce field api name or relationship path`);
      continue;
    }
    if (row.object === 'OpportunityContactRole' && crmField !== 'Role') {
      refuse('the contact role comes from OpportunityContactRole.Role; only its picklist map can be changed');
      continue;
    }
    const transform = transformSchema.safeParse(row.transform ?? { kind: 'direct' });
    if (!transform.success) {
      refuse(`transform is not {kind:'direct'} or {kind:'picklist', map}: ${transform.error.issues[0]?.message ?? 'invalid'}`);
      continue;
    }
    const key = `${row.object}.${row.pillarField}`;
    if (transform.data.kind === 'picklist') {
      const spec = PICKLISTS[key];
      if (!spec) {
        refuse(`picklist maps apply to ${Object.keys(PICKLISTS).join(', ')}`);
        continue;
      }
      const allowed = spec.values;
      const bad = allowed ? Object.entries(transform.data.map).filter(([, v]) => !allowed.includes(v)) : [];
      if (bad.length) {
        refuse(`picklist values ${bad.map(([k, v]) => `"${k}" → "${v}"`).join(', ')} are not Pillar values (${(allowed ?? []).join(', ')})`);
        continue;
      }
      picklists.set(key, transform.data.map);
    }
    const source = crmField === '' ? null : crmField;
    if (row.object === 'Account') accountFields[row.pillarField as AccountField] = source;
    else if (row.object === 'Contact') contactFields[row.pillarField as ContactField] = source;
    else if (row.object === 'Opportunity') opportunityFields[row.pillarField as OpportunityField] = source;
  }

  const merged = <T>(defaults: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> => ({ ...defaults, ...((picklists.get(key) ?? {}) as Record<string, T>) });
  return {
    options: {
      account: {
        fields: accountFields,
        segmentMap: merged(DEFAULT_SEGMENT_MAP, 'Account.segment'),
        statusMap: merged(DEFAULT_ACCOUNT_STATUS_MAP, 'Account.status'),
      },
      contact: { fields: contactFields },
      opportunity: {
        fields: opportunityFields,
        stageMap: merged(DEFAULT_STAGE_MAP, 'Opportunity.stage'),
        typeMap: merged(DEFAULT_OPPORTUNITY_TYPE_MAP, 'Opportunity.type'),
      },
      contactRole: { buyingRoleMap: merged(DEFAULT_BUYING_ROLE_MAP, 'OpportunityContactRole.role') },
    },
    problems,
  };
}
