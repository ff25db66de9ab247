import { createHash } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../backend/src/db/database';
import { databaseUrl } from './database-url';

export interface TestDatabase extends Database {
  url: string;
  name: string;
}

/**
 * A migrated database of its own for one test file, cloned from the run's template. It is left in place
 * after the run (for a look when a test failed) and replaced on the next run of the same file.
 */
export async function createTestDatabase(key: string): Promise<TestDatabase> {
  const serverUrl = inject('pgServerUrl');
  const template = inject('pgTemplate');
  const name = `t_${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        // Two files cloning the template at the same instant: "source database is being accessed by other users".
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(serverUrl, name);
  return { ...connectDatabase(url, { poolMax: 8 }), url, name };
}
