import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorRowSchemas, type MirrorBatch, type MirrorRowsByTable, type MirrorTable } from '../../crm/mirror/rows';
import { generateDataset, type GenerateDatasetOptions } from '../generate-dataset';
import { mulberry32, Random } from '../prng';
import { companyName, personName } from '../vocabulary';
import { writeMavenCsv } from '../write-maven-csv';

const NOW = '2025-06-02T09:00:00.000Z';
const OPTIONS: GenerateDatasetOptions = { seed: 7, accounts: 300, oppsPerAccount: 3, activitiesPerAccount: 30, now: NOW, batchSize: 500, accountsPerChunk: 64 };

async function collect(options: GenerateDatasetOptions): Promise<MirrorBatch[]> {
  const batches: MirrorBatch[] = [];
  for await (const batch of generateDataset(options)) batches.push(batch);
  return batches;
}

function rowsOf<T extends MirrorTable>(batches: MirrorBatch[], table: T): MirrorRowsByTable[T][] {
  const rows: unknown[] = [];
  for (const batch of batches) if (batch.table === table) for (const row of batch.rows) rows.push(row);
  return rows as MirrorRowsByTable[T][];
}

let dataset: MirrorBatch[];
beforeAll(async () => {
  dataset = await collect(OPTIONS);
});

describe('mulberry32', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('keeps countAround on average at its mean', () => {
    const random = new Random(3);
    const draws = Array.from({ length: 20_000 }, () => random.countAround(2.5));
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(2.5, 1);
  });
});

describe('names', () => {
  it('gives every account and every user index a distinct name', () => {
    const companies = new Set(Array.from({ length: 60_000 }, (_, i) => companyName(i)));
    const people = new Set(Array.from({ length: 10_000 }, (_, i) => personName(i).full));
    expect(companies.size).toBe(60_000);
    expect(people.size).toBe(10_000);
  });
});

