// The Salesforce connector end to end: the emulated org over loopback, the real jsforce client, and an
// embedded Postgres in a temporary folder. A first sync of 10,000 accounts / 30,000 opportunities /
// 100,000 tasks (plus contacts, contact roles, stage history and events), incremental syncs, and
// write-back through Collections and Bulk 2.0, in API calls and wall time per 1,000 records.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PullReport } from '../src/crm/connector';
import { connectSalesforceOrg, createSalesforceConnector } from '../src/crm/salesforce/connection';
import { connectDatabase } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrate } from '../src/db/migrate';
import { ensureOrganization } from '../src/db/queries/organizations';
import { createSalesforceEmulator, generateConnectedApp } from '../src/emulators/salesforce';
import { systemClock } from '../src/runtime';
import { SecretBox } from '../src/security/secret-box';
import type { Figure } from './run';

const SIZE = { accounts: 10_000, contactsPerAccount: 2, opportunities: 30_000, tasks: 100_000, events: 5_000, users: 20 };
const USERNAME = 'integration@pillar.example';

const perThousand = (value: number, records: number) => Math.round((value / records) * 1000 * 100) / 100;
const read = (r: PullReport) => Object.values(r.objects).reduce((n, c) => n + c.read, 0);
const changed = (r: PullReport) => Object.values(r.objects).reduce((n, c) => n + c.inserted + c.updated + c.deleted, 0);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Account scores in the stored shape for every live account (health from a hash of the id, 0–99). */
const STORE_SCORES = `
  INSERT INTO account_scores (org_id, account_id, health_score, band, category_scores, drivers, detail, data_sufficiency, profile_version, scored_at)
  SELECT a.org_id, a.id, a.h,
    CASE WHEN a.h >= 70 THEN 'HEALTHY' WHEN a.h >= 50 THEN 'WATCH' WHEN a.h >= 30 THEN 'AT_RISK' ELSE 'CRITICAL' END,
    jsonb_build_object('engagement', a.h, 'fit', 60, 'intent', null, 'velocity', 50, 'pipelineHealth', 40, 'relationship', 70, 'risk', 80, 'opportunityQuality', 55),
    jsonb_build_array(jsonb_build_object('id', 'ENG-001', 'name', 'Meetings', 'category', 'engagement', 'contribution', 6.5, 'score', 80, 'weight', 0.1,
      'reason', '4 meetings in the last 30 days', 'reasonCode', 'ENG_MEETINGS', 'evidence', '{}'::jsonb)),
    '{}'::jsonb, 0.8, 1, now()
  FROM (SELECT org_id, id, (abs(hashtext(external_id)) % 100)::real AS h FROM accounts WHERE deleted_at IS NULL) a`;

