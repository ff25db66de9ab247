import { describe, expect, it } from 'vitest';
import { pillarCatalogFields } from '../catalog-fields';
import { checksumSuffix, isWellFormedId, makeId } from '../ids';
import { OrgWriteError, SalesforceOrg } from '../org';
import { SchemaError } from '../schema';
import { seedOrg } from '../seed';

function clockedOrg(start = Date.parse('2024-05-01T09:00:00.000Z')) {
  const clock = { t: start };
  const org = new SalesforceOrg({ now: () => clock.t });
  for (const { object, ...spec } of pillarCatalogFields()) org.schema.defineCustomField(object, spec);
  return { org, clock };
}

function writeErrors(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof OrgWriteError) return e.errors.map((x) => x.statusCode);
    throw e;
  }
  return [];
}

describe('record ids', () => {
  it('are 18 characters with the key prefix and a checksum, and sort in creation order', () => {
    const a = makeId('001', 61);
    const b = makeId('001', 62);
    expect(a).toHaveLength(18);
    expect(a.startsWith('001')).toBe(true);
    expect(isWellFormedId(a)).toBe(true);
    expect(isWellFormedId(a.slice(0, 15))).toBe(true);
    expect(isWellFormedId(`${a.slice(0, 15)}AAA`)).toBe(checksumSuffix(a.slice(0, 15)) === 'AAA');
    expect(a < b).toBe(true);
  });

  it('computes the documented case-safe suffix', () => {
    // Salesforce's published example: 001A0000006Vm9r → 001A0000006Vm9rIAC
    expect(checksumSuffix('001A0000006Vm9r')).toBe('IAC');
  });
});

describe('Opportunity automation', () => {
  it('takes probability, forecast category and closed/won flags from the stage unless given', () => {
    const { org } = clockedOrg();
    const id = org.create('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2024-06-30', Amount: 1000 });
    expect(org.get(id)).toMatchObject({ Probability: 10, ForecastCategoryName: 'Pipeline', ForecastCategory: 'Pipeline', IsClosed: false, IsWon: false, ExpectedRevenue: 100, PushCount: 0 });
    org.update(id, { StageName: 'Negotiation/Review', ForecastCategoryName: 'Commit' });
    expect(org.get(id)).toMatchObject({ Probability: 90, ForecastCategoryName: 'Commit', ForecastCategory: 'Forecast' });
    org.update(id, { StageName: 'Closed Won' });
    expect(org.get(id)).toMatchObject({ Probability: 100, ForecastCategoryName: 'Closed', IsClosed: true, IsWon: true });
    org.update(id, { StageName: 'Closed Lost', Probability: 5 });
    expect(org.get(id)).toMatchObject({ Probability: 5, ForecastCategoryName: 'Omitted', IsClosed: true, IsWon: false });
  });

  it('accepts a stage outside the standard picklist as an open deal', () => {
    const { org } = clockedOrg();
    const id = org.create('Opportunity', { Name: 'D', StageName: 'Legal Review', CloseDate: '2024-06-30' });
    expect(org.get(id)).toMatchObject({ StageName: 'Legal Review', IsClosed: false, IsWon: false, ForecastCategoryName: 'Pipeline' });
  });

  it('writes an OpportunityHistory row on create and when stage, amount or close date change', () => {
    const { org, clock } = clockedOrg();
    const id = org.create('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2024-06-30', Amount: 1000 });
    clock.t += 1000;
    org.update(id, { NextStep: 'call' });
    clock.t += 1000;
    org.update(id, { Amount: 2000 });
    clock.t += 1000;
    org.update(id, { StageName: 'Qualification' });
    const history = org.records('OpportunityHistory').filter((h) => h.OpportunityId === id);
    expect(history.map((h) => [h.StageName, h.Amount, h.PrevAmount])).toEqual([
      ['Prospecting', 1000, null],
      ['Prospecting', 2000, 1000],
      ['Qualification', 2000, 2000],
    ]);
    expect(history.map((h) => h.CreatedDate)).toEqual(['2024-05-01T09:00:00.000+0000', '2024-05-01T09:00:02.000+0000', '2024-05-01T09:00:03.000+0000']);
    expect(org.get(id)?.LastStageChangeDate).toBe('2024-05-01T09:00:03.000+0000');
  });

  it('counts a push only when the close date moves into a later month', () => {
    const { org } = clockedOrg();
    const id = org.create('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2024-06-10' });
    org.update(id, { CloseDate: '2024-06-28' });
    org.update(id, { CloseDate: '2024-07-02' });
    org.update(id, { CloseDate: '2024-05-15' });
    org.update(id, { CloseDate: '2024-09-01' });
    expect(org.get(id)?.PushCount).toBe(2);
  });
});

