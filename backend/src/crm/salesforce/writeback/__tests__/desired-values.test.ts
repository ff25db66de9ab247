import { describe, expect, it } from 'vitest';
import { catalogFields, catalogField } from '@pillar/shared';
import {
  accountFieldValues,
  normaliseForField,
  opportunityFieldValues,
  riskReasonLines,
  topDriverLines,
  type AccountWritebackInput,
  type OpportunityWritebackInput,
} from '../desired-values';

const driver = (reason: string, contribution: number) => ({ name: reason, contribution, reason });
const SCORED_AT = new Date('2026-03-04T05:06:07.089Z');

const account: AccountWritebackInput = {
  externalId: '001000000000001AAA',
  healthScore: 71.26,
  band: 'HEALTHY',
  categoryScores: { engagement: 80, fit: 62.55, intent: null, velocity: 50, pipelineHealth: 40, relationship: 33, risk: 90, opportunityQuality: 10 },
  renewalRisk: null,
  renewalBand: null,
  priorityScore: 12,
  trend30d: -3.04,
  drivers: [driver('a', 1), driver('b', -9), driver('c', 4), driver('d', 0.5), driver('e', -2), driver('f', 3)],
  dataSufficiency: 0.8349,
  scoredAt: SCORED_AT,
  openSignals: 3,
};

const opportunity: OpportunityWritebackInput = {
  externalId: '006000000000001AAA',
  winProbability: 0.3333,
  dealRisk: 64,
  dealRiskBand: 'HIGH',
  forecastCategory: 'UPSIDE',
  hygiene: 20,
  confidence: 55,
  drivers: [driver('No activity for 19 days', 18), driver('Champion engaged', -4), driver('Close date pushed twice', 6)],
  nextAction: { text: 'Book a call' },
  scoredAt: SCORED_AT,
};

describe('desired values', () => {
  it('fills every catalog field of both objects', () => {
    expect(Object.keys(accountFieldValues(account).values).sort()).toEqual(catalogFields('account').map((f) => f.salesforce.apiName).sort());
    expect(Object.keys(opportunityFieldValues(opportunity).values).sort()).toEqual(catalogFields('opportunity').map((f) => f.salesforce.apiName).sort());
  });

  it('rounds to each field’s scale and turns shares into percent', () => {
    const { values, companions } = accountFieldValues(account);
    expect(values.Pillar_Health_Score__c).toBe(71.3);
    expect(values.Pillar_Fit_Score__c).toBe(62.6);
    expect(values.Pillar_Intent_Score__c).toBeNull();
    expect(values.Pillar_Health_Trend_30d__c).toBe(-3);
    expect(values.Pillar_Data_Sufficiency__c).toBe(83.5);
    expect(values.Pillar_Open_Signals__c).toBe(3);
    expect(values.Pillar_Scored_At__c).toBe('2026-03-04T05:06:07.089Z');
    expect([...companions]).toEqual(['Pillar_Scored_At__c']);
    expect(opportunityFieldValues(opportunity).values.Pillar_Win_Probability__c).toBe(33.3);
  });

  it('writes the top five drivers by impact, one per line, and the risk reasons that add risk', () => {
    expect(topDriverLines(account.drivers)).toBe('b (\u22129.0)\nc (+4.0)\nf (+3.0)\ne (\u22122.0)\na (+1.0)');
    expect(riskReasonLines(opportunity.drivers)).toBe('No activity for 19 days\nClose date pushed twice');
    expect(topDriverLines([])).toBeNull();
  });

  it('prefixes api names with the package namespace', () => {
    expect(Object.keys(opportunityFieldValues(opportunity, 'pillar').values).every((k) => k.startsWith('pillar__Pillar_'))).toBe(true);
  });
});

describe('normaliseForField', () => {
  it('clamps numbers to what the field can hold and refuses non-numbers', () => {
    const signals = catalogField('account', 'openSignals');
    expect(normaliseForField(signals, 123_456)).toBe(9999);
    expect(normaliseForField(signals, Number.NaN)).toBeNull();
    expect(normaliseForField(signals, '3')).toBeNull();
  });

  it('keeps only known picklist values', () => {
    const band = catalogField('account', 'healthBand');
    expect(normaliseForField(band, 'WATCH')).toBe('WATCH');
    expect(normaliseForField(band, 'Watch')).toBeNull();
  });

  it('cuts text to the field length with an ellipsis', () => {
    const action = catalogField('opportunity', 'nextBestAction');
    const cut = normaliseForField(action, 'x'.repeat(300));
    expect(cut).toHaveLength(255);
    expect(String(cut).endsWith('\u2026')).toBe(true);
    expect(normaliseForField(action, '   ')).toBeNull();
  });
});
