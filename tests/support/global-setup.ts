import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../backend/src/db/embedded-postgres';
import { migrate } from '../../backend/src/db/migrate';
import { databaseUrl } from './database-url';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

/**
 * One real PostgreSQL for the whole run: DATABASE_URL when set, otherwise an embedded one in a temporary
 * folder. The schema is migrated once into a template database; each test file clones it (test-database.ts).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = path.join(os.tmpdir(), `pillar-test-pg-${process.pid}-${Date.now()}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    serverUrl = embedded.url;
  }
  const template = `pillar_template_${process.pid}`;
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  admin.on('error', () => undefined); // an idle connection cut at server shutdown is expected during teardown
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templatePool = new pg.Pool({ connectionString: databaseUrl(serverUrl, template), max: 1 });
  try {
    await migrate(templatePool);
  } finally {
    await templatePool.end();
  }
  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', template);

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
    await admin.end();
    if (embedded) await embedded.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}
