import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { accounts, opportunities, users } from '../../db/schema';
import type { TenantTx } from '../../db/database';
import type { Clock } from '../../runtime';

/**
 * Test support for the signals, plays and notifications suites (real Postgres, local HTTP servers): a clock
 * that tests move by hand, a small CRM book to raise signals on, and an HTTP receiver that records requests
 * and can be taken down and brought back.
 */

export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Book {
  manager: string;
  reps: string[];
  accounts: { id: string; name: string; ownerId: string; domain: string }[];
  opportunities: { id: string; accountId: string; ownerId: string }[];
}

/** Users (a manager and reps), accounts with domains and one open deal each, in the current tenant. */
export async function seedBook(tx: TenantTx, orgId: string, size: { reps?: number; accounts?: number } = {}): Promise<Book> {
  const tag = randomUUID().slice(0, 8);
  const [manager] = await tx.insert(users).values({ orgId, name: `Manager ${tag}`, email: `mgr-${tag}@example.com`, externalId: `mgr-${tag}`, role: 'MANAGER' }).returning({ id: users.id });
  const reps = await tx
    .insert(users)
    .values(Array.from({ length: size.reps ?? 2 }, (_, i) => ({ orgId, name: `Rep ${i} ${tag}`, email: `rep${i}-${tag}@example.com`, externalId: `rep${i}-${tag}`, role: 'REP_CSM' as const, managerId: manager!.id })))
    .returning({ id: users.id });
  const mirror = (externalId: string) => ({ orgId, source: 'csv' as const, externalId, sourceHash: `h-${externalId}` });
  const accountRows = await tx
    .insert(accounts)
    .values(
      Array.from({ length: size.accounts ?? 4 }, (_, i) => ({
        ...mirror(`a-${i}-${tag}`),
        name: `Account ${i} ${tag} Inc.`,
        domain: `account${i}-${tag}.example.org`,
        ownerId: reps[i % reps.length]!.id,
        arr: 50_000 + i * 10_000,
      })),
    )
    .returning({ id: accounts.id, name: accounts.name, ownerId: accounts.ownerId, domain: accounts.domain });
  const oppRows = await tx
    .insert(opportunities)
    .values(accountRows.map((a, i) => ({ ...mirror(`o-${i}-${tag}`), accountId: a.id, ownerId: a.ownerId, name: `Deal ${i}`, stage: 'Engaging', rawStage: 'Engaging', amount: 20_000 })))
    .returning({ id: opportunities.id, accountId: opportunities.accountId, ownerId: opportunities.ownerId });
  return {
    manager: manager!.id,
    reps: reps.map((r) => r.id),
    accounts: accountRows.map((a) => ({ id: a.id, name: a.name, ownerId: a.ownerId!, domain: a.domain! })),
    opportunities: oppRows.map((o) => ({ id: o.id, accountId: o.accountId!, ownerId: o.ownerId! })),
  };
}

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP endpoint for webhook tests. `mode` decides the answer: 'up' (200), 'error' (503), 'down' (the
 * connection is destroyed without an answer, like a receiver that is not listening).
 */
export async function startReceiver(): Promise<{
  url: string;
  received: ReceivedRequest[];
  setMode(mode: 'up' | 'error' | 'down'): void;
  /** Answer 500 to the requests this picks (e.g. one record's events), whatever the mode. */
  rejectWhen(test: ((req: ReceivedRequest) => boolean) | null): void;
  close(): Promise<void>;
}> {
  const received: ReceivedRequest[] = [];
  let mode: 'up' | 'error' | 'down' = 'up';
  let reject: ((req: ReceivedRequest) => boolean) | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode === 'down') {
        req.socket.destroy();
        return;
      }
      if (mode === 'error') {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
        return;
      }
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (reject?.(request)) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('rejected');
        return;
      }
      received.push(request);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/pillar`,
    received,
    setMode: (m) => {
      mode = m;
    },
    rejectWhen: (test) => {
      reject = test;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
