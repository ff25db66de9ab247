import { describe, expect, it } from 'vitest';
import { isRetryableWriteError, planWrites, type Desired, type WritebackStateRow } from '../plan';

const companions = new Set(['Pillar_Scored_At__c']);
const desired = (externalId: string, values: Desired['values']): Desired => ({ externalId, values, companions });
const state = (externalId: string, row: Partial<WritebackStateRow>): [string, WritebackStateRow] => [
  externalId,
  { externalId, written: {}, pending: null, attempts: 0, lastError: null, ...row },
];
const plan = (d: Desired[], s: Array<[string, WritebackStateRow]> = [], maxAttempts = 3) => planWrites(d, new Map(s), { maxAttempts });

describe('planWrites', () => {
  it('sends a never-written record’s values, leaving out the empty ones', () => {
    const p = plan([desired('001A', { Pillar_Health_Score__c: 72, Pillar_Renewal_Risk__c: null, Pillar_Scored_At__c: '2026-01-01T00:00:00.000Z' })]);
    expect(p.writes).toEqual([{ externalId: '001A', fields: { Pillar_Health_Score__c: 72, Pillar_Scored_At__c: '2026-01-01T00:00:00.000Z' }, retry: false }]);
  });

  it('sends only the fields that differ from what was written', () => {
    const p = plan(
      [desired('001A', { Pillar_Health_Score__c: 72, Pillar_Health_Band__c: 'HEALTHY', Pillar_Renewal_Risk__c: null })],
      [state('001A', { written: { Pillar_Health_Score__c: 70, Pillar_Health_Band__c: 'HEALTHY', Pillar_Renewal_Risk__c: 40 } })],
    );
    expect(p.writes[0]!.fields).toEqual({ Pillar_Health_Score__c: 72, Pillar_Renewal_Risk__c: null });
  });

  it('counts a record whose only change is the scoring time as unchanged', () => {
    const p = plan(
      [desired('001A', { Pillar_Health_Score__c: 72, Pillar_Scored_At__c: '2026-02-01T00:00:00.000Z' })],
      [state('001A', { written: { Pillar_Health_Score__c: 72, Pillar_Scored_At__c: '2026-01-01T00:00:00.000Z' } })],
    );
    expect(p).toEqual({ writes: [], unchanged: 1, held: [], clearPending: [] });
  });

  it('retries pending values until they are written', () => {
    const p = plan(
      [desired('001A', { Pillar_Health_Score__c: 72 })],
      [state('001A', { written: { Pillar_Health_Score__c: 70 }, pending: { Pillar_Health_Score__c: 72 }, attempts: 7, lastError: 'RECORD_LOCKED UNABLE_TO_LOCK_ROW: busy' })],
    );
    expect(p.writes).toEqual([{ externalId: '001A', fields: { Pillar_Health_Score__c: 72 }, retry: true }]);
  });

  it('drops pending values nobody wants any more', () => {
    const p = plan([desired('001A', { Pillar_Health_Score__c: 70 })], [state('001A', { written: { Pillar_Health_Score__c: 70 }, pending: { Pillar_Health_Score__c: 72 }, attempts: 1 })]);
    expect(p).toMatchObject({ writes: [], unchanged: 1, clearPending: ['001A'] });
  });

  it('holds the same values after repeated permanent failures, and sends them again once they change', () => {
    const failed = state('001A', { pending: { Pillar_Health_Score__c: 72, Pillar_Scored_At__c: 'x' }, attempts: 3, lastError: 'NOT_FOUND ENTITY_IS_DELETED: entity is deleted' });
    const held = plan([desired('001A', { Pillar_Health_Score__c: 72, Pillar_Scored_At__c: 'y' })], [failed]);
    expect(held.writes).toHaveLength(0);
    expect(held.held).toEqual([{ externalId: '001A', attempts: 3, lastError: 'NOT_FOUND ENTITY_IS_DELETED: entity is deleted' }]);
    expect(plan([desired('001A', { Pillar_Health_Score__c: 73 })], [failed]).writes).toHaveLength(1);
    expect(plan([desired('001A', { Pillar_Health_Score__c: 72 })], [failed], 4).writes).toHaveLength(1);
  });

  it('never holds values that failed for a reason a retry can fix', () => {
    const locked = state('001A', { pending: { Pillar_Health_Score__c: 72 }, attempts: 50, lastError: 'RECORD_LOCKED UNABLE_TO_LOCK_ROW: unable to obtain exclusive access' });
    expect(plan([desired('001A', { Pillar_Health_Score__c: 72 })], [locked]).writes).toHaveLength(1);
  });
});

describe('isRetryableWriteError', () => {
  it.each([
    ['RECORD_LOCKED UNABLE_TO_LOCK_ROW: busy', true],
    ['RETRYABLE SERVER_UNAVAILABLE: down', true],
    ['LIMIT_EXCEEDED REQUEST_LIMIT_EXCEEDED: TotalRequests', true],
    ['NOT_FOUND ENTITY_IS_DELETED: gone', false],
    ['INVALID FIELD_CUSTOM_VALIDATION_EXCEPTION: no', false],
    ['PERMISSION INSUFFICIENT_ACCESS: no', false],
  ])('%s → %s', (error, retryable) => {
    expect(isRetryableWriteError(error)).toBe(retryable);
  });
});
