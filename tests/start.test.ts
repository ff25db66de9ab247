import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../backend/src/db/embedded-postgres';

const root = path.resolve(__dirname, '..');
let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  }
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function waitForHealth(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('npm start on a machine without Postgres', () => {
  it('serves /healthz and a ready database within 60 s, and stops cleanly on SIGTERM', async () => {
    dataDir = path.join(os.tmpdir(), `pillar-start-${process.pid}-${Date.now()}`);
    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: '', PORT: String(port), PILLAR_DATA_DIR: dataDir, PILLAR_EMBEDDED_PG_PORT: '0', LOG_LEVEL: 'info' };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const output: string[] = [];
    child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/cli.ts', 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));

    const started = Date.now();
    const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, started + 60_000);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { status: 'up' } });

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
    expect(code, output.join('')).toBe(0);
    expect(output.join('')).toContain('embedded PostgreSQL stopped');
  });
});