describe('generateDataset', () => {
  it('is deterministic: the same seed and now give the same rows', async () => {
    expect(await collect(OPTIONS)).toEqual(dataset);
  });

  it('gives the same rows whatever the chunk and batch sizes', async () => {
    const rechunked = await collect({ ...OPTIONS, batchSize: 77, accountsPerChunk: 300 });
    for (const table of ['accounts', 'contacts', 'opportunities', 'activities'] as const) {
      const byId = (rows: Array<{ externalId: string }>) => [...rows].sort((a, b) => a.externalId.localeCompare(b.externalId));
      expect(byId(rowsOf(rechunked, table))).toEqual(byId(rowsOf(dataset, table)));
    }
  });

  it('gives other rows for another seed', async () => {
    const other = await collect({ ...OPTIONS, seed: 8, accounts: 20 });
    expect(rowsOf(other, 'accounts').map((a) => a.industry)).not.toEqual(rowsOf(dataset, 'accounts').slice(0, 20).map((a) => a.industry));
  });

  it('produces rows that satisfy the mirror schemas, in batches no larger than asked', () => {
    for (const batch of dataset) {
      expect(batch.rows.length).toBeLessThanOrEqual(500);
      for (const row of batch.rows) expect(mirrorRowSchemas[batch.table].safeParse(row).success).toBe(true);
    }
  });

  it('yields every referenced row before the rows that reference it', () => {
    const seen: Record<string, Set<string>> = {};
    const has = (table: MirrorTable, id: string | null | undefined) => id === null || id === undefined || (seen[table]?.has(id) ?? false);
    for (const batch of dataset) {
      for (const row of batch.rows as Array<Record<string, unknown>>) {
        const refs: Array<[MirrorTable, unknown]> = [
          ['users', row.ownerExternalId],
          ['users', row.managerExternalId],
          ['accounts', row.accountExternalId],
          ['products', row.productExternalId],
          ['contacts', row.contactExternalId],
          ['opportunities', row.opportunityExternalId],
        ];
        for (const [table, id] of refs) expect(has(table, id as string | null | undefined), `${batch.table} ${String(row.externalId)} → ${table} ${String(id)}`).toBe(true);
        (seen[batch.table] ??= new Set()).add(row.externalId as string);
      }
    }
  });

  it('has about the requested volume: opportunities and activities per account on average', () => {
    const accounts = rowsOf(dataset, 'accounts').length;
    expect(accounts).toBe(300);
    expect(rowsOf(dataset, 'opportunities').length / accounts).toBeGreaterThan(2.6);
    expect(rowsOf(dataset, 'opportunities').length / accounts).toBeLessThan(3.4);
    expect(rowsOf(dataset, 'activities').length / accounts).toBeGreaterThan(26);
    expect(rowsOf(dataset, 'activities').length / accounts).toBeLessThan(34);
  });

  it('puts past events before now and planned dates after it', () => {
    const now = Date.parse(NOW);
    expect(rowsOf(dataset, 'activities').every((a) => Date.parse(a.occurredAt) < now)).toBe(true);
    expect(rowsOf(dataset, 'stage_history').every((h) => Date.parse(h.changedAt) < now)).toBe(true);
    const open = rowsOf(dataset, 'opportunities').filter((o) => !o.isClosed);
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter((o) => Date.parse(o.closeDate!) > now).length / open.length).toBeGreaterThan(0.8);
    expect(rowsOf(dataset, 'opportunities').filter((o) => o.isClosed).every((o) => Date.parse(o.closedAt!) < now)).toBe(true);
  });

  it('has activities on weekdays in working hours', () => {
    for (const a of rowsOf(dataset, 'activities')) {
      const at = new Date(a.occurredAt);
      expect([0, 6]).not.toContain(at.getUTCDay());
      expect(at.getUTCHours()).toBeGreaterThanOrEqual(8);
      expect(at.getUTCHours()).toBeLessThan(18);
    }
  });

  it('lets accounts going dark fall silent for at least 60 days and healthy ones stay in touch', () => {
    const now = Date.parse(NOW);
    const profile = new Map(rowsOf(dataset, 'accounts').map((a) => [a.externalId, a.attributes?.demoProfile]));
    const lastActivity = new Map<string, number>();
    for (const a of rowsOf(dataset, 'activities')) lastActivity.set(a.accountExternalId!, Math.max(lastActivity.get(a.accountExternalId!) ?? 0, Date.parse(a.occurredAt)));
    const dark = [...profile].filter(([, p]) => p === 'going_dark').map(([id]) => id);
    const healthy = [...profile].filter(([, p]) => p === 'healthy').map(([id]) => id);
    expect(dark.length).toBeGreaterThan(5);
    for (const id of dark) if (lastActivity.has(id)) expect(now - lastActivity.get(id)!).toBeGreaterThan(59 * 86_400_000);
    const recentHealthy = healthy.filter((id) => now - (lastActivity.get(id) ?? 0) < 30 * 86_400_000);
    expect(recentHealthy.length / healthy.length).toBeGreaterThan(0.8);
  });

  it('gives churn risks a champion who left, a low NPS and a renewal within 90 days', () => {
    const now = Date.parse(NOW);
    const churnRisks = rowsOf(dataset, 'accounts').filter((a) => a.attributes?.demoProfile === 'churn_risk');
    expect(churnRisks.length).toBeGreaterThan(5);
    const contacts = rowsOf(dataset, 'contacts');
    const renewals = new Map(rowsOf(dataset, 'renewals').map((r) => [r.accountExternalId, r]));
    for (const account of churnRisks) {
      const champion = contacts.find((c) => c.accountExternalId === account.externalId && c.isChampion);
      expect(champion?.status).toBe('LEFT_ORG');
      expect(account.npsScore ?? 0).toBeLessThanOrEqual(0);
      const renewal = renewals.get(account.externalId)!;
      expect(Date.parse(renewal.renewalDate) - now).toBeLessThan(91 * 86_400_000);
    }
  });
});

describe('writeMavenCsv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pillar-maven-gen-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes the same files for the same seed, in the export layout and at the asked scale', async () => {
    const a = await writeMavenCsv({ dir: path.join(dir, 'a'), seed: 5, scale: 2, now: NOW });
    const b = await writeMavenCsv({ dir: path.join(dir, 'b'), seed: 5, scale: 2, now: NOW });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ accounts: 170, agents: 70, managers: 12, products: 7, opportunities: 17_600 });
    expect(Object.values(a.stages).reduce((s, n) => s + n, 0)).toBe(17_600);
    for (const file of ['accounts.csv', 'products.csv', 'sales_teams.csv', 'sales_pipeline.csv']) {
      expect(await fs.readFile(path.join(dir, 'b', file))).toEqual(await fs.readFile(path.join(dir, 'a', file)));
    }
    const pipeline = (await fs.readFile(path.join(dir, 'a', 'sales_pipeline.csv'), 'utf8')).split('\r\n');
    expect(pipeline[0]).toBe('opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value');
    expect(pipeline.filter((l) => l !== '')).toHaveLength(17_601);
    expect(new Set(pipeline.map((l) => l.split(',')[0])).size).toBe(17_602); // distinct ids, plus the header and the final ''
    const other = await writeMavenCsv({ dir: path.join(dir, 'c'), seed: 6, scale: 2, now: NOW });
    expect(other.stages).not.toEqual(a.stages);
  });
});