describe('activity and contact automation', () => {
  it('derives Task AccountId from the related opportunity and stamps completion', () => {
    const { org, clock } = clockedOrg();
    const acc = org.create('Account', { Name: 'A' });
    const opp = org.create('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2024-06-30', AccountId: acc });
    const task = org.create('Task', { Subject: 'Call', WhatId: opp });
    expect(org.get(task)).toMatchObject({ AccountId: acc, Status: 'Not Started', IsClosed: false, CompletedDateTime: null, TaskSubtype: 'Task', Priority: 'Normal' });
    clock.t += 5000;
    org.update(task, { Status: 'Completed' });
    expect(org.get(task)).toMatchObject({ IsClosed: true, CompletedDateTime: '2024-05-01T09:00:05.000+0000' });
  });

  it('derives Event end time, activity date and account from the contact', () => {
    const { org } = clockedOrg();
    const acc = org.create('Account', { Name: 'A' });
    const contact = org.create('Contact', { LastName: 'Lovelace', FirstName: 'Ada', AccountId: acc });
    expect(org.get(contact)?.Name).toBe('Ada Lovelace');
    const ev = org.create('Event', { Subject: 'Demo', StartDateTime: '2024-05-02T15:30:00.000Z', DurationInMinutes: 45, WhoId: contact });
    expect(org.get(ev)).toMatchObject({ EndDateTime: '2024-05-02T16:15:00.000+0000', ActivityDate: '2024-05-02', AccountId: acc });
  });

  it('moves an account and everything hanging off it to the recycle bin together', () => {
    const { org } = clockedOrg();
    const acc = org.create('Account', { Name: 'A' });
    const contact = org.create('Contact', { LastName: 'C', AccountId: acc });
    const opp = org.create('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2024-06-30', AccountId: acc });
    const role = org.create('OpportunityContactRole', { OpportunityId: opp, ContactId: contact, Role: 'Economic Buyer' });
    const task = org.create('Task', { Subject: 'x', WhatId: opp });
    org.delete(acc);
    expect([acc, contact, opp, role, task].map((id) => org.get(id)?.IsDeleted)).toEqual([true, true, true, true, true]);
    expect(org.count('Account')).toBe(0);
    expect(org.count('Account', { includeDeleted: true })).toBe(1);
    org.undelete(acc);
    expect(org.get(acc)?.IsDeleted).toBe(false);
    org.purge(task);
    expect(org.get(task)).toBeUndefined();
  });
});

