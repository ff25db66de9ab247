import { describe, expect, it } from 'vitest';
import { mirrorAccountSchema } from '../../mirror/rows';
import { sourceHash } from '../../mirror/source-hash';
import accounts from '../fixtures/accounts.json';
import { accountSoqlFields, domainFromWebsite, mapAccount } from '../map-account';

const byName = (name: string | null) => accounts.find((a) => a.Name === name) as unknown;
const ok = (input: unknown, options?: Parameters<typeof mapAccount>[1]) => {
  const r = mapAccount(input, options);
  if (!r.ok) throw new Error(`expected a row: ${r.reason.message}`);
  return r;
};

describe('mapAccount', () => {
  it('maps a recorded account into a valid mirror row with its watermark and last modifier', () => {
    const input = accounts[1] as unknown as Record<string, unknown>;
    const r = ok(input);
    expect(mirrorAccountSchema.parse(r.row)).toEqual(r.row);
    expect(r.row).toMatchObject({
      externalId: input.Id,
      name: input.Name,
      domain: String(input.Website).replace('https://www.', ''),
      industry: input.Industry,
      employees: input.NumberOfEmployees,
      annualRevenue: input.AnnualRevenue,
      country: 'United States',
      parentName: (input.Parent as { Name: string }).Name,
      status: 'prospect',
      ownerExternalId: input.OwnerId,
      deletedAt: null,
    });
    expect(r.meta).toMatchObject({ sobject: 'Account', isDeleted: false, notes: [], lastModifiedByExternalId: input.LastModifiedById });
    expect(r.meta.sourceModstamp).toBe(new Date(Date.parse(String(input.SystemModstamp).replace('+0000', 'Z'))).toISOString());
    expect(r.meta.sourceHash).toBe(sourceHash(r.row));
  });

  it('derives the segment from employees unless a segment field is mapped', () => {
    const seg = (employees: number | null) => ok({ ...(accounts[0] as object), NumberOfEmployees: employees }).row.segment;
    expect([seg(5), seg(99), seg(100), seg(999), seg(1000), seg(null)]).toEqual(['smb', 'smb', 'mid_market', 'mid_market', 'enterprise', null]);
    const mapped = ok({ ...(accounts[0] as object), Segment__c: 'Mid-Market' }, { fields: { segment: 'Segment__c' } });
    expect(mapped.row.segment).toBe('mid_market');
    const unknown = ok({ ...(accounts[0] as object), Segment__c: 'Strategic' }, { fields: { segment: 'Segment__c' } });
    expect(unknown.row.segment).toBeNull();
    expect(unknown.meta.notes).toEqual([expect.objectContaining({ code: 'UNKNOWN_PICKLIST', field: 'Segment__c' })]);
  });

  it('reads ARR from a tenant-mapped custom field and adds it to the SELECT list', () => {
    const r = ok({ ...(accounts[0] as object), ARR__c: 125000 }, { fields: { arr: 'ARR__c' } });
    expect(r.row.arr).toBe(125000);
    expect(accountSoqlFields({ fields: { arr: 'ARR__c' } })).toContain('ARR__c');
    expect(accountSoqlFields()).toEqual(['Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById', 'Name', 'Website', 'Industry', 'NumberOfEmployees', 'AnnualRevenue', 'BillingCountry', 'Parent.Name', 'Type', 'OwnerId']);
  });

  it('keeps nulls as "the CRM does not say"', () => {
    const r = ok(byName('Nulls Everywhere'));
    expect(r.row).toMatchObject({ domain: null, industry: null, employees: null, annualRevenue: null, segment: null, status: null, ownerExternalId: null, parentName: null });
    expect(r.meta.notes).toEqual([]);
  });

  it('truncates a 300-character name, notes an unparseable website, an unknown type and a negative head count', () => {
    const input = accounts.find((a) => (a.Name?.length ?? 0) === 300);
    const r = ok(input);
    expect(r.row.name).toHaveLength(255);
    expect(r.row.domain).toBeNull();
    expect(r.row.status).toBe('former customer');
    expect(r.row.employees).toBeNull();
    expect(r.meta.notes.map((n) => [n.code, n.field])).toEqual([
      ['TRUNCATED', 'Name'],
      ['UNPARSEABLE_DOMAIN', 'Website'],
      ['OUT_OF_RANGE', 'NumberOfEmployees'],
      ['UNKNOWN_PICKLIST', 'Type'],
    ]);
  });

  it('flags a deleted account with its deletion time', () => {
    const r = ok(byName('Gone Co'));
    expect(r.meta.isDeleted).toBe(true);
    expect(r.row.deletedAt).toBe('2024-04-20T08:00:00.000Z');
  });

  it('rejects malformed timestamps, numbers, ids and a missing name with a reason', () => {
    const reason = (input: unknown) => {
      const r = mapAccount(input);
      if (r.ok) throw new Error('expected a rejection');
      return r.reason;
    };
    expect(reason(byName('Bad Stamp'))).toMatchObject({ code: 'MALFORMED_DATE', field: 'SystemModstamp', externalId: expect.stringMatching(/^001/) });
    expect(reason(byName('Rich Inc'))).toMatchObject({ code: 'MALFORMED_NUMBER', field: 'AnnualRevenue' });
    expect(reason(accounts.find((a) => a.Name === null))).toMatchObject({ code: 'MISSING_REQUIRED', field: 'Name' });
    expect(reason(accounts.find((a) => a.Id === 'not-an-id'))).toMatchObject({ code: 'MALFORMED_RECORD', field: 'Id', externalId: 'not-an-id' });
    expect(reason({ ...(accounts[0] as object), OwnerId: 'nobody' })).toMatchObject({ code: 'MALFORMED_ID', field: 'OwnerId' });
    expect(reason(null)).toMatchObject({ code: 'MALFORMED_RECORD', externalId: null });
    expect(reason('Acme')).toMatchObject({ code: 'MALFORMED_RECORD' });
  });

  it('hashes the same row the same whatever the key order and whoever wrote last', () => {
    const input = accounts[0] as unknown as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(input).reverse());
    const touched = { ...input, LastModifiedById: '005Dn0000000001IAA', SystemModstamp: '2024-06-01T00:00:00.000+0000', Pillar_Health_Score__c: 91 };
    expect(ok(reversed).meta.sourceHash).toBe(ok(input).meta.sourceHash);
    expect(ok(touched).meta.sourceHash).toBe(ok(input).meta.sourceHash);
    expect(ok({ ...input, Industry: 'Retail' }).meta.sourceHash).not.toBe(ok(input).meta.sourceHash);
  });
});

describe('domainFromWebsite', () => {
  it.each([
    ['https://www.Acme.com/about', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['http://www2.example.org.', 'example.org'],
    ['HTTPS://sub.Example.io:8443/x?y', 'sub.example.io'],
    ['not a website', null],
    ['localhost', null],
  ])('%s → %s', (website, domain) => {
    expect(domainFromWebsite(website)).toBe(domain);
  });
});
