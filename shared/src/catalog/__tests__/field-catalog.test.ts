import { describe, expect, it } from 'vitest';
import { FIELD_CATALOG, catalogField } from '../field-catalog';
import { healthBandOf, renewalRiskBandOf, dealRiskBandOf } from '../bands';

describe('FIELD_CATALOG', () => {
  it('has unique keys and CRM names per object', () => {
    for (const object of ['account', 'opportunity'] as const) {
      const fields = FIELD_CATALOG.filter((f) => f.object === object);
      for (const pick of [(f: (typeof fields)[number]) => f.key, (f: (typeof fields)[number]) => f.salesforce.apiName, (f: (typeof fields)[number]) => f.hubspot.name]) {
        const names = fields.map(pick);
        expect(new Set(names).size, `${object}: ${names.join(',')}`).toBe(names.length);
      }
    }
  });

  it('uses valid Salesforce custom field names (≤ 40 chars before __c, letters, digits, single underscores)', () => {
    for (const f of FIELD_CATALOG) {
      expect(f.salesforce.apiName).toMatch(/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*__c$/);
      expect(f.salesforce.apiName.length - 3).toBeLessThanOrEqual(40);
    }
  });

  it('uses valid HubSpot property names (lowercase, ≤ 100 chars)', () => {
    for (const f of FIELD_CATALOG) expect(f.hubspot.name).toMatch(/^[a-z][a-z0-9_]{0,99}$/);
  });

  it('covers every category score and the fields the cards read', () => {
    expect(FIELD_CATALOG.filter((f) => f.key.startsWith('category.'))).toHaveLength(8);
    expect(catalogField('account', 'healthBand').type).toMatchObject({ kind: 'picklist' });
    expect(() => catalogField('account', 'nope')).toThrow(/No catalog field account.nope/);
  });
});

describe('bands', () => {
  it.each([
    [100, 'HEALTHY'], [70, 'HEALTHY'], [69.9, 'WATCH'], [50, 'WATCH'], [49.9, 'AT_RISK'], [30, 'AT_RISK'], [29.9, 'CRITICAL'], [0, 'CRITICAL'],
  ])('health %s is %s', (value, band) => expect(healthBandOf(value)).toBe(band));

  it.each([
    [0, 'LOW'], [29.9, 'LOW'], [30, 'MEDIUM'], [50, 'HIGH'], [84.9, 'HIGH'], [85, 'CRITICAL'],
  ])('renewal risk %s is %s', (value, band) => expect(renewalRiskBandOf(value)).toBe(band));

  it.each([
    [39.9, 'LOW'], [40, 'MEDIUM'], [60, 'HIGH'],
  ])('deal risk %s is %s', (value, band) => expect(dealRiskBandOf(value)).toBe(band));
});
