import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE_MAP } from '../../map-opportunity';
import { mapOptionsFromOverrides } from '../field-mappings';

const row = (object: string, pillarField: string, crmField: string, transform: unknown = { kind: 'direct' }) => ({ object, pillarField, crmField, transform });

describe('mapOptionsFromOverrides', () => {
  it('keeps the defaults without overrides', () => {
    const { options, problems } = mapOptionsFromOverrides([]);
    expect(problems).toEqual([]);
    expect(options.account.fields).toEqual({});
    expect(options.opportunity.stageMap).toEqual(DEFAULT_STAGE_MAP);
  });

  it('points Pillar fields at the tenant’s fields and merges picklist maps over the defaults', () => {
    const { options, problems } = mapOptionsFromOverrides([
      row('Account', 'arr', 'ARR__c'),
      row('Account', 'domain', ''),
      row('Opportunity', 'stage', 'StageName', { kind: 'picklist', map: { 'Discovery Call': 'qualify' } }),
      row('Opportunity', 'competitor', 'Primary_Competitor__r.Name'),
      row('OpportunityContactRole', 'role', 'Role', { kind: 'picklist', map: { Coach: 'champion' } }),
    ]);
    expect(problems).toEqual([]);
    expect(options.account.fields).toEqual({ arr: 'ARR__c', domain: null });
    expect(options.opportunity.stageMap).toEqual({ ...DEFAULT_STAGE_MAP, 'Discovery Call': 'qualify' });
    expect(options.opportunity.fields).toEqual({ stage: 'StageName', competitor: 'Primary_Competitor__r.Name' });
    expect(options.contactRole.buyingRoleMap?.Coach).toBe('champion');
  });

  it('refuses rows it cannot trust, each with its reason, and keeps the default for them', () => {
    const { options, problems } = mapOptionsFromOverrides([
      row('Lead', 'name', 'Name'),
      row('Account', 'vibe', 'Vibe__c'),
      row('Account', 'name', 'Name FROM User WHERE Id != null'),
      row('OpportunityContactRole', 'role', 'Title__c'),
      row('Opportunity', 'stage', 'StageName', { kind: 'picklist', map: { Prospecting: 'won' } }),
      row('Account', 'country', 'BillingCountry', { kind: 'picklist', map: { US: 'United States' } }),
      row('Account', 'industry', 'Industry', { kind: 'lookup' }),
    ]);
    expect(problems.map((p) => `${p.object}.${p.pillarField}`)).toEqual([
      'Lead.name',
      'Account.vibe',
      'Account.name',
      'OpportunityContactRole.role',
      'Opportunity.stage',
      'Account.country',
      'Account.industry',
    ]);
    expect(problems[2]!.reason).toMatch(/not a Salesforce field api name/);
    expect(problems[4]!.reason).toMatch(/"Prospecting" → "won" are not Pillar values/);
    expect(options.account.fields).toEqual({});
    expect(options.opportunity.stageMap).toEqual(DEFAULT_STAGE_MAP);
  });
});
