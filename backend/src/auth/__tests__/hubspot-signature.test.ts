import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSignedUri, HUBSPOT_SIGNATURE_MAX_AGE_MS, hubspotSignatureV3, verifyHubSpotSignature } from '../hubspot-signature';

const SECRET = 'hubspot-client-secret-for-tests';
const NOW = Date.UTC(2026, 10, 2, 9, 30);
const URL_AS_CALLED = 'https://pillar.example.com/v1/hs/companies/123/health?portalId=4242&userId=77&userEmail=ana%40example.com';

/** The reference computation, written out: HMAC-SHA256 over the concatenated string, base64. */
function referenceSignature(method: string, decodedUrl: string, body: string, timestamp: string): string {
  return createHmac('sha256', SECRET).update(`${method}${decodedUrl}${body}${timestamp}`).digest('base64');
}

function signed(overrides: Partial<{ method: string; url: string; body: string; timestamp: string }> = {}) {
  const method = overrides.method ?? 'POST';
  const url = overrides.url ?? URL_AS_CALLED;
  const body = overrides.body ?? '{"done":true}';
  const timestamp = overrides.timestamp ?? String(NOW - 1000);
  const signature = hubspotSignatureV3(SECRET, { method, url, rawBody: Buffer.from(body), timestamp });
  return { method, url, rawBody: Buffer.from(body), timestamp, signature };
}

describe('decodeSignedUri', () => {
  it('decodes exactly the escapes HubSpot decodes, in either case', () => {
    expect(decodeSignedUri('a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm')).toBe("a:b/c?d@e!f$g'h(i)j*k,l;m");
    expect(decodeSignedUri('x%3ay%2fz')).toBe('x:y/z');
  });

  it('leaves every other escape alone', () => {
    expect(decodeSignedUri('q=a%20b%26c%3D%25')).toBe('q=a%20b%26c%3D%25');
  });
});

describe('hubspotSignatureV3', () => {
  it('is base64 HMAC-SHA256 of method + decoded URL + body + timestamp', () => {
    const timestamp = String(NOW);
    const expected = referenceSignature('POST', URL_AS_CALLED.replace('%40', '@'), '{"a":1}', timestamp);
    expect(hubspotSignatureV3(SECRET, { method: 'post', url: URL_AS_CALLED, rawBody: Buffer.from('{"a":1}'), timestamp })).toBe(expected);
  });

  it('signs a GET with an empty body', () => {
    const timestamp = String(NOW);
    expect(hubspotSignatureV3(SECRET, { method: 'GET', url: URL_AS_CALLED, rawBody: Buffer.alloc(0), timestamp })).toBe(
      referenceSignature('GET', URL_AS_CALLED.replace('%40', '@'), '', timestamp),
    );
  });

  it('hashes the raw UTF-8 bytes of the body', () => {
    const timestamp = String(NOW);
    const body = '{"note":"café ✓"}';
    expect(hubspotSignatureV3(SECRET, { method: 'POST', url: URL_AS_CALLED, rawBody: Buffer.from(body, 'utf8'), timestamp })).toBe(
      referenceSignature('POST', URL_AS_CALLED.replace('%40', '@'), body, timestamp),
    );
  });
});

describe('verifyHubSpotSignature', () => {
  it('accepts a correctly signed fresh request', () => {
    expect(verifyHubSpotSignature(SECRET, signed(), NOW)).toEqual({ valid: true, timestampMs: NOW - 1000 });
  });

  it.each([
    ['body', { rawBody: Buffer.from('{"done":false}') }],
    ['URL', { url: URL_AS_CALLED.replace('portalId=4242', 'portalId=4243') }],
    ['method', { method: 'PUT' }],
    ['timestamp', { timestamp: String(NOW - 999) }],
  ])('refuses a request whose %s was changed after signing', (_what, change) => {
    expect(verifyHubSpotSignature(SECRET, { ...signed(), ...change }, NOW)).toEqual({ valid: false, reason: 'The HubSpot signature does not match the request' });
  });

  it('refuses a signature made with another secret', () => {
    const request = signed();
    const other = hubspotSignatureV3('another-secret', request);
    expect(verifyHubSpotSignature(SECRET, { ...request, signature: other }, NOW).valid).toBe(false);
  });

  it('accepts a timestamp exactly 5 minutes old and refuses one a millisecond older', () => {
    const edge = signed({ timestamp: String(NOW - HUBSPOT_SIGNATURE_MAX_AGE_MS) });
    expect(verifyHubSpotSignature(SECRET, edge, NOW).valid).toBe(true);
    const stale = signed({ timestamp: String(NOW - HUBSPOT_SIGNATURE_MAX_AGE_MS - 1) });
    expect(verifyHubSpotSignature(SECRET, stale, NOW)).toMatchObject({ valid: false, reason: expect.stringMatching(/5 minutes/) });
  });

  it('refuses a timestamp more than 5 minutes in the future', () => {
    expect(verifyHubSpotSignature(SECRET, signed({ timestamp: String(NOW + HUBSPOT_SIGNATURE_MAX_AGE_MS + 1) }), NOW).valid).toBe(false);
  });

  it('refuses seconds where milliseconds are expected', () => {
    expect(verifyHubSpotSignature(SECRET, signed({ timestamp: String(Math.floor(NOW / 1000)) }), NOW).valid).toBe(false);
  });

  it.each([
    ['signature', { signature: undefined }, /Signature-v3 header is missing/],
    ['timestamp', { timestamp: undefined }, /Timestamp header is missing/],
    ['a timestamp that is not a number', { timestamp: '12ab' }, /epoch milliseconds/],
  ])('refuses a request without %s', (_what, change, reason) => {
    expect(verifyHubSpotSignature(SECRET, { ...signed(), ...change }, NOW)).toMatchObject({ valid: false, reason: expect.stringMatching(reason) });
  });

  it('refuses a signature of the wrong length without throwing', () => {
    expect(verifyHubSpotSignature(SECRET, { ...signed(), signature: 'c2hvcnQ=' }, NOW).valid).toBe(false);
    expect(verifyHubSpotSignature(SECRET, { ...signed(), signature: '✓'.repeat(44) }, NOW).valid).toBe(false);
  });
});
