// Import throughput: the Maven export and a generated export N× its size (default 100×: 8,500 accounts,
// 880,000 deals), each into a fresh database on an embedded Postgres, then the same import again (0 changes).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { importCsvDirectory, type ImportSummary } from '../src/crm/csv';
import { connectDatabase } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrate } from '../src/db/migrate';
import { ensureOrganization } from '../src/db/queries/organizations';
import { writeMavenCsv } from '../src/demo';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const MAVEN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/maven-crm');
const SCALE = Number(process.env.PILLAR_BENCH_IMPORT_SCALE ?? 100);
const NOW = '2025-06-02T09:00:00.000Z';

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function totals(summary: ImportSummary): { read: number; upserted: number; changes: number } {
  const files = Object.values(summary.files);
  return {
    read: files.reduce((n, f) => n + f.read, 0),
    upserted: files.reduce((n, f) => n + f.inserted + f.updated + f.unchanged, 0),
    changes: files.reduce((n, f) => n + f.inserted + f.updated, 0),
  };
}

/** Peak resident memory while `fn` runs, sampled every 50 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await fn();
    return { result, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / (1024 * 1024)) };
  } finally {
    clearInterval(timer);
  }
}

async function importTwice(serverUrl: string, database: string, dir: string, label: string): Promise<Figure[]> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const db = connectDatabase(databaseUrl(serverUrl, database));
  try {
    await migrate(db.ownerPool);
    const { id: orgId } = await ensureOrganization(db.ownerPool, `Bench ${label}`);
    const first = await withPeakRss(() => importCsvDirectory({ db: db.db, orgId, dir }));
    const again = await importCsvDirectory({ db: db.db, orgId, dir });
    const a = totals(first.result);
    const b = totals(again);
    if (b.changes !== 0) throw new Error(`re-import of ${label} reported ${b.changes} changes; expected 0`);
    const skipped = Object.values(first.result.files).reduce((n, f) => n + f.skipped.length, 0);
    return [
      { name: `${label} import`, value: Math.round(a.read / (first.result.durationMs / 1000)), unit: 'rows/s', note: `${a.read.toLocaleString('en-US')} CSV rows in ${(first.result.durationMs / 1000).toFixed(1)} s; ${a.upserted.toLocaleString('en-US')} mirror rows upserted incl. derived stage history; ${skipped} skipped` },
      { name: `${label} import, mirror rows`, value: Math.round(a.upserted / (first.result.durationMs / 1000)), unit: 'rows/s' },
      { name: `${label} re-import (0 changes)`, value: Math.round(b.read / (again.durationMs / 1000)), unit: 'rows/s', note: `${(again.durationMs / 1000).toFixed(1)} s` },
      { name: `${label} import peak RSS`, value: first.peakRssMb, unit: 'MB', note: 'whole bench process' },
    ];
  } finally {
    await db.close();
  }
}

export async function runImportBench(): Promise<Figure[]> {
  const root = path.join(os.tmpdir(), `pillar-bench-import-${process.pid}-${Date.now()}`);
  const dataDir = path.join(root, 'pg');
  const exportDir = path.join(root, `maven-x${SCALE}`);
  const server = await startEmbeddedPostgres({ dataDir, port: 0 });
  try {
    const figures: Figure[] = [];
    figures.push(...(await importTwice(server.url, 'bench_import_maven', MAVEN_DIR, 'Maven export')));

    const started = performance.now();
    const written = await writeMavenCsv({ dir: exportDir, seed: 2024, scale: SCALE, now: NOW });
    const writeSeconds = (performance.now() - started) / 1000;
    figures.push({
      name: `generate ${SCALE}× export`,
      value: Math.round(written.rows / writeSeconds),
      unit: 'rows/s',
      note: `${written.accounts.toLocaleString('en-US')} accounts, ${written.opportunities.toLocaleString('en-US')} deals in ${writeSeconds.toFixed(1)} s`,
    });
    figures.push(...(await importTwice(server.url, 'bench_import_generated', exportDir, `${SCALE}× export`)));
    return figures;
  } finally {
    await server.stop();
    await fs.rm(root, { recursive: true, force: true });
  }
}