describe('write validation', () => {
  it('rejects bad values with Salesforce status codes', () => {
    const { org } = clockedOrg();
    const acc = org.create('Account', { Name: 'A' });
    expect(writeErrors(() => org.create('Account', { Name: 'x'.repeat(256) }))).toEqual(['STRING_TOO_LONG']);
    expect(writeErrors(() => org.create('Account', { Website: 'a.com' }))).toEqual(['REQUIRED_FIELD_MISSING']);
    expect(writeErrors(() => org.create('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2024-02-30' }))).toEqual(['INVALID_TYPE_ON_FIELD_IN_RECORD']);
    expect(writeErrors(() => org.update(acc, { NumberOfEmployees: 'many' }))).toEqual(['INVALID_TYPE_ON_FIELD_IN_RECORD']);
    expect(writeErrors(() => org.update(acc, { Nope__c: 1 }))).toEqual(['INVALID_FIELD']);
    expect(writeErrors(() => org.update(acc, { CreatedDate: '2020-01-01T00:00:00Z' }))).toEqual(['INVALID_FIELD_FOR_INSERT_UPDATE']);
    expect(writeErrors(() => org.update(acc, { ParentId: 'garbage' }))).toEqual(['MALFORMED_ID']);
    expect(writeErrors(() => org.update(acc, { ParentId: makeId('001', 999_999) }))).toEqual(['INVALID_CROSS_REFERENCE_KEY']);
    expect(writeErrors(() => org.update(acc, { Pillar_Health_Band__c: 'Great' }))).toEqual(['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);
    expect(writeErrors(() => org.update(acc, { Pillar_Health_Score__c: 100000 }))).toEqual(['NUMBER_OUTSIDE_VALID_RANGE']);
    expect(writeErrors(() => org.create('Contact', { LastName: 'x', Email: 'not-an-email' }))).toEqual(['INVALID_EMAIL_ADDRESS']);
    org.delete(acc);
    expect(writeErrors(() => org.update(acc, { Name: 'again' }))).toEqual(['ENTITY_IS_DELETED']);
  });

  it('never lets SystemModstamp go backwards, even when the clock does', () => {
    const { org, clock } = clockedOrg();
    const acc = org.create('Account', { Name: 'A' });
    clock.t -= 60_000;
    org.update(acc, { Name: 'B' });
    expect(org.get(acc)?.SystemModstamp).toBe('2024-05-01T09:00:00.000+0000');
  });

  it('logs API writes apart from test-helper writes', () => {
    const { org } = clockedOrg();
    const acc = org.create('Account', { Name: 'A' });
    const planned = org.planUpdate('Account', acc, { Name: 'B' });
    if (!planned.ok) throw new Error('plan failed');
    org.commit(planned.plan, { via: 'composite' });
    expect(org.apiWrites()).toEqual([expect.objectContaining({ via: 'composite', op: 'update', type: 'Account', id: acc, fields: { Name: 'B' } })]);
    expect(org.apiWrites({ includeHelpers: true })).toHaveLength(2);
  });
});

describe('custom fields', () => {
  it('are declared once per org, re-declared as no-ops and refused on a type clash or a bad name', () => {
    const { org } = clockedOrg();
    const def = org.schema.defineCustomField('Account', { name: 'Pillar_Tier__c', type: 'picklist', picklistValues: ['Gold', 'Silver'] });
    expect(org.schema.defineCustomField('Account', { name: 'pillar_tier__c', type: 'picklist' })).toBe(def);
    expect(() => org.schema.defineCustomField('Account', { name: 'Pillar_Tier__c', type: 'double' })).toThrow(SchemaError);
    expect(() => org.schema.defineCustomField('Account', { name: 'NoSuffix', type: 'double' })).toThrow(SchemaError);
    expect(() => org.schema.defineCustomField('Account', { name: 'Long__c', type: 'string', length: 300 })).toThrow(SchemaError);
    const acc = org.create('Account', { Name: 'A', Pillar_Tier__c: 'Gold' });
    expect(org.get(acc)?.Pillar_Tier__c).toBe('Gold');
    expect(new SalesforceOrg().schema.field('Account', 'Pillar_Tier__c')).toBeUndefined();
  });
});

describe('seeding', () => {
  it('builds the same org from the same seed, with contact roles, history and activities linked up', () => {
    const build = () => {
      const { org } = clockedOrg();
      const ids = seedOrg(org, { accounts: 20, contactsPerAccount: 3, opportunities: 40, tasks: 100, events: 10, seed: 3 });
      return { org, ids };
    };
    const a = build();
    const b = build();
    expect(a.org.records('Account').map((r) => r.Name)).toEqual(b.org.records('Account').map((r) => r.Name));
    expect(a.ids.accountIds).toHaveLength(20);
    expect(a.ids.contactIds).toHaveLength(60);
    expect(a.ids.contactRoleIds).toHaveLength(80);
    expect(a.org.count('OpportunityHistory')).toBe(40);
    const tasks = a.org.records('Task');
    expect(tasks.filter((t) => t.AccountId !== null).length).toBe(100);
    const stamps = a.org.records('Account').map((r) => Date.parse(String(r.SystemModstamp).replace('+0000', 'Z')));
    expect(Math.max(...stamps)).toBeLessThan(Date.parse('2024-05-01T09:00:00.000Z'));
  });
});
