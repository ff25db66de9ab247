// A connected app with a fresh RSA key pair, for tests and the demo sandbox: register `app` with the emulator
// and sign JWT bearer assertions with `privateKey`.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ConnectedApp } from './auth';

export interface TestConnectedApp {
  app: ConnectedApp;
  privateKey: string;
}

export function generateConnectedApp(consumerKey = `3MVG9${randomBytes(12).toString('base64url')}`): TestConnectedApp {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { app: { consumerKey, consumerSecret: randomBytes(16).toString('hex'), certificate: publicKey }, privateKey };
}
