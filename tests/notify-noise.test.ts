import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { renewals } from '../backend/src/db/schema';
import { withOrg } from '../backend/src/db/tenant';
import { assessPrecision } from '../backend/src/engine/signals/precision';
import { accountInput, opportunityInput } from '../backend/src/engine/signals/testing/inputs';
import { signalPrecisionReport } from '../backend/src/signals/precision-report';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { ManualClock, seedBook } from '../backend/src/signals/testing/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('notify-noise');
});
afterAll(() => database?.close());

describe('signal precision report', () => {
  it('counts the signals of each type that preceded a closed-lost deal or a churned renewal within the window', async () => {
    const orgId = (await ensureOrganization(database.ownerPool, `Precision ${randomBytes(3).toString('hex')}`)).id;
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const book = await withOrg(database.db, orgId, (tx) => seedBook(tx, orgId, { accounts: 4 }));
    // Renewal warnings on all four accounts; stage stagnation on deals 0 and 1.
    await runSignalCycle({ db: database.db, clock }, orgId, {
      accounts: book.accounts.map((a) => accountInput({ accountId: a.id, ownerId: a.ownerId, renewalRisk: 60 })),
      opportunities: book.opportunities.slice(0, 2).map((o) => opportunityInput({ opportunityId: o.id, accountId: o.accountId, ownerId: o.ownerId, features: { daysInStage: 45 } })),
    });
    await withOrg(database.db, orgId, async (tx) => {
      const lost = (id: string, at: string) => tx.execute(sql`update opportunities set is_closed = true, is_won = false, closed_at = ${new Date(at)} where id = ${id}`);
      await lost(book.opportunities[0]!.id, '2026-07-01T00:00:00Z'); // 30 days after: counts for account 0 and deal 0
      await lost(book.opportunities[2]!.id, '2026-12-01T00:00:00Z'); // 183 days after: outside the 90-day window
      await tx.execute(sql`update opportunities set is_closed = true, is_won = true, closed_at = ${new Date('2026-06-20T00:00:00Z')} where id = ${book.opportunities[1]!.id}`); // won: no loss
      await tx.insert(renewals).values({ orgId, source: 'csv', externalId: `r-${randomBytes(3).toString('hex')}`, sourceHash: 'h', accountId: book.accounts[3]!.id, renewalDate: '2026-08-15', arr: 50_000, disposition: 'CHURNED' });
    });
    const report = await signalPrecisionReport({ db: database.db }, orgId, { since: new Date('2026-05-01T00:00:00Z'), until: new Date('2026-07-01T00:00:00Z'), windowDays: 90, minSample: 2 });
    const byType = Object.fromEntries(report.rows.map((r) => [r.type, r]));
    expect(byType.renewal_risk_warning).toMatchObject({ family: 'RENEWAL', raised: 4, followedByLoss: 2, precision: 0.5, assessment: 'strong' });
    expect(byType.stage_stagnation).toMatchObject({ raised: 2, followedByLoss: 1, precision: 0.5 });
    const later = await signalPrecisionReport({ db: database.db }, orgId, { since: new Date('2026-05-01T00:00:00Z'), until: new Date('2026-07-01T00:00:00Z'), windowDays: 200, minSample: 2 });
    expect(later.rows.find((r) => r.type === 'renewal_risk_warning')).toMatchObject({ followedByLoss: 3 });
  });
});

describe('assessPrecision', () => {
  it('calls a rarely-right type noisy and names the thresholds to tune', () => {
    const [row] = assessPrecision([{ type: 'stage_stagnation', family: 'PIPELINE', raised: 40, followedByLoss: 2 }]);
    expect(row).toMatchObject({ precision: 0.05, assessment: 'noisy', thresholdKeys: ['stage_stagnation_days'] });
    expect(row!.suggestion).toContain('stage_stagnation_days');
  });
  it('waits for enough history, and does not judge positive signals by losses', () => {
    expect(assessPrecision([{ type: 'renewal_risk_warning', family: 'RENEWAL', raised: 3, followedByLoss: 0 }])[0]!.assessment).toBe('insufficient_data');
    expect(assessPrecision([{ type: 'expansion_ready', family: 'EXPANSION', raised: 50, followedByLoss: 0 }])[0]!.assessment).toBe('not_a_risk_signal');
    expect(assessPrecision([{ type: 'close_date_pushed', family: 'PIPELINE', raised: 20, followedByLoss: 6 }])[0]!.assessment).toBe('useful');
  });
});
