import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../backend/src/db/queries/organizations';
import { loadPlayTemplates, seedPlayTemplates } from '../backend/src/db/queries/play-store';
import { withOrg } from '../backend/src/db/tenant';
import { accountInput, opportunityInput } from '../backend/src/engine/signals/testing/inputs';
import { DEFAULT_PLAY_TEMPLATES } from '../backend/src/engine/plays/templates';
import type { CrmTaskDraft, CrmTaskMirror } from '../backend/src/signals/crm-task-mirror';
import { runSignalCycle } from '../backend/src/signals/run-signal-cycle';
import { HOUR, ManualClock, seedBook } from '../backend/src/signals/testing/fixtures';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('plays-cycle');
});
afterAll(() => database?.close());

async function tenant(name: string) {
  const orgId = (await ensureOrganization(database.ownerPool, `${name} ${randomBytes(3).toString('hex')}`)).id;
  const clock = new ManualClock('2026-11-02T09:00:00Z');
  const book = await withOrg(database.db, orgId, (tx) => seedBook(tx, orgId));
  const plays = async () =>
    (await withOrg(database.db, orgId, (tx) =>
      tx.execute<{ id: string; template_key: string; signal_id: string; account_id: string | null; opportunity_id: string | null; owner_id: string; sla_due_at: string; state: string }>(
        sql`select id, template_key, signal_id, account_id, opportunity_id, owner_id, sla_due_at::text, state from plays order by created_at, template_key`,
      ),
    )).rows;
  const tasks = async (playId: string) =>
    (await withOrg(database.db, orgId, (tx) =>
      tx.execute<{ order_num: number; title: string; owner_id: string; due_at: string; crm_task_external_id: string | null }>(
        sql`select order_num, title, owner_id, due_at::text, crm_task_external_id from play_tasks where play_id = ${playId} order by order_num`,
      ),
    )).rows;
  return { orgId, clock, book, plays, tasks };
}

