// Salesforce connector costs against the emulator over loopback, through the real client and jsforce:
// a paged pull of 30,000 opportunities (pull + map), and write-back of 1k / 5k / 20k records through sObject
// Collections versus Bulk API 2.0, in API calls and wall time, locally and with a simulated 50 ms round
// trip. The API-call break-even between the two is what the write-back switch-over threshold is chosen from.
import { connectSalesforce, type SalesforceClient, type WritableRecord } from '../src/crm/salesforce/client';
import { mapOpportunity, opportunitySoqlFields } from '../src/crm/salesforce/map-opportunity';
import { createSalesforceEmulator, generateConnectedApp, type SalesforceEmulator } from '../src/emulators/salesforce';
import type { Figure } from './run';

const PULL_SIZE = 30_000;
const WRITE_SIZES = [1_000, 5_000, 20_000] as const;
const RTT_MS = 50;
const USERNAME = 'integration@pillar.example';

async function connect(emu: SalesforceEmulator, privateKey: string, consumerKey: string): Promise<SalesforceClient> {
  return connectSalesforce({
    auth: { kind: 'jwt', loginUrl: emu.url, audience: 'https://login.salesforce.com', consumerKey, username: USERNAME, privateKey },
  });
}

function perThousand(value: number, records: number): number {
  return Math.round((value / records) * 1000 * 100) / 100;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export async function runSalesforceBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const { app, privateKey } = generateConnectedApp('3MVG9bench');
  const emu = await createSalesforceEmulator({ apps: [app], dailyApiLimit: 1_000_000 });
  try {
    const seeded = await timed(async () => emu.seed({ accounts: 3_000, opportunities: PULL_SIZE, contactRolesPerOpportunity: 0, users: 20, seed: 42 }));
    figures.push({ name: 'emulator: seed 3k accounts + 30k opportunities', value: Math.round(seeded.ms), unit: 'ms' });
    const client = await connect(emu, privateKey, app.consumerKey);

    // ---- pull ----
    const soql = `SELECT ${opportunitySoqlFields().join(', ')} FROM Opportunity ORDER BY SystemModstamp ASC, Id ASC`;
    emu.stats.reset();
    const pull = await timed(async () => {
      let mapped = 0;
      let rejected = 0;
      for await (const page of client.queryPages(soql)) {
        for (const rec of page.records) {
          if (mapOpportunity(rec).ok) mapped++;
          else rejected++;
        }
      }
      return { mapped, rejected };
    });
    const pullCalls = emu.stats.apiCalls();
    figures.push(
      { name: 'pull 30k opportunities (query + map)', value: Math.round(PULL_SIZE / (pull.ms / 1000)), unit: 'records/s', note: `${pull.value.mapped} mapped, ${pull.value.rejected} rejected` },
      { name: 'pull: API calls per 1,000 records', value: perThousand(pullCalls, PULL_SIZE), unit: 'calls', note: `${pullCalls} calls, pages of 2,000` },
      { name: 'pull: wall time per 1,000 records', value: Math.round((pull.ms / PULL_SIZE) * 1000 * 10) / 10, unit: 'ms' },
    );

    // ---- write-back: Collections vs Bulk 2.0 ----
    const opportunityIds = emu.org.records('Opportunity').map((o) => o.Id);
    const records = (n: number, round: number): WritableRecord[] =>
      opportunityIds.slice(0, n).map((Id, i) => ({ Id, Pillar_Deal_Risk__c: (i + round) % 100, Pillar_Deal_Risk_Band__c: (i + round) % 2 ? 'LOW' : 'HIGH' }));
    let round = 0;
    const overhead: { collectionsPerRecord: number; bulkFixed: number } = { collectionsPerRecord: 0, bulkFixed: 0 };
    for (const rtt of [0, RTT_MS]) {
      if (rtt > 0) emu.faults.inject({ kind: 'delay', ms: rtt, path: '/services/data/', times: Infinity });
      const label = rtt > 0 ? ` (${rtt} ms round trip)` : '';
      for (const n of WRITE_SIZES) {
        if (rtt > 0 && n === 20_000) continue;
        round++;
        emu.stats.reset();
        const collections = await timed(() => client.updateRecords('Opportunity', records(n, round)));
        const collectionCalls = emu.stats.apiCalls();
        const failedCollections = collections.value.results.filter((r) => !r.success).length;
        round++;
        emu.stats.reset();
        const bulk = await timed(() => client.bulkUpdate('Opportunity', records(n, round), { pollIntervalMs: rtt > 0 ? 1000 : 20 }));
        const bulkCalls = emu.stats.apiCalls();
        const failedBulk = bulk.value.results.filter((r) => !r.success).length;
        if (rtt === 0) {
          overhead.collectionsPerRecord = collectionCalls / n;
          overhead.bulkFixed = bulkCalls;
          figures.push(
            { name: `collections ${n / 1000}k: API calls per 1,000 records`, value: perThousand(collectionCalls, n), unit: 'calls', note: `${collectionCalls} calls, ${failedCollections} failed` },
            { name: `bulk 2.0 ${n / 1000}k: API calls per 1,000 records`, value: perThousand(bulkCalls, n), unit: 'calls', note: `${bulkCalls} calls, ${failedBulk} failed` },
          );
        }
        figures.push(
          { name: `collections ${n / 1000}k: wall time${label}`, value: Math.round(collections.ms), unit: 'ms', note: `${Math.round(n / (collections.ms / 1000))} records/s` },
          { name: `bulk 2.0 ${n / 1000}k: wall time${label}`, value: Math.round(bulk.ms), unit: 'ms', note: `${Math.round(n / (bulk.ms / 1000))} records/s${rtt > 0 ? ', polls every 1 s' : ''}` },
        );
      }
      emu.faults.clear();
    }
    const breakEven = Math.ceil(overhead.bulkFixed / overhead.collectionsPerRecord);
    figures.push({
      name: 'write-back break-even (API calls)',
      value: breakEven,
      unit: 'records',
      note: `Bulk 2.0 costs ${overhead.bulkFixed} calls per job; Collections 1 per 200 records. Real Bulk jobs also queue for seconds to minutes`,
    });
  } finally {
    await emu.close();
  }
  return figures;
}
