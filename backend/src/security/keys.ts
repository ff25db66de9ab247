import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { SecretBox } from './secret-box';

export interface Keys {
  /** HS256 secret for tenant API tokens and admin JWTs. */
  jwtSecret: string;
  /** Seals CRM credentials and webhook secrets at rest. */
  secretBox: SecretBox;
}

/**
 * Keys from the environment; outside production, missing keys are generated once into the data dir
 * (mode 0600) so a restarted `npm start` can still read what it encrypted. Production refuses to start
 * without them (config.ts).
 */
export function loadKeys(config: Pick<Config, 'PILLAR_JWT_SECRET' | 'PILLAR_ENCRYPTION_KEY' | 'dataDir'>): Keys {
  const jwtSecret = config.PILLAR_JWT_SECRET ?? localKey(config.dataDir, 'jwt.key', () => randomBytes(48).toString('base64url'));
  const encryptionKey = config.PILLAR_ENCRYPTION_KEY ?? localKey(config.dataDir, 'encryption.key', () => randomBytes(32).toString('base64'));
  return { jwtSecret, secretBox: SecretBox.fromEncodedKey(encryptionKey) };
}

function localKey(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, 'keys', name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}
