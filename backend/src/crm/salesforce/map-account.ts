// Salesforce Account → mirror account. Domain comes from Website; segment from a mapped field or, by default,
// from NumberOfEmployees; status from Account Type.
import type { MirrorAccount } from '../mirror/rows';
import { mapRecord, resolveSources, soqlFields, type FieldReader, type FieldSources } from './map-fields';
import type { MapResult, SalesforceMappedAccount } from './types';

export type AccountField = 'name' | 'domain' | 'industry' | 'segment' | 'employees' | 'annualRevenue' | 'arr' | 'country' | 'parentName' | 'status' | 'ownerExternalId';

export const DEFAULT_ACCOUNT_SOURCES: FieldSources<AccountField> = {
  name: 'Name',
  domain: 'Website',
  industry: 'Industry',
  segment: null,
  employees: 'NumberOfEmployees',
  annualRevenue: 'AnnualRevenue',
  arr: null,
  country: 'BillingCountry',
  parentName: 'Parent.Name',
  status: 'Type',
  ownerExternalId: 'OwnerId',
};

export type Segment = 'enterprise' | 'mid_market' | 'smb';

export interface AccountMapOptions {
  /** Per-tenant overrides (crm_field_mappings): which Salesforce field feeds which Pillar field. */
  fields?: Partial<Record<AccountField, string | null>>;
  /** Employee counts where Mid-Market and Enterprise start when segment is derived (default 100 / 1000). */
  segmentThresholds?: { midMarket: number; enterprise: number };
  /** Segment picklist values of a mapped segment field → Pillar segment. */
  segmentMap?: Readonly<Record<string, Segment>>;
  /** Account Type → Pillar account status. */
  statusMap?: Readonly<Record<string, string>>;
}

export const DEFAULT_SEGMENT_MAP: Readonly<Record<string, Segment>> = {
  Enterprise: 'enterprise',
  'Mid-Market': 'mid_market',
  'Mid Market': 'mid_market',
  MidMarket: 'mid_market',
  SMB: 'smb',
  'Small Business': 'smb',
};

export const DEFAULT_ACCOUNT_STATUS_MAP: Readonly<Record<string, string>> = {
  Prospect: 'prospect',
  'Customer - Direct': 'customer',
  'Customer - Channel': 'customer',
  'Channel Partner / Reseller': 'partner',
  'Installation Partner': 'partner',
  'Technology Partner': 'partner',
  Other: 'other',
};

export const ACCOUNT_BOOKKEEPING = ['Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById'] as const;

/** The SELECT list for pulling accounts with these options. */
export function accountSoqlFields(options: AccountMapOptions = {}): string[] {
  return soqlFields(ACCOUNT_BOOKKEEPING, resolveSources(DEFAULT_ACCOUNT_SOURCES, options.fields));
}

/** `https://www.Acme.com/about` → `acme.com`; null when the value is not a host name. */
export function domainFromWebsite(website: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `http://${website}`;
  let host: string;
  try {
    host = new URL(candidate).hostname.toLowerCase();
  } catch {
    return null;
  }
  host = host.replace(/^www\d*\./, '').replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

function segmentFrom(r: FieldReader, source: string | null, employees: number | null, options: AccountMapOptions): Segment | null {
  if (source) return r.picklist<Segment | null>(source, options.segmentMap ?? DEFAULT_SEGMENT_MAP, null).value;
  if (employees === null) return null;
  const { midMarket, enterprise } = options.segmentThresholds ?? { midMarket: 100, enterprise: 1000 };
  return employees >= enterprise ? 'enterprise' : employees >= midMarket ? 'mid_market' : 'smb';
}

export function mapAccount(input: unknown, options: AccountMapOptions = {}): MapResult<SalesforceMappedAccount> {
  const src = resolveSources(DEFAULT_ACCOUNT_SOURCES, options.fields);
  return mapRecord(input, 'Account', (r) => {
    const text = (f: AccountField) => (src[f] ? r.text(src[f]) : null);
    const num = (f: AccountField) => (src[f] ? r.number(src[f]) : null);
    const name = src.name ? r.requiredText(src.name) : r.record.Id;
    const website = text('domain');
    let domain: string | null = null;
    if (website) {
      domain = domainFromWebsite(website);
      if (!domain) r.note('UNPARSEABLE_DOMAIN', src.domain ?? 'Website', `no host name in "${website}"`);
    }
    const employees = src.employees ? r.count(src.employees) : null;
    const rawStatus = src.status ? r.picklist<string | null>(src.status, options.statusMap ?? DEFAULT_ACCOUNT_STATUS_MAP, null) : null;
    const deleted = r.boolean('IsDeleted') ?? false;
    const row: MirrorAccount = {
      externalId: r.record.Id,
      name,
      domain,
      industry: text('industry'),
      segment: segmentFrom(r, src.segment, employees, options),
      employees,
      annualRevenue: num('annualRevenue'),
      arr: num('arr'),
      country: text('country'),
      parentName: text('parentName'),
      status: rawStatus ? (rawStatus.value ?? rawStatus.raw?.toLowerCase() ?? null) : null,
      ownerExternalId: src.ownerExternalId ? r.id(src.ownerExternalId) : null,
      deletedAt: deleted ? r.requiredInstant('SystemModstamp') : null,
    };
    return { row };
  });
}
