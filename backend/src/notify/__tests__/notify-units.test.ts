import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { crmRecordUrl } from '../crm-links';
import { decideDelivery, quietHoursEndAt, startOfLocalDay } from '../noise/delivery-policy';
import { classifySlackError } from '../slack/errors';
import { escapeMrkdwn, signalSlackMessage } from '../slack/signal-message';
import { retryDelayMs } from '../webhooks/backoff';
import { computeSignature, signatureHeader, verifySignature } from '../webhooks/signature';

describe('delivery policy', () => {
  const prefs = { timezone: 'Europe/Berlin', quietHoursStart: '22:00', quietHoursEnd: '07:00', dailyBudget: 3 };

  it.each([
    ['2026-11-02T20:59:00Z', null], // 21:59 Berlin
    ['2026-11-02T21:00:00Z', '2026-11-03T06:00:00.000Z'], // 22:00 Berlin → 07:00 Berlin
    ['2026-11-03T05:30:00Z', '2026-11-03T06:00:00.000Z'], // 06:30 Berlin
    ['2026-11-03T06:00:00Z', null], // 07:00 Berlin
  ])('at %s quiet hours end at %s', (now, end) => {
    expect(quietHoursEndAt(new Date(now), prefs)?.toISOString() ?? null).toBe(end);
  });

  it('handles a window that does not wrap midnight, and no window', () => {
    expect(quietHoursEndAt(new Date('2026-11-02T13:30:00Z'), { timezone: 'UTC', quietHoursStart: '12:00', quietHoursEnd: '14:00' })?.toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(quietHoursEndAt(new Date('2026-11-02T13:30:00Z'), { timezone: 'UTC', quietHoursStart: null, quietHoursEnd: null })).toBeNull();
  });

  it('starts the budget day at local midnight', () => {
    expect(startOfLocalDay(new Date('2026-11-02T23:30:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-11-02T23:00:00.000Z');
    expect(startOfLocalDay(new Date('2026-11-02T03:30:00Z'), 'America/New_York').toISOString()).toBe('2026-11-01T05:00:00.000Z');
  });

  it('sends, defers in quiet hours, skips over budget', () => {
    expect(decideDelivery({ prefs, sentToday: 2, now: new Date('2026-11-02T12:00:00Z') })).toEqual({ action: 'send' });
    expect(decideDelivery({ prefs, sentToday: 3, now: new Date('2026-11-02T12:00:00Z') })).toEqual({ action: 'skip', reason: 'budget' });
    expect(decideDelivery({ prefs, sentToday: 0, now: new Date('2026-11-02T23:00:00Z') })).toMatchObject({ action: 'defer', reason: 'quiet_hours' });
  });
});

describe('classifySlackError', () => {
  const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });
  it.each([
    [new WebAPIRateLimitedError(42), { kind: 'rate_limited', retryAfterSeconds: 42 }],
    [platform('channel_not_found'), { kind: 'destination', error: 'channel_not_found' }],
    [platform('not_in_channel'), { kind: 'destination', error: 'not_in_channel' }],
    [platform('invalid_auth'), { kind: 'auth', error: 'invalid_auth' }],
    [platform('token_revoked'), { kind: 'auth', error: 'token_revoked' }],
    [platform('invalid_blocks'), { kind: 'invalid', error: 'invalid_blocks' }],
    [platform('internal_error'), { kind: 'retryable', error: 'internal_error' }],
    [new WebAPIHTTPError(503, 'Service Unavailable', {}), { kind: 'retryable', error: 'HTTP 503' }],
    [new WebAPIHTTPError(404, 'Not Found', {}), { kind: 'invalid', error: 'HTTP 404' }],
    [new WebAPIRequestError(new Error('ECONNRESET')), { kind: 'retryable', error: 'ECONNRESET' }],
  ])('%s → %j', (error, expected) => expect(classifySlackError(error)).toEqual(expected));
});

describe('signalSlackMessage', () => {
  const signal = {
    id: '00000000-0000-4000-8000-000000000001',
    type: 'renewal_risk_critical',
    family: 'RENEWAL' as const,
    severity: 'CRITICAL' as const,
    title: 'Renewal risk 92 (critical at ≥ 85)',
    ruleId: 'SIG-REN-001',
    threshold: { renewal_critical_score: 85 },
    evidence: { renewalRisk: 92, note: '<script>&' },
    recommendedAction: 'Start the renewal rescue play today.',
    confidence: 88,
  };
  const context = {
    signalId: signal.id,
    accountName: 'Acme & Co',
    accountSource: 'hubspot',
    accountExternalId: '12345',
    opportunityName: null,
    opportunitySource: null,
    opportunityExternalId: null,
    ownerName: 'Rep',
    salesforceInstanceUrl: null,
    hubspotPortalId: '987',
  };
  it('escapes user text and links HubSpot companies', () => {
    const { blocks, text } = signalSlackMessage(signal, context);
    expect(JSON.stringify(blocks)).toContain('&lt;script&gt;&amp;');
    expect(JSON.stringify(blocks)).toContain('Acme &amp; Co');
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ url: 'https://app.hubspot.com/contacts/987/record/0-2/12345', text: { text: 'Open in HubSpot' } }] });
    expect(text).toBe('CRITICAL: Renewal risk 92 (critical at ≥ 85) — Acme & Co (https://app.hubspot.com/contacts/987/record/0-2/12345)');
  });
  it('has no button when the record did not come from a CRM', () => {
    const { blocks } = signalSlackMessage(signal, { ...context, accountSource: 'csv' });
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });
  it('escapes the three mrkdwn control characters', () => expect(escapeMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d'));
});

