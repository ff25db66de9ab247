import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { parseLifetime, signToken, verifyToken } from '../tenant-jwt';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ORG = '7c1c8a3e-5d0b-4c43-9b47-2f8f3c0e8a11';
const USER = '0d5c4f0e-3b7a-4e8e-a1c4-7a3c2b1d9e01';
const NOW = new Date('2026-11-02T09:30:00Z');

describe('signToken / verifyToken', () => {
  it('round-trips a salesforce tenant token with org, jti and scope claims', () => {
    const signed = signToken(SECRET, { scope: 'salesforce', orgId: ORG }, NOW, null);
    const check = verifyToken(SECRET, signed.token, new Date('2030-01-01T00:00:00Z'));
    expect(check).toEqual({ valid: true, claims: { iss: 'pillar', org: ORG, jti: signed.jti, scope: 'salesforce', iat: NOW.getTime() / 1000 } });
    expect(signed.expiresAt).toBeNull();
  });

  it('round-trips an admin token with sub and role', () => {
    const signed = signToken(SECRET, { scope: 'admin', orgId: ORG, userId: USER, role: 'ADMIN' }, NOW, 3600);
    const check = verifyToken(SECRET, signed.token, NOW);
    expect(check).toMatchObject({ valid: true, claims: { scope: 'admin', sub: USER, role: 'ADMIN', exp: NOW.getTime() / 1000 + 3600 } });
    expect(signed.expiresAt).toEqual(new Date(NOW.getTime() + 3_600_000));
  });

  it('refuses an expired token', () => {
    const signed = signToken(SECRET, { scope: 'salesforce', orgId: ORG }, NOW, 60);
    expect(verifyToken(SECRET, signed.token, new Date(NOW.getTime() + 61_000))).toEqual({ valid: false, reason: 'The token has expired' });
  });

  it('refuses a token signed with another secret', () => {
    const signed = signToken('another-secret-another-secret-another', { scope: 'salesforce', orgId: ORG }, NOW, null);
    expect(verifyToken(SECRET, signed.token, NOW).valid).toBe(false);
  });

  it('refuses an unsigned (alg none) token', () => {
    const unsigned = jwt.sign({ iss: 'pillar', org: ORG, jti: USER, scope: 'salesforce', iat: 1 }, '', { algorithm: 'none' });
    expect(verifyToken(SECRET, unsigned, NOW).valid).toBe(false);
  });

  it('refuses a token with another issuer or without Pillar claims', () => {
    const foreign = jwt.sign({ org: ORG, jti: USER, scope: 'salesforce' }, SECRET, { algorithm: 'HS256', issuer: 'someone-else' });
    expect(verifyToken(SECRET, foreign, NOW).valid).toBe(false);
    const bare = jwt.sign({ hello: 'world' }, SECRET, { algorithm: 'HS256', issuer: 'pillar' });
    expect(verifyToken(SECRET, bare, NOW)).toEqual({ valid: false, reason: 'The token does not carry the claims Pillar issues' });
  });

  it('refuses an admin token without a role', () => {
    const token = jwt.sign({ iss: 'pillar', org: ORG, jti: USER, scope: 'admin', sub: USER }, SECRET, { algorithm: 'HS256' });
    expect(verifyToken(SECRET, token, NOW).valid).toBe(false);
  });
});

describe('parseLifetime', () => {
  it.each([
    ['90d', 90 * 86_400],
    ['12h', 43_200],
    ['30m', 1800],
    ['never', null],
  ])('reads %s', (text, seconds) => {
    expect(parseLifetime(text)).toBe(seconds);
  });

  it('explains a lifetime it cannot read', () => {
    expect(() => parseLifetime('3 weeks')).toThrow(/use e.g. 90d/);
  });
});
