import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old (or how far in the future) a signed HubSpot request may be. */
export const HUBSPOT_SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;

/** The escapes HubSpot decodes in the URI before signing (hubspot.md §5, step 2). Nothing else is decoded. */
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED_ESCAPES[escape.toUpperCase()]!);
}

export interface SignedRequest {
  method: string;
  /** The full URL as HubSpot called it: scheme, host, path and query. */
  url: string;
  /** The exact request bytes; empty when there is no body. */
  rawBody: Buffer;
  /** The `X-HubSpot-Request-Timestamp` header, epoch milliseconds as sent. */
  timestamp: string;
}

/** base64(HMAC-SHA256(client secret, METHOD + decoded URI + raw body + timestamp)). */
export function hubspotSignatureV3(clientSecret: string, request: SignedRequest): string {
  return createHmac('sha256', clientSecret)
    .update(request.method.toUpperCase() + decodeSignedUri(request.url), 'utf8')
    .update(request.rawBody)
    .update(request.timestamp, 'utf8')
    .digest('base64');
}

export type SignatureCheck = { valid: true; timestampMs: number } | { valid: false; reason: string };

/**
 * Verifies `X-HubSpot-Signature-v3`: the timestamp must be within 5 minutes of `nowMs` and the signature must
 * equal the expected one (constant-time comparison of equal-length buffers).
 */
export function verifyHubSpotSignature(
  clientSecret: string,
  request: Omit<SignedRequest, 'timestamp'> & { timestamp: string | undefined; signature: string | undefined },
  nowMs: number,
): SignatureCheck {
  if (!request.signature) return { valid: false, reason: 'X-HubSpot-Signature-v3 header is missing' };
  if (!request.timestamp) return { valid: false, reason: 'X-HubSpot-Request-Timestamp header is missing' };
  if (!/^\d{1,16}$/.test(request.timestamp)) return { valid: false, reason: 'X-HubSpot-Request-Timestamp must be epoch milliseconds' };
  const timestampMs = Number(request.timestamp);
  if (Math.abs(nowMs - timestampMs) > HUBSPOT_SIGNATURE_MAX_AGE_MS) {
    return { valid: false, reason: 'The request timestamp is more than 5 minutes away from now' };
  }
  const expected = Buffer.from(hubspotSignatureV3(clientSecret, { ...request, timestamp: request.timestamp }), 'utf8');
  const given = Buffer.from(request.signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { valid: false, reason: 'The HubSpot signature does not match the request' };
  }
  return { valid: true, timestampMs };
}