/** A CRM task mirror that records what it was asked and answers like a connector would. */
function recordingMirror(provider: 'salesforce' | 'hubspot', failTitles: readonly string[] = []): CrmTaskMirror & { drafts: CrmTaskDraft[] } {
  const drafts: CrmTaskDraft[] = [];
  return {
    provider,
    drafts,
    async createTasks(batch) {
      drafts.push(...batch);
      return batch.map((d, i) => (failTitles.some((t) => d.subject.includes(t)) ? { taskId: d.taskId, error: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' } : { taskId: d.taskId, externalId: `00T${String(i).padStart(15, '0')}` }));
    },
  };
}

describe('play templates', () => {
  it('seeds the six defaults per tenant, idempotently, without overwriting an edited template', async () => {
    const t = await tenant('Seed');
    await withOrg(database.db, t.orgId, async (tx) => {
      expect(await seedPlayTemplates(tx, t.clock.now())).toEqual({ inserted: 6 });
      await tx.execute(sql`update play_templates set name = 'Our renewal save', sla_hours = 48 where key = 'renewal_rescue'`);
      expect(await seedPlayTemplates(tx, t.clock.now())).toEqual({ inserted: 0 });
      const templates = await loadPlayTemplates(tx);
      expect(templates.map((x) => x.key)).toEqual(DEFAULT_PLAY_TEMPLATES.map((x) => x.key));
      expect(templates[0]).toMatchObject({ key: 'renewal_rescue', name: 'Our renewal save', slaHours: 48, enabled: true, tasks: DEFAULT_PLAY_TEMPLATES[0]!.tasks });
    });
  });
});

describe('plays started by signals', () => {
  it('creates the checklist with owners from the owner rules, relative due dates and the SLA', async () => {
    const t = await tenant('Checklist');
    const report = await runSignalCycle({ db: database.db, clock: t.clock }, t.orgId, {
      accounts: [accountInput({ accountId: t.book.accounts[0]!.id, ownerId: t.book.accounts[0]!.ownerId, renewalRisk: 88 })],
      opportunities: [],
    });
    expect(report.playsCreated).toBe(1);
    const [play] = await t.plays();
    const owner = t.book.accounts[0]!.ownerId;
    expect(play).toMatchObject({ template_key: 'renewal_rescue', account_id: t.book.accounts[0]!.id, owner_id: owner, state: 'ACTIVE' });
    expect(new Date(play!.sla_due_at).getTime() - t.clock.now().getTime()).toBe(72 * HOUR);
    const tasks = await t.tasks(play!.id);
    expect(tasks.map((x) => [x.order_num, x.owner_id === t.book.manager ? 'manager' : x.owner_id === owner ? 'owner' : 'other', (new Date(x.due_at).getTime() - t.clock.now().getTime()) / HOUR])).toEqual([
      [1, 'owner', 24],
      [2, 'owner', 48],
      [3, 'manager', 72],
      [4, 'owner', 168],
    ]);
  });

  it('starts no second play of the same template on a record while one runs, and a new one after it ends', async () => {
    const t = await tenant('One per record');
    const deal = t.book.opportunities[0]!;
    const stalled = (days: number) => ({ accounts: [], opportunities: [opportunityInput({ opportunityId: deal.id, accountId: deal.accountId, ownerId: deal.ownerId, features: { daysInStage: days, closeDatePushes: 2 } })] });
    const first = await runSignalCycle({ db: database.db, clock: t.clock }, t.orgId, stalled(40));
    expect(first).toMatchObject({ created: 2, playsCreated: 1 });
    expect((await t.plays())[0]).toMatchObject({ template_key: 'stalled_deal', opportunity_id: deal.id, owner_id: deal.ownerId });
    await withOrg(database.db, t.orgId, (tx) => tx.execute(sql`update plays set state = 'COMPLETED', outcome = 'WON', completed_at = ${t.clock.now()}`));
    await withOrg(database.db, t.orgId, (tx) => tx.execute(sql`update signals set state = 'RESOLVED', resolved_at = ${t.clock.now()}, cooldown_until = ${t.clock.now()}`));
    t.clock.advance(HOUR);
    const again = await runSignalCycle({ db: database.db, clock: t.clock }, t.orgId, stalled(41));
    expect(again.playsCreated).toBe(1);
    expect((await t.plays()).map((p) => p.state)).toEqual(['COMPLETED', 'ACTIVE']);
  });

  it('starts nothing from a template the tenant switched off', async () => {
    const t = await tenant('Disabled');
    await withOrg(database.db, t.orgId, async (tx) => {
      await seedPlayTemplates(tx, t.clock.now());
      await tx.execute(sql`update play_templates set enabled = 'off' where key = 'renewal_rescue'`);
    });
    const report = await runSignalCycle({ db: database.db, clock: t.clock }, t.orgId, { accounts: [accountInput({ accountId: t.book.accounts[0]!.id, ownerId: t.book.accounts[0]!.ownerId, renewalRisk: 88 })], opportunities: [] });
    expect(report).toMatchObject({ created: 1, playsCreated: 0 });
  });

  it('mirrors the tasks of new plays to the CRM the record came from and records the CRM task ids', async () => {
    const t = await tenant('Mirror');
    const deal = t.book.opportunities[0]!;
    await withOrg(database.db, t.orgId, async (tx) => {
      await tx.execute(sql`update opportunities set source = 'salesforce', external_id = '006000000000XYZ' where id = ${deal.id}`);
      await tx.execute(sql`update users set source = 'salesforce', external_id = '005000000000OWN' where id = ${deal.ownerId}`);
    });
    const mirror = recordingMirror('salesforce', ['Deal review']);
    const report = await runSignalCycle({ db: database.db, clock: t.clock, crmTaskMirror: mirror }, t.orgId, {
      accounts: [accountInput({ accountId: t.book.accounts[1]!.id, ownerId: t.book.accounts[1]!.ownerId, renewalRisk: 90 })],
      opportunities: [opportunityInput({ opportunityId: deal.id, accountId: deal.accountId, ownerId: deal.ownerId, features: { daysInStage: 45 } })],
    });
    expect(report.playsCreated).toBe(2);
    expect(report.crmTasks).toEqual({ mirrored: 3, failed: 1 });
    // Only the deal came from Salesforce; the CSV account's renewal play stays in Pillar.
    expect(mirror.drafts.map((d) => d.record)).toEqual(Array(4).fill({ object: 'opportunity', externalId: '006000000000XYZ' }));
    expect(mirror.drafts[0]).toMatchObject({ subject: 'Stalled deal: Confirm the buyer’s timeline and next step', ownerCrmUserId: '005000000000OWN' });
    const stalled = (await t.plays()).find((p) => p.template_key === 'stalled_deal')!;
    expect((await t.tasks(stalled.id)).map((x) => x.crm_task_external_id === null)).toEqual([false, false, true, false]);
  });
});
