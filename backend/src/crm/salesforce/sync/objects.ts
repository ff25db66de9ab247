// What the sync pulls, in the order references allow (parents before children), and how one page of each
// object becomes mirror writes: map every record (rejections and notes become log entries), upsert the live
// rows, soft-delete or remove the deleted ones, then derive what depends on the page (contacts' buying roles).
import type { TenantTx } from '../../../db/database';
import { upsertMirrorRows, type UpsertResult } from '../../../db/queries/mirror';
import { deleteMirrorRows, deriveContactBuyingRoles, stagesBefore, type HardDeleteTable } from '../../../db/queries/sync';
import type { MirrorRowsByTable, MirrorStageChange, MirrorTable } from '../../mirror/rows';
import { accountSoqlFields, mapAccount } from '../map-account';
import { EVENT_FIELDS, TASK_FIELDS, mapEvent, mapTask } from '../map-activity';
import { CONTACT_ROLE_FIELDS, contactSoqlFields, mapContact, mapOpportunityContactRole } from '../map-contact';
import { mapOpportunity, opportunitySoqlFields } from '../map-opportunity';
import { STAGE_HISTORY_FIELDS, mapStageHistory } from '../map-stage-history';
import { USER_FIELDS, mapUser } from '../map-user';
import type { MapResult, MappingNote, MappingRejection } from '../types';
import type { SalesforceMapOptions } from './field-mappings';

export const SYNC_OBJECTS = ['User', 'Account', 'Contact', 'Opportunity', 'OpportunityContactRole', 'OpportunityHistory', 'Task', 'Event'] as const;
export type SyncObject = (typeof SYNC_OBJECTS)[number];

const SOURCE = 'salesforce';

/** What storing one page did, before it is added to the run's counts. */
export interface PageOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  skipped: Array<{ externalId: string | null; code: string; field: string | null; message: string }>;
  noted: Array<{ externalId: string; notes: MappingNote[] }>;
  /** References left empty because the parent is not in the mirror (the row was kept). */
  unresolved: Array<{ externalId: string; reference: string; value: string }>;
}

export interface PageContext {
  /** Leave the object-wide derivation to the end of the object (see ObjectSpec.derived). */
  deferDerived: boolean;
}

export interface ObjectSpec {
  sobject: SyncObject;
  table: MirrorTable;
  fields(options: SalesforceMapOptions): string[];
  /** Maps and stores one page inside the page's transaction. */
  storePage(tx: TenantTx, records: readonly unknown[], options: SalesforceMapOptions, context: PageContext): Promise<PageOutcome>;
  /**
   * Values derived from this object across the whole tenant (contacts' buying roles from contact roles). In
   * step (its marker cursor equals the object's cursor) they are derived page by page; while the object
   * catches up (first sync, or a run that stopped mid-object) once, for every record, at the object's end.
   */
  derived?: { marker: string; all(tx: TenantTx): Promise<void> };
}

function emptyOutcome(): PageOutcome {
  return { inserted: 0, updated: 0, unchanged: 0, deleted: 0, skipped: [], noted: [], unresolved: [] };
}

function skipOf(reason: MappingRejection): PageOutcome['skipped'][number] {
  return { externalId: reason.externalId, code: reason.code, field: reason.field, message: reason.message };
}

/** Adds an upsert's counts; rows refused for a missing required parent become skips with that reason. */
function addUpsert(outcome: PageOutcome, result: UpsertResult, counted: boolean): void {
  if (counted) {
    outcome.inserted += result.inserted;
    outcome.updated += result.updated;
    outcome.unchanged += result.unchanged;
  }
  for (const u of result.unresolved) {
    if (u.kept) outcome.unresolved.push({ externalId: u.externalId, reference: u.reference, value: u.value });
    else outcome.skipped.push({ externalId: u.externalId, code: 'MISSING_PARENT', field: u.reference, message: `the ${u.reference} ${u.value} is not in the mirror (deleted, or not visible to the integration user)` });
  }
}

type Deletion = 'soft' | 'hard' | 'inactive';

interface SimpleSpec<T extends MirrorTable> {
  sobject: SyncObject;
  table: T;
  fields(options: SalesforceMapOptions): string[];
  map(record: unknown, options: SalesforceMapOptions): MapResult<MirrorRowsByTable[T]>;
  /** soft: the row keeps deleted_at; hard: the row is removed; inactive: never deleted, only deactivated (users). */
  deletion: Deletion;
  /** Runs after the page is stored, in its transaction. */
  after?(tx: TenantTx, live: MirrorRowsByTable[T][], deleted: MirrorRowsByTable[T][], context: PageContext): Promise<void>;
  derived?: ObjectSpec['derived'];
}