export async function runSalesforceSyncBench(): Promise<Figure[]> {
  const root = path.join(os.tmpdir(), `pillar-bench-sf-sync-${process.pid}-${Date.now()}`);
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), port: 0 });
  const { app, privateKey } = generateConnectedApp('3MVG9bench-sync');
  const emu = await createSalesforceEmulator({ apps: [app], dailyApiLimit: 10_000_000 });
  const figures: Figure[] = [];
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('drop database if exists bench_salesforce_sync');
    await admin.query('create database bench_salesforce_sync');
    await admin.end();
    const database = connectDatabase(databaseUrl(server.url, 'bench_salesforce_sync'));
    try {
      await migrate(database.ownerPool);
      const seeded = await timed(async () => emu.seed({ ...SIZE, seed: 42 }));
      figures.push({ name: 'emulator: seed the org', value: Math.round(seeded.ms), unit: 'ms', note: '10k accounts, 20k contacts, 30k opportunities, 60k contact roles, 100k tasks, 5k events' });

      const { id: orgId } = await ensureOrganization(database.ownerPool, 'Bench Salesforce sync');
      const deps = { db: database.db, orgId, secretBox: new SecretBox(Buffer.alloc(32, 5)), clock: systemClock, writeback: { bulkPollIntervalMs: 50 } };
      await connectSalesforceOrg(deps, { loginUrl: emu.url, audience: 'https://login.salesforce.com', auth: { kind: 'jwt', consumerKey: app.consumerKey, username: USERNAME, privateKey } });
      const connector = createSalesforceConnector(deps);

      // ---- first sync ----
      const first = await timed(() => connector.pull());
      if (first.value.status !== 'succeeded') throw new Error(`first sync ${first.value.status}: ${first.value.reason}`);
      const records = read(first.value);
      figures.push(
        { name: 'first sync', value: Math.round(records / (first.ms / 1000)), unit: 'records/s', note: `${records.toLocaleString('en-US')} records in ${(first.ms / 1000).toFixed(1)} s, ${first.value.apiCalls} API calls` },
        { name: 'pull: API calls per 1,000 records', value: perThousand(first.value.apiCalls, records), unit: 'calls', note: 'pages of 2,000, plus authorisation and the limits check' },
        { name: 'pull: wall time per 1,000 records', value: Math.round((first.ms / records) * 1000 * 10) / 10, unit: 'ms', note: 'map + upsert + cursor, next page fetched meanwhile' },
      );

      // ---- incremental ----
      const idle = await timed(() => connector.pull());
      figures.push({ name: 'incremental sync, nothing changed', value: Math.round(idle.ms), unit: 'ms', note: `${idle.value.apiCalls} API calls, ${read(idle.value)} records re-read in the overlap window` });
      for (const a of emu.org.records('Account').slice(0, 15)) emu.org.update(a.Id, { Industry: a.Industry === 'Retail' ? 'Finance' : 'Retail' });
      for (const o of emu.org.records('Opportunity').slice(0, 10)) emu.org.update(o.Id, { NextStep: 'Bench edit' });
      for (const t of emu.org.records('Task').slice(0, 12)) emu.org.update(t.Id, { Subject: 'Bench edit' });
      const edits = await timed(() => connector.pull());
      figures.push({ name: 'incremental sync, 37 edits', value: Math.round(edits.ms), unit: 'ms', note: `${edits.value.apiCalls} API calls, ${changed(edits.value)} records changed` });

      // ---- write-back ----
      await database.ownerPool.query(STORE_SCORES);
      emu.stats.reset();
      const bulk = await timed(() => connector.writeBack());
      const bulkAccounts = bulk.value.objects.Account!;
      if (bulkAccounts.method !== 'bulk' || bulkAccounts.failed > 0) throw new Error(`bulk write-back: ${JSON.stringify(bulkAccounts)}`);
      figures.push(
        { name: `write-back ${bulkAccounts.sent.toLocaleString('en-US')} records (Bulk 2.0): API calls per 1,000`, value: perThousand(bulk.value.apiCalls, bulkAccounts.sent), unit: 'calls', note: `${bulk.value.apiCalls} calls incl. authorisation and limits` },
        { name: 'write-back (Bulk 2.0): wall time per 1,000 records', value: Math.round((bulk.ms / bulkAccounts.sent) * 1000), unit: 'ms', note: 'polls every 50 ms' },
      );

      await database.ownerPool.query(`UPDATE account_scores SET health_score = CASE WHEN health_score >= 99 THEN 98 ELSE health_score + 1 END
        WHERE account_id IN (SELECT account_id FROM account_scores ORDER BY account_id LIMIT 1000)`);
      emu.stats.reset();
      const collections = await timed(() => connector.writeBack());
      const collectionAccounts = collections.value.objects.Account!;
      figures.push(
        { name: 'write-back 1,000 changed records (Collections): API calls per 1,000', value: perThousand(collections.value.apiCalls, collectionAccounts.sent), unit: 'calls', note: `${emu.stats.count('compositeUpdate')} Collections calls + authorisation and limits` },
        { name: 'write-back (Collections): wall time per 1,000 records', value: Math.round((collections.ms / collectionAccounts.sent) * 1000), unit: 'ms' },
      );
      const nothing = await timed(() => connector.writeBack());
      figures.push({ name: 'write-back, nothing changed', value: Math.round(nothing.ms), unit: 'ms', note: `${nothing.value.apiCalls} API calls; ${nothing.value.objects.Account!.considered.toLocaleString('en-US')} accounts compared` });

      const echo = await timed(() => connector.pull());
      figures.push({ name: 'sync after write-back', value: Math.round(echo.ms), unit: 'ms', note: `${read(echo.value).toLocaleString('en-US')} written records re-read, ${changed(echo.value)} changed (no echo)` });
    } finally {
      await database.close();
    }
  } finally {
    await emu.close();
    await server.stop();
    await fs.rm(root, { recursive: true, force: true });
  }
  return figures;
}
