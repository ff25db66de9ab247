// Wiring for the sync and write-back tests: an emulated org with a connected app, the credentials that
// reach it, connector dependencies with instant retries, and mirror row counts read as the application role.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/database';
import { withOrg } from '../../../../db/tenant';
import { createSalesforceEmulator, generateConnectedApp, type SalesforceEmulator, type SalesforceEmulatorOptions } from '../../../../emulators/salesforce';
import { systemClock, type Clock } from '../../../../runtime';
import { SecretBox } from '../../../../security/secret-box';
import type { SalesforceConnectionDeps, SalesforceCredentials } from '../../connection';

export const INTEGRATION_USERNAME = 'integration@pillar.example';
export const testApp = generateConnectedApp('3MVG9pillar-sync-test');
export const testSecretBox = new SecretBox(Buffer.alloc(32, 9));

export function startOrg(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  return createSalesforceEmulator({ apps: [testApp.app], ...options });
}

export function credentialsFor(emu: SalesforceEmulator, extra: Partial<SalesforceCredentials> = {}): SalesforceCredentials {
  return {
    loginUrl: emu.url,
    audience: 'https://login.salesforce.com',
    auth: { kind: 'jwt', consumerKey: testApp.app.consumerKey, username: INTEGRATION_USERNAME, privateKey: testApp.privateKey },
    ...extra,
  };
}

/** A clock ahead of the wall clock by `offsetMs` (never behind it: the emulator stamps records with the wall clock). */
export function offsetClock(offsetMs = 0): Clock & { advance(ms: number): void } {
  let offset = offsetMs;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
    },
  };
}

export function connectionDeps(db: Db, orgId: string, overrides: Partial<SalesforceConnectionDeps> = {}): SalesforceConnectionDeps {
  return {
    db,
    orgId,
    secretBox: testSecretBox,
    clock: systemClock,
    client: { sleep: async () => undefined, random: () => 0.5 },
    writeback: { bulkPollIntervalMs: 5 },
    ...overrides,
  };
}

/** Rows per mirror table of one tenant: all, and those soft-deleted. */
export async function mirrorCounts(db: Db, orgId: string): Promise<Record<string, { rows: number; deleted: number; distinct: number }>> {
  return withOrg(db, orgId, async (tx) => {
    const out: Record<string, { rows: number; deleted: number; distinct: number }> = {};
    for (const table of ['users', 'accounts', 'contacts', 'opportunities', 'opportunity_contacts', 'stage_history', 'activities'] as const) {
      const soft = ['accounts', 'contacts', 'opportunities'].includes(table);
      const result = await tx.execute(
        sql`SELECT count(*)::int AS rows, ${soft ? sql`count(*) FILTER (WHERE deleted_at IS NOT NULL)::int` : sql`0`} AS deleted, count(DISTINCT external_id)::int AS distinct FROM ${sql.identifier(table)} WHERE source = 'salesforce'`,
      );
      const row = result.rows[0] as { rows: number; deleted: number; distinct: number };
      out[table] = row;
    }
    return out;
  });
}

/** The emulated org's live record counts, by the mirror table they land in. */
export function orgCounts(emu: SalesforceEmulator): Record<string, number> {
  return {
    users: emu.org.count('User'),
    accounts: emu.org.count('Account'),
    contacts: emu.org.count('Contact'),
    opportunities: emu.org.count('Opportunity'),
    opportunity_contacts: emu.org.count('OpportunityContactRole'),
    activities: emu.org.count('Task') + emu.org.count('Event'),
  };
}