function simple<T extends MirrorTable>(spec: SimpleSpec<T>): ObjectSpec {
  return {
    sobject: spec.sobject,
    table: spec.table,
    fields: spec.fields,
    ...(spec.derived ? { derived: spec.derived } : {}),
    async storePage(tx, records, options, context) {
      const outcome = emptyOutcome();
      const live: MirrorRowsByTable[T][] = [];
      const deleted: MirrorRowsByTable[T][] = [];
      for (const record of records) {
        const mapped = spec.map(record, options);
        if (!mapped.ok) {
          outcome.skipped.push(skipOf(mapped.reason));
          continue;
        }
        if (mapped.meta.notes.length) outcome.noted.push({ externalId: (mapped.row as { externalId: string }).externalId, notes: mapped.meta.notes });
        (mapped.meta.isDeleted ? deleted : live).push(mapped.row);
      }
      addUpsert(outcome, await upsertMirrorRows(tx, spec.table, SOURCE, live), true);
      outcome.deleted = deleted.length;
      if (deleted.length) {
        if (spec.deletion === 'hard') {
          await deleteMirrorRows(tx, spec.table as HardDeleteTable, SOURCE, deleted.map((r) => (r as { externalId: string }).externalId));
        } else {
          const result = await upsertMirrorRows(tx, spec.table, SOURCE, deleted);
          addUpsert(outcome, { ...result, unresolved: result.unresolved.filter((u) => !u.kept) }, false);
        }
      }
      await spec.after?.(tx, live, deleted, context);
      return outcome;
    },
  };
}

/**
 * OpportunityHistory: the mapper keeps rows where the Pillar stage changed, threading the previous stage
 * through the page; the first row of each opportunity starts from the stage stored before it, so a page
 * boundary (or a re-read after a crash) neither loses nor invents a change.
 */
const stageHistorySpec: ObjectSpec = {
  sobject: 'OpportunityHistory',
  table: 'stage_history',
  fields: () => [...STAGE_HISTORY_FIELDS],
  async storePage(tx, records, options) {
    const outcome = emptyOutcome();
    const deletedIds: string[] = [];
    const present: unknown[] = [];
    for (const record of records) {
      const r = record && typeof record === 'object' ? (record as Record<string, unknown>) : {};
      if (r.IsDeleted === true && typeof r.Id === 'string') deletedIds.push(r.Id);
      else present.push(record);
    }
    const results = mapStageHistory(present, { ...(options.opportunity.stageMap ? { stageMap: options.opportunity.stageMap } : {}) });
    const changes: MirrorStageChange[] = [];
    for (const result of results) {
      if (!result.ok) outcome.skipped.push(skipOf(result.reason));
      else {
        if (result.meta.notes.length) outcome.noted.push({ externalId: result.row.externalId, notes: result.meta.notes });
        changes.push(result.row);
      }
    }
    const firsts = new Map<string, MirrorStageChange>();
    for (const c of changes) if (!firsts.has(c.opportunityExternalId)) firsts.set(c.opportunityExternalId, c);
    const before = await stagesBefore(
      tx,
      SOURCE,
      [...firsts.values()].map((c) => ({ opportunityExternalId: c.opportunityExternalId, before: c.changedAt })),
    );
    const rows: MirrorStageChange[] = [];
    for (const c of changes) {
      if (firsts.get(c.opportunityExternalId) === c) {
        const previous = before.get(c.opportunityExternalId) ?? null;
        if (previous === c.toStage) continue;
        rows.push({ ...c, fromStage: previous });
      } else rows.push(c);
    }
    const rejected = outcome.skipped.length;
    addUpsert(outcome, await upsertMirrorRows(tx, 'stage_history', SOURCE, rows), true);
    // History rows that changed no Pillar stage have nothing to store.
    outcome.unchanged += present.length - rows.length - rejected;
    outcome.deleted = deletedIds.length;
    await deleteMirrorRows(tx, 'stage_history', SOURCE, deletedIds);
    return outcome;
  },
};

/** Every object the sync pulls, parents before children. */
export const OBJECT_SPECS: readonly ObjectSpec[] = [
  simple({
    sobject: 'User',
    table: 'users',
    fields: () => [...USER_FIELDS],
    map: (record) => mapUser(record),
    deletion: 'inactive',
  }),
  simple({ sobject: 'Account', table: 'accounts', fields: (o) => accountSoqlFields(o.account), map: (r, o) => mapAccount(r, o.account), deletion: 'soft' }),
  simple({
    sobject: 'Contact',
    table: 'contacts',
    fields: (o) => contactSoqlFields(o.contact),
    map: (r, o) => mapContact(r, o.contact),
    deletion: 'soft',
    // A changed contact row is rewritten with the default role: derive it again from its deals.
    after: (tx, live) => deriveContactBuyingRoles(tx, SOURCE, live.map((c) => c.externalId)).then(() => undefined),
  }),
  simple({ sobject: 'Opportunity', table: 'opportunities', fields: (o) => opportunitySoqlFields(o.opportunity), map: (r, o) => mapOpportunity(r, o.opportunity), deletion: 'soft' }),
  simple({
    sobject: 'OpportunityContactRole',
    table: 'opportunity_contacts',
    fields: () => [...CONTACT_ROLE_FIELDS],
    map: (r, o) => mapOpportunityContactRole(r, o.contactRole),
    deletion: 'hard',
    after: async (tx, live, deleted, context) => {
      if (!context.deferDerived) await deriveContactBuyingRoles(tx, SOURCE, [...live, ...deleted].map((r) => r.contactExternalId));
    },
    derived: { marker: 'OpportunityContactRole:buyingRoles', all: (tx) => deriveContactBuyingRoles(tx, SOURCE, 'all').then(() => undefined) },
  }),
  stageHistorySpec,
  simple({ sobject: 'Task', table: 'activities', fields: () => [...TASK_FIELDS], map: (r) => mapTask(r), deletion: 'hard' }),
  simple({ sobject: 'Event', table: 'activities', fields: () => [...EVENT_FIELDS], map: (r) => mapEvent(r), deletion: 'hard' }),
];
