// Full rescore from Postgres: a generated tenant (seeded demo generator, loaded through the mirror upserts)
// of 10k accounts / 30k deals / 300k activities, then 100k / 300k / 3M, each in a fresh database on an
// embedded Postgres. The rescore runs in a child process of its own, so its peak RSS is the rescore's alone
// (not the loader's). Sizes: PILLAR_BENCH_RESCORE_SIZES=10000,100000 (default).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectDatabase } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrate } from '../src/db/migrate';
import { ensureOrganization } from '../src/db/queries/organizations';
import { generateDataset, loadDataset } from '../src/demo';
import { scoreTenant, type ScoreTenantSummary } from '../src/scoring';
import type { Figure } from './run';

const SIZES = (process.env.PILLAR_BENCH_RESCORE_SIZES ?? '10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const NOW = new Date('2025-06-02T09:00:00.000Z');
const OPPS_PER_ACCOUNT = 3;
const ACTIVITIES_PER_ACCOUNT = 30;
const WORKER_FLAG = '--rescore-worker';
const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '../..');

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const fmt = (n: number) => n.toLocaleString('en-US');

interface WorkerResult {
  summary: ScoreTenantSummary;
  wallMs: number;
  peakRssMb: number;
  baselineRssMb: number;
}

/** In the child: one full rescore, RSS sampled every 25 ms; prints the result as JSON. */
async function worker(url: string, orgId: string): Promise<void> {
  const database = connectDatabase(url, { poolMax: 4 });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  try {
    const started = performance.now();
    const summary = await scoreTenant({ db: database.db, orgId, now: NOW });
    const wallMs = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    const result: WorkerResult = { summary, wallMs, peakRssMb: Math.round(peak / 2 ** 20), baselineRssMb: Math.round(baseline / 2 ** 20) };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(timer);
    await database.close();
  }
}

function runWorker(url: string, orgId: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, WORKER_FLAG, url, orgId], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`rescore worker exited with ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(line) as WorkerResult);
    });
  });
}

interface SizeResult {
  accounts: number;
  figures: Figure[];
  wallMs: number;
  peakRssMb: number;
}

async function benchSize(serverUrl: string, accounts: number): Promise<SizeResult> {
  const name = `bench_rescore_${accounts}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(serverUrl, name);
  const db = connectDatabase(url);
  const label = `${fmt(accounts / 1000)}k accounts`;
  try {
    await migrate(db.ownerPool);
    const { id: orgId } = await ensureOrganization(db.ownerPool, `Rescore ${accounts}`);
    const loadStarted = performance.now();
    const loaded = await loadDataset({
      db: db.db,
      orgId,
      batches: generateDataset({ seed: 42, accounts, oppsPerAccount: OPPS_PER_ACCOUNT, activitiesPerAccount: ACTIVITIES_PER_ACCOUNT, now: NOW, batchSize: 2000 }),
    });
    const loadMs = performance.now() - loadStarted;
    await db.ownerPool.query('vacuum analyze');
    const rows = Object.values(loaded).reduce((n, r) => n + r.inserted + r.updated + r.unchanged, 0);
    const count = (table: string) => loaded[table as keyof typeof loaded]?.inserted ?? 0;

    const loadAvg = os.loadavg()[0]!;
    const run = await runWorker(url, orgId);
    const loadAvgAfter = os.loadavg()[0]!;
    const s = run.summary;
    const seconds = run.wallMs / 1000;
    const t = s.timings;
    return {
      accounts,
      wallMs: run.wallMs,
      peakRssMb: run.peakRssMb,
      figures: [
        {
          name: `${label}: load`,
          value: Math.round(loadMs / 100) / 10,
          unit: 's',
          note: `${fmt(rows)} mirror rows (${fmt(count('opportunities'))} deals, ${fmt(count('activities'))} activities, ${fmt(count('contacts'))} contacts, ${fmt(count('stage_history'))} stage changes) via the mirror upserts, ${fmt(Math.round(rows / (loadMs / 1000)))} rows/s`,
        },
        {
          name: `${label}: full rescore`,
          value: Math.round(seconds * 10) / 10,
          unit: 's',
          note: `stage busy times (overlapping): benchmarks ${(t.benchmarksMs / 1000).toFixed(1)} s, load ${(t.loadMs / 1000).toFixed(1)} s, score ${(t.scoreMs / 1000).toFixed(1)} s, write ${(t.writeMs / 1000).toFixed(1)} s in ${s.chunks} chunks; 1-min load average ${loadAvg.toFixed(1)} → ${loadAvgAfter.toFixed(1)} on ${os.cpus().length} cores`,
        },
        { name: `${label}: accounts/s`, value: Math.round(s.accounts.scored / seconds), unit: 'accounts/s', note: `${fmt(s.accounts.scored)} scored, ${fmt(s.accounts.skipped)} skipped` },
        { name: `${label}: deals/s`, value: Math.round(s.deals.scored / seconds), unit: 'deals/s', note: `${fmt(s.deals.scored)} open or closed in 90 days` },
        { name: `${label}: peak RSS`, value: run.peakRssMb, unit: 'MB', note: `rescore process alone (${run.baselineRssMb} MB at start)` },
      ],
    };
  } finally {
    await db.close();
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await cleanup.end();
  }
}

export async function runRescoreBench(): Promise<Figure[]> {
  const dataDir = path.join(os.tmpdir(), `pillar-bench-rescore-${process.pid}-${Date.now()}`);
  const server = await startEmbeddedPostgres({ dataDir, port: 0 });
  try {
    const figures: Figure[] = [];
    const results: SizeResult[] = [];
    for (const accounts of SIZES) {
      const r = await benchSize(server.url, accounts);
      results.push(r);
      figures.push(...r.figures);
    }
    const small = results[0];
    const large = results.at(-1);
    if (small && large && large !== small) {
      const scale = large.accounts / small.accounts;
      figures.push({ name: `growth ${fmt(small.accounts / 1000)}k → ${fmt(large.accounts / 1000)}k: wall time`, value: Math.round((large.wallMs / small.wallMs) * 100) / 100, unit: '×', note: `data grew ${scale}×; linear is ${scale}×` });
      figures.push({ name: `growth ${fmt(small.accounts / 1000)}k → ${fmt(large.accounts / 1000)}k: peak RSS`, value: Math.round((large.peakRssMb / small.peakRssMb) * 100) / 100, unit: '×', note: `${small.peakRssMb} MB → ${large.peakRssMb} MB` });
    }
    return figures;
  } finally {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === WORKER_FLAG) {
  const [url, orgId] = process.argv.slice(3);
  if (!url || !orgId) throw new Error(`usage: ${WORKER_FLAG} <database url> <org id>`);
  await worker(url, orgId);
}