describe('crmRecordUrl', () => {
  it('builds Salesforce and HubSpot record links', () => {
    expect(crmRecordUrl({ source: 'salesforce', object: 'opportunity', externalId: '006A', salesforceInstanceUrl: 'https://x.my.salesforce.com/', hubspotPortalId: null })).toBe('https://x.my.salesforce.com/lightning/r/Opportunity/006A/view');
    expect(crmRecordUrl({ source: 'hubspot', object: 'opportunity', externalId: '55', salesforceInstanceUrl: null, hubspotPortalId: '9' })).toBe('https://app.hubspot.com/contacts/9/record/0-3/55');
    expect(crmRecordUrl({ source: 'salesforce', object: 'account', externalId: '001A', salesforceInstanceUrl: null, hubspotPortalId: null })).toBeNull();
  });
});

describe('webhook signature', () => {
  it('matches the test vector in docs/webhooks.md', () => {
    expect(computeSignature('whsec_test', 1700000000, '{"id":"1"}')).toBe('11bf4466ea17c3df3fd743af0b435368e16b7a05eb8eced85e8c4670767bdec5');
  });
  it('verifies, and tells a stale, malformed, missing or wrong signature apart', () => {
    const header = signatureHeader('s3cret', 1000, 'body');
    expect(verifySignature({ secret: 's3cret', header, body: 'body', nowSeconds: 1200 })).toEqual({ ok: true, timestamp: 1000 });
    expect(verifySignature({ secret: 's3cret', header, body: 'body', nowSeconds: 1301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature({ secret: 'other', header, body: 'body', nowSeconds: 1000 })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature({ secret: 's3cret', header, body: 'body!', nowSeconds: 1000 })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature({ secret: 's3cret', header: 't=1000', body: 'body', nowSeconds: 1000 })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature({ secret: 's3cret', header: undefined, body: 'body', nowSeconds: 1000 })).toEqual({ ok: false, reason: 'missing' });
  });
  it('accepts any of several v1 signatures (secret rotation)', () => {
    const old = signatureHeader('old', 1000, 'b').split(',')[1];
    const header = `${signatureHeader('new', 1000, 'b')},${old}`;
    expect(verifySignature({ secret: 'old', header, body: 'b', nowSeconds: 1000 }).ok).toBe(true);
  });
});

describe('retryDelayMs', () => {
  const policy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000 };
  it('doubles per attempt up to the cap, with ±20 % jitter', () => {
    expect([1, 2, 3, 4, 8, 9, 12].map((a) => retryDelayMs(a, policy, () => 0.5))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(retryDelayMs(1, policy, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, policy, () => 0.999999)).toBe(36_000);
  });
});
