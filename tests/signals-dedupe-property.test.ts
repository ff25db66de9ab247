import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { withOrg } from '../backend/src/db/tenant';
import type { SignalCommand } from '../backend/src/engine/signals/lifecycle';
import { accountInput, opportunityInput } from '../backend/src/engine/signals/testing/inputs';
import type { SignalInputs } from '../backend/src/engine/signals/types';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { HOUR, ManualClock, seedBook } from '../backend/src/signals/testing/fixtures';
import { transitionSignal } from '../backend/src/signals/transition-signal';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('signals-dedupe-property');
});
afterAll(() => database?.close());

/** What the scoring pass says about the small book in one cycle (null: input missing). */
const cycleArb = fc.record({
  risks: fc.array(fc.constantFrom(null, 10, 35, 60, 90), { minLength: 3, maxLength: 3 }),
  decay: fc.array(fc.constantFrom(null, 0, 55, 85), { minLength: 3, maxLength: 3 }),
  hygiene: fc.array(fc.constantFrom(null, 20, 55, 80), { minLength: 3, maxLength: 3 }),
  closed: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});

type CycleInput = typeof cycleArb extends fc.Arbitrary<infer T> ? T : never;

const commandArb = fc.oneof(
  fc.record({ kind: fc.constant('cycle' as const), input: cycleArb, advanceHours: fc.constantFrom(0, 1, 6, 30, 80, 400) }),
  fc.record({ kind: fc.constant('parallel-cycles' as const), a: cycleArb, b: cycleArb }),
  fc.record({
    kind: fc.constant('user' as const),
    pick: fc.nat(),
    action: fc.constantFrom('acknowledge', 'start', 'resolve', 'suppress'),
    hours: fc.integer({ min: 1, max: 200 }),
  }),
);

describe('one open signal per dedupe key', () => {
  it('holds for any sequence of scoring cycles and user actions (real Postgres)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 14 }), async (commands) => {
        const orgId = (await ensureOrganization(database.ownerPool, `Property ${randomBytes(4).toString('hex')}`)).id;
        const clock = new ManualClock('2026-11-02T09:00:00Z');
        const book = await withOrg(database.db, orgId, (tx) => seedBook(tx, orgId, { accounts: 3 }));
        const deps = { db: database.db, clock };
        const inputs = (c: CycleInput): SignalInputs => ({
          accounts: book.accounts.map((a, i) => accountInput({ accountId: a.id, ownerId: a.ownerId, renewalRisk: c.risks[i] ?? null, features: { engagementDecayPct: c.decay[i] ?? null } })),
          opportunities: book.opportunities.slice(0, 3).map((o, i) =>
            opportunityInput({ opportunityId: o.id, accountId: o.accountId, ownerId: o.ownerId, hygiene: c.hygiene[i] ?? null, features: { isClosed: c.closed[i] ?? false } }),
          ),
        });
        for (const command of commands) {
          if (command.kind === 'cycle') {
            clock.advance(command.advanceHours * HOUR);
            await runSignalCycle(deps, orgId, inputs(command.input));
          } else if (command.kind === 'parallel-cycles') {
            await Promise.all([runSignalCycle(deps, orgId, inputs(command.a)), runSignalCycle(deps, orgId, inputs(command.b))]);
          } else {
            const ids = (await withOrg(database.db, orgId, (tx) => tx.execute<{ id: string }>(sql`select id from signals order by created_at, id`))).rows;
            if (ids.length === 0) continue;
            const signalId = ids[command.pick % ids.length]!.id;
            const until = new Date(clock.now().getTime() + command.hours * HOUR);
            const action: SignalCommand =
              command.action === 'suppress' ? { kind: 'suppress', reason: 'tested suppression', until } : command.action === 'resolve' ? { kind: 'resolve', cooldownHours: 72 } : { kind: command.action };
            // Illegal moves are refused by the reducer; legal ones must never create a duplicate either.
            await withOrg(database.db, orgId, (tx) => transitionSignal(tx, { signalId, command: action, actor: { kind: 'user', userId: book.reps[0]! }, now: clock.now() }));
          }
          const duplicates = await withOrg(database.db, orgId, (tx) =>
            tx.execute(sql`select dedupe_key, count(*)::int as n from signals where state in ('PENDING','ACTIVE','ACKNOWLEDGED','IN_PROGRESS') group by dedupe_key having count(*) > 1`),
          );
          expect(duplicates.rows).toEqual([]);
        }
        // Every stored state change has its transition: the log replays to the current state.
        const drift = await withOrg(database.db, orgId, (tx) =>
          tx.execute(sql`select s.id from signals s where s.state <> (select t.to_state from signal_transitions t where t.signal_id = s.id order by t.at desc, t.id desc limit 1)`),
        );
        expect(drift.rows).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
