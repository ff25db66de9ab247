import { describe, expect, it } from 'vitest';
import { salesforceIdForms, toSalesforceId18 } from '../salesforce-id';

describe('toSalesforceId18', () => {
  it.each([
    ['00570000001ZwTi', '00570000001ZwTiAAK'],
    ['001000000000000', '001000000000000AAA'],
    ['ABCDEabcdeAbCdE', 'ABCDEabcdeAbCdE5AV'],
  ])('turns %s into %s', (id15, id18) => {
    expect(toSalesforceId18(id15)).toBe(id18);
  });

  it('gives ids that differ only by case different 18-character forms', () => {
    expect(toSalesforceId18('00570000001zwti')).not.toBe(toSalesforceId18('00570000001ZwTi'));
  });
});

describe('salesforceIdForms', () => {
  it('returns both spellings for a 15-character id', () => {
    expect(salesforceIdForms('00570000001ZwTi')).toEqual({ id15: '00570000001ZwTi', id18: '00570000001ZwTiAAK' });
  });

  it('accepts an 18-character id whose suffix is in either case', () => {
    expect(salesforceIdForms('00570000001ZwTiAAK')?.id15).toBe('00570000001ZwTi');
    expect(salesforceIdForms('00570000001ZwTiaak')?.id18).toBe('00570000001ZwTiAAK');
  });

  it.each(['00570000001ZwTiAAB', '00570000001ZwT', '00570000001ZwTi-', '', '00570000001ZwTiAAKX', "005' or 1=1 --"])('refuses %j', (id) => {
    expect(salesforceIdForms(id)).toBeNull();
  });
});
