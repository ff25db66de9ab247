import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../secret-box';
import { loadKeys } from '../keys';

const box = new SecretBox(randomBytes(32));

describe('SecretBox', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const a = box.seal('refresh-token-123', 'org-1');
    const b = box.seal('refresh-token-123', 'org-1');
    expect(a).not.toBe(b);
    expect(box.open(a, 'org-1')).toBe('refresh-token-123');
    expect(a).not.toContain('refresh-token');
  });

  it('refuses a tampered ciphertext, another key, or another context', () => {
    const sealed = box.seal('secret', 'org-1');
    const parts = sealed.split('.');
    const flipped = [...parts.slice(0, 3), Buffer.from('x' + Buffer.from(parts[3]!, 'base64url').toString('latin1')).toString('base64url')].join('.');
    expect(() => box.open(flipped, 'org-1')).toThrow(/could not be opened/);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'org-1')).toThrow(/could not be opened/);
    expect(() => box.open(sealed, 'org-2')).toThrow(/could not be opened/);
    expect(() => box.open('plain text', 'org-1')).toThrow(/Not a sealed secret/);
  });

  it('accepts 32-byte keys in base64 or hex and names the setting when the length is wrong', () => {
    const key = randomBytes(32);
    expect(SecretBox.fromEncodedKey(key.toString('hex')).open(new SecretBox(key).seal('x'))).toBe('x');
    expect(SecretBox.fromEncodedKey(key.toString('base64')).open(new SecretBox(key).seal('y'))).toBe('y');
    expect(() => SecretBox.fromEncodedKey(randomBytes(16).toString('base64'))).toThrow(/PILLAR_ENCRYPTION_KEY/);
  });
});

describe('loadKeys', () => {
  it('generates local keys once, private to the owner, and reuses them', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pillar-keys-'));
    const first = loadKeys({ dataDir });
    const second = loadKeys({ dataDir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.secretBox.open(first.secretBox.seal('kept'))).toBe('kept');
    expect(statSync(path.join(dataDir, 'keys', 'encryption.key')).mode & 0o777).toBe(0o600);
  });

  it('prefers keys from the environment', () => {
    const key = randomBytes(32).toString('base64');
    const keys = loadKeys({ dataDir: '/nonexistent', PILLAR_JWT_SECRET: 'x'.repeat(40), PILLAR_ENCRYPTION_KEY: key });
    expect(keys.jwtSecret).toBe('x'.repeat(40));
  });
});
