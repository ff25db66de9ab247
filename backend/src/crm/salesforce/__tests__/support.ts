// Test wiring: an emulated org with a connected app, and a client connected to it by JWT bearer with an
// injected sleep (recorded, instant) and a fixed random, so retries are deterministic and fast.
import { createSalesforceEmulator, generateConnectedApp, type SalesforceEmulator, type SalesforceEmulatorOptions } from '../../../emulators/salesforce';
import { connectSalesforce, type SalesforceClient, type SalesforceClientEvent, type SalesforceClientOptions } from '../client';

export const INTEGRATION_USERNAME = 'integration@pillar.example';
export const connectedApp = generateConnectedApp('3MVG9pillar-client-test');

export interface TestClient {
  client: SalesforceClient;
  sleeps: number[];
  events: SalesforceClientEvent[];
}

export async function startOrg(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  return createSalesforceEmulator({ apps: [connectedApp.app], ...options });
}

export async function connect(emu: SalesforceEmulator, overrides: Partial<SalesforceClientOptions> = {}): Promise<TestClient> {
  const sleeps: number[] = [];
  const events: SalesforceClientEvent[] = [];
  const client = await connectSalesforce({
    auth: {
      kind: 'jwt',
      loginUrl: emu.url,
      audience: 'https://login.salesforce.com',
      consumerKey: connectedApp.app.consumerKey,
      username: INTEGRATION_USERNAME,
      privateKey: connectedApp.privateKey,
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  return { client, sleeps, events };
}

export async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

/** The failure a promise rejected with (or null when it resolved). */
export async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return null;
  } catch (e) {
    return e;
  }
}
