// The in-memory org: records by id, the write path shared by the REST, Collections and Bulk endpoints and the
// test helpers (validation → plan → commit), the automation Salesforce runs on save (Opportunity stage
// defaults, OpportunityHistory rows, Task/Event derived fields) and a log of every write made through the API.
import { IdSequence, KEY_PREFIXES, isWellFormedId, to18 } from './ids';
import { FORECAST_CATEGORY_ENUM, OrgSchema, STANDARD_STAGES, TASK_CLOSED_STATUSES, type ObjectDef } from './schema';
import { coerceValue, toJsonValue, type Value, type WriteError } from './values';

export type { Value, WriteError };

export interface StoredRecord {
  readonly type: string;
  readonly values: Record<string, Value>;
}

/** A record in the REST shape (`attributes` + canonical field names, datetimes formatted). */
export type JsonRecord = Record<string, unknown> & { Id: string };

export type WriteVia = 'rest' | 'composite' | 'bulk2' | 'helper';

export interface WriteLogEntry {
  seq: number;
  at: string;
  via: WriteVia;
  op: 'create' | 'update' | 'delete' | 'undelete';
  type: string;
  id: string;
  /** The values the caller sent (canonical field names, REST JSON form). */
  fields: Record<string, unknown>;
  byUserId: string;
}

export interface WriteOptions {
  /** Acting user (test helpers default to the admin user; HTTP endpoints pass the token's user). */
  actorId?: string;
  via?: WriteVia;
  /**
   * Seeding mode for tests: read-only fields (CreatedDate, IsClosed…) may be set, required fields and
   * references are not checked, and the write is not logged. Never used by the HTTP endpoints.
   */
  system?: boolean;
}

export interface PlannedWrite {
  op: 'create' | 'update';
  type: string;
  id: string;
  changes: Record<string, Value>;
  /** The caller's values for the write log. */
  sent: Record<string, unknown>;
}

export type PlanResult = { ok: true; plan: PlannedWrite } | { ok: false; errors: WriteError[]; id?: string };

export class OrgWriteError extends Error {
  override name = 'OrgWriteError';
  constructor(readonly errors: WriteError[]) {
    super(errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
  }
}

const HISTORY_TRACKED = ['StageName', 'Amount', 'CloseDate', 'Probability', 'ForecastCategory'] as const;
const SYSTEM_ONLY_AUDIT = new Set(['id', 'isdeleted']);

export interface OrgOptions {
  /** Clock in epoch ms; the org never lets SystemModstamp go backwards. */
  now?: () => number;
  orgId?: string;
  integrationUsername?: string;
}

export class SalesforceOrg {
  readonly schema = new OrgSchema();
  readonly orgId: string;
  readonly integrationUserId: string;
  /** "Someone in Salesforce": the default actor of the test helpers (API writes act as the token's user). */
  readonly adminUserId: string;
  private readonly ids = new IdSequence();
  private readonly byId = new Map<string, StoredRecord>();
  private readonly byType = new Map<string, Map<string, StoredRecord>>();
  private readonly clock: () => number;
  private lastStamp = 0;
  private writeSeq = 0;
  private readonly blanks = new Map<string, { version: number; values: Record<string, Value> }>();
  readonly writes: WriteLogEntry[] = [];

  constructor(options: OrgOptions = {}) {
    this.clock = options.now ?? Date.now;
    this.orgId = options.orgId ?? new IdSequence().next(KEY_PREFIXES.Organization);
    for (const o of this.schema.allObjects()) this.byType.set(o.name, new Map());
    this.integrationUserId = this.ids.next(KEY_PREFIXES.User);
    const username = options.integrationUsername ?? 'integration@pillar.example';
    this.insertRaw('User', this.integrationUserId, {
      Username: username,
      FirstName: 'Pillar',
      LastName: 'Integration',
      Name: 'Pillar Integration',
      Email: username,
      IsActive: true,
      UserType: 'Standard',
      Title: 'Integration User',
    }, this.integrationUserId);
    this.adminUserId = this.ids.next(KEY_PREFIXES.User);
    this.insertRaw('User', this.adminUserId, {
      Username: 'admin@pillar-demo.example',
      FirstName: 'Sales',
      LastName: 'Admin',
      Name: 'Sales Admin',
      Email: 'admin@pillar-demo.example',
      IsActive: true,
      UserType: 'Standard',
      Title: 'Sales Operations',
    }, this.adminUserId);
  }

  /** Current time in ms, never earlier than the last stamp handed out. */
  now(): number {
    this.lastStamp = Math.max(this.clock(), this.lastStamp);
    return this.lastStamp;
  }

  // ---- reads ----

  object(type: string): ObjectDef {
    const def = this.schema.object(type);
    if (!def) throw new OrgWriteError([{ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported.`, fields: [] }]);
    return def;
  }

  raw(id: string): StoredRecord | undefined {
    return isWellFormedId(id) ? this.byId.get(to18(id)) : undefined;
  }

  /** All stored records of a type in id (creation) order, deleted ones included. */
  rawRecords(type: string): Iterable<StoredRecord> {
    return this.byType.get(this.object(type).name)?.values() ?? [];
  }

  /** One record in the REST JSON shape (all fields), or undefined. */
  get(id: string): JsonRecord | undefined {
    const rec = this.raw(id);
    return rec ? this.toJson(rec) : undefined;
  }

  records(type: string, options: { includeDeleted?: boolean } = {}): JsonRecord[] {
    const out: JsonRecord[] = [];
    for (const rec of this.rawRecords(type)) {
      if (!options.includeDeleted && rec.values.IsDeleted === true) continue;
      out.push(this.toJson(rec));
    }
    return out;
  }

  count(type: string, options: { includeDeleted?: boolean } = {}): number {
    let n = 0;
    for (const rec of this.rawRecords(type)) if (options.includeDeleted || rec.values.IsDeleted !== true) n++;
    return n;
  }

  toJson(rec: StoredRecord, apiVersion = '62.0'): JsonRecord {
    const def = this.object(rec.type);
    const id = rec.values.Id as string;
    const out: JsonRecord = { attributes: { type: def.name, url: `/services/data/v${apiVersion}/sobjects/${def.name}/${id}` }, Id: id };
    for (const f of def.fields.values()) out[f.name] = toJsonValue(f, rec.values[f.name] ?? null);
    return out;
  }

  // ---- test helpers (throw on invalid input) ----

  create(type: string, fields: Record<string, unknown>, options: WriteOptions = {}): string {
    const planned = this.planCreate(type, fields, options);
    if (!planned.ok) throw new OrgWriteError(planned.errors);
    return this.commit(planned.plan, { via: 'helper', actorId: this.adminUserId, ...options });
  }

  update(id: string, fields: Record<string, unknown>, options: WriteOptions = {}): void {
    const rec = this.raw(id);
    if (!rec) throw new OrgWriteError([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `no record ${id}`, fields: [] }]);
    const planned = this.planUpdate(rec.type, id, fields, options);
    if (!planned.ok) throw new OrgWriteError(planned.errors);
    this.commit(planned.plan, { via: 'helper', actorId: this.adminUserId, ...options });
  }

  /** Moves a record (and, for an Account or Opportunity, its dependants) to the recycle bin. */
  delete(id: string, options: WriteOptions = {}): void {
    const rec = this.raw(id);
    if (!rec || rec.values.IsDeleted === true) {
      throw new OrgWriteError([{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]);
    }
    const actor = options.actorId ?? this.adminUserId;
    const stamp = this.now();
    for (const victim of this.cascade(rec)) {
      this.stampWrite(victim, actor, stamp);
      victim.values.IsDeleted = true;
    }
    this.log({ via: options.via ?? 'helper', op: 'delete', type: rec.type, id: rec.values.Id as string, fields: {}, byUserId: actor });
  }

  /** Restores a record from the recycle bin. */
  undelete(id: string, options: WriteOptions = {}): void {
    const rec = this.raw(id);
    if (!rec || rec.values.IsDeleted !== true) throw new OrgWriteError([{ statusCode: 'UNDELETE_FAILED', message: 'record is not deleted', fields: [] }]);
    const actor = options.actorId ?? this.adminUserId;
    this.stampWrite(rec, actor, this.now());
    rec.values.IsDeleted = false;
    this.log({ via: options.via ?? 'helper', op: 'undelete', type: rec.type, id: rec.values.Id as string, fields: {}, byUserId: actor });
  }

  /** Removes a record for good (the recycle bin was emptied): queryAll no longer sees it. */
  purge(id: string): void {
    const rec = this.raw(id);
    if (!rec) return;
    this.byId.delete(rec.values.Id as string);
    this.byType.get(rec.type)?.delete(rec.values.Id as string);
  }

  /** API writes (REST, Collections, Bulk), oldest first; helper writes are included only when asked. */
  apiWrites(filter: { type?: string; op?: WriteLogEntry['op']; includeHelpers?: boolean } = {}): WriteLogEntry[] {
    return this.writes.filter(
      (w) =>
        (filter.includeHelpers || w.via !== 'helper') &&
        (!filter.type || w.type.toLowerCase() === filter.type.toLowerCase()) &&
        (!filter.op || w.op === filter.op),
    );
  }

  clearWriteLog(): void {
    this.writes.length = 0;
  }

  // ---- the write path ----

  planCreate(type: string, input: Record<string, unknown>, options: WriteOptions = {}, source: 'json' | 'csv' = 'json'): PlanResult {
    const def = this.schema.object(type);
    if (!def) return { ok: false, errors: [{ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported.`, fields: [] }] };
    const changes: Record<string, Value> = {};
    const sent: Record<string, unknown> = {};
    const errors: WriteError[] = [];
    const provided = new Set<string>();
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes') continue;
      const f = def.fields.get(key.toLowerCase());
      if (!f) {
        errors.push({ statusCode: 'INVALID_FIELD', message: `No such column '${key}' on sobject of type ${def.name}`, fields: [key] });
        continue;
      }
      provided.add(f.name);
      if (!options.system && (!f.createable || SYSTEM_ONLY_AUDIT.has(key.toLowerCase()))) {
        errors.push(notWritable(f.name));
        continue;
      }
      if (source === 'csv' && raw === '') continue;
      const c = coerceValue(f, raw, source);
      if (!c.ok) {
        errors.push(c.error);
        continue;
      }
      const refError = this.checkReference(f.name, f.referenceTo, c.value, options);
      if (refError) {
        errors.push(refError);
        continue;
      }
      changes[f.name] = c.value;
      sent[f.name] = raw;
    }
    const missing = [...def.fields.values()].filter(
      (f) => f.requiredOnCreate && (changes[f.name] === undefined || changes[f.name] === null) && !(provided.has(f.name) && errors.some((e) => e.fields.includes(f.name))),
    );
    if (missing.length && !options.system) {
      errors.push({
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`,
        fields: missing.map((f) => f.name),
      });
    }
    if (errors.length) return { ok: false, errors };
    const id = typeof changes.Id === 'string' && options.system ? changes.Id : this.ids.next(def.keyPrefix);
    return { ok: true, plan: { op: 'create', type: def.name, id, changes, sent } };
  }

  planUpdate(type: string | null, rawId: unknown, input: Record<string, unknown>, options: WriteOptions = {}, source: 'json' | 'csv' = 'json'): PlanResult {
    const typeName = type ?? 'record';
    if (typeof rawId !== 'string' || !isWellFormedId(rawId)) {
      return { ok: false, errors: [{ statusCode: 'MALFORMED_ID', message: `${typeName} ID: id value of incorrect type: ${String(rawId)}`, fields: ['Id'] }] };
    }
    const rec = this.byId.get(to18(rawId));
    const def = type ? this.schema.object(type) : rec ? this.schema.object(rec.type) : this.schema.objectForId(rawId);
    if (!def || rawId.slice(0, 3) !== def.keyPrefix) {
      return { ok: false, errors: [{ statusCode: 'MALFORMED_ID', message: `${typeName} ID: id value of incorrect type: ${rawId}`, fields: ['Id'] }] };
    }
    if (!rec) return { ok: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] };
    const id = rec.values.Id as string;
    if (rec.values.IsDeleted === true) return { ok: false, id, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
    const changes: Record<string, Value> = {};
    const sent: Record<string, unknown> = {};
    const errors: WriteError[] = [];
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes' || key === 'id' || key === 'Id') continue;
      const f = def.fields.get(key.toLowerCase());
      if (!f) {
        errors.push({ statusCode: 'INVALID_FIELD', message: `No such column '${key}' on sobject of type ${def.name}`, fields: [key] });
        continue;
      }
      if (!options.system && !f.updateable) {
        errors.push(notWritable(f.name));
        continue;
      }
      if (source === 'csv' && raw === '') continue;
      const c = coerceValue(f, raw, source);
      if (!c.ok) {
        errors.push(c.error);
        continue;
      }
      if (c.value === null && !f.nillable && !options.system) {
        errors.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${f.name}]`, fields: [f.name] });
        continue;
      }
      const refError = this.checkReference(f.name, f.referenceTo, c.value, options);
      if (refError) {
        errors.push(refError);
        continue;
      }
      changes[f.name] = c.value;
      sent[f.name] = raw;
    }
    if (errors.length) return { ok: false, id, errors };
    return { ok: true, plan: { op: 'update', type: def.name, id, changes, sent } };
  }

  /** Applies a validated write with the org's save-time automation; returns the record id. */
  commit(plan: PlannedWrite, options: WriteOptions & { via: WriteVia }): string {
    const actor = options.actorId ?? this.integrationUserId;
    const explicitStamp = options.system && typeof plan.changes.SystemModstamp === 'number' ? plan.changes.SystemModstamp : null;
    const stamp = explicitStamp ?? this.now();
    let rec: StoredRecord;
    let before: Record<string, Value>;
    if (plan.op === 'create') {
      const def = this.object(plan.type);
      rec = this.insertRaw(def.name, plan.id, def.fields.has('ownerid') ? { OwnerId: actor } : {}, actor, stamp);
      before = {};
    } else {
      const found = this.byId.get(plan.id);
      if (!found) throw new OrgWriteError([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }]);
      rec = found;
      before = { ...rec.values };
      this.stampWrite(rec, actor, stamp);
    }
    Object.assign(rec.values, plan.changes);
    this.applyAutomation(rec, before, plan, actor, stamp, options.system === true);
    if (!options.system) this.log({ via: options.via, op: plan.op, type: rec.type, id: plan.id, fields: plan.sent, byUserId: actor });
    return plan.id;
  }

  private insertRaw(type: string, id: string, fields: Record<string, Value>, actor: string, stamp = this.now()): StoredRecord {
    const def = this.object(type);
    const values: Record<string, Value> = { ...this.blank(def), ...fields, Id: id, IsDeleted: false, CreatedDate: stamp, CreatedById: actor, SystemModstamp: stamp };
    if ('LastModifiedDate' in values) {
      values.LastModifiedDate = stamp;
      values.LastModifiedById = actor;
    }
    const rec = { type: def.name, values };
    this.byId.set(id, rec);
    this.byType.get(def.name)?.set(id, rec);
    return rec;
  }

  /** Every field of a type at its empty value (false for checkboxes), cached per schema version. */
  private blank(def: ObjectDef): Record<string, Value> {
    const cached = this.blanks.get(def.name);
    if (cached && cached.version === this.schema.version) return cached.values;
    const values: Record<string, Value> = {};
    for (const f of def.fields.values()) values[f.name] = f.type === 'boolean' ? false : null;
    this.blanks.set(def.name, { version: this.schema.version, values });
    return values;
  }

  private checkReference(fieldName: string, referenceTo: string[], value: Value, options: WriteOptions): WriteError | null {
    if (referenceTo.length === 0 || typeof value !== 'string' || options.system) return null;
    const target = this.byId.get(value);
    const allowed = referenceTo.map((t) => this.schema.object(t)?.keyPrefix);
    if (!allowed.includes(value.slice(0, 3))) {
      return { statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: `${fieldName}: id value of incorrect type: ${value}`, fields: [fieldName] };
    }
    if (!target || target.values.IsDeleted === true) {
      return { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `invalid cross reference id`, fields: [fieldName] };
    }
    return null;
  }

  private stampWrite(rec: StoredRecord, actor: string, stamp: number): void {
    rec.values.SystemModstamp = stamp;
    if ('LastModifiedDate' in rec.values) {
      rec.values.LastModifiedDate = stamp;
      rec.values.LastModifiedById = actor;
    }
  }

  private applyAutomation(rec: StoredRecord, before: Record<string, Value>, plan: PlannedWrite, actor: string, stamp: number, system: boolean): void {
    const v = rec.values;
    const changed = (name: string) => plan.op === 'create' || (name in plan.changes && plan.changes[name] !== before[name]);
    const explicit = (name: string) => name in plan.changes;
    switch (rec.type) {
      case 'User':
      case 'Contact':
        if (!system || !explicit('Name')) v.Name = [v.FirstName, v.LastName].filter((x) => typeof x === 'string' && x !== '').join(' ') || null;
        if (rec.type === 'User' && plan.op === 'create' && !explicit('IsActive')) v.IsActive = true;
        break;
      case 'Opportunity': {
        const stage = typeof v.StageName === 'string' ? STANDARD_STAGES.get(v.StageName) : undefined;
        if (changed('StageName')) {
          if (stage) {
            if (!explicit('Probability')) v.Probability = stage.probability;
            if (!explicit('ForecastCategoryName')) v.ForecastCategoryName = stage.forecastCategoryName;
          } else if (plan.op === 'create' && !explicit('ForecastCategoryName')) {
            v.ForecastCategoryName = 'Pipeline';
          }
          if (!system || !explicit('IsClosed')) v.IsClosed = stage?.isClosed ?? false;
          if (!system || !explicit('IsWon')) v.IsWon = stage?.isWon ?? false;
          if (!system || !explicit('LastStageChangeDate')) v.LastStageChangeDate = plan.op === 'create' ? v.CreatedDate ?? stamp : stamp;
        }
        v.ForecastCategory = typeof v.ForecastCategoryName === 'string' ? (FORECAST_CATEGORY_ENUM.get(v.ForecastCategoryName) ?? null) : null;
        v.ExpectedRevenue = typeof v.Amount === 'number' && typeof v.Probability === 'number' ? Math.round(v.Amount * v.Probability) / 100 : null;
        if (plan.op === 'create' && !explicit('PushCount')) v.PushCount = 0;
        if (plan.op === 'update' && changed('CloseDate') && typeof before.CloseDate === 'string' && typeof v.CloseDate === 'string') {
          if (monthIndex(v.CloseDate) > monthIndex(before.CloseDate)) v.PushCount = (typeof v.PushCount === 'number' ? v.PushCount : 0) + 1;
        }
        if (HISTORY_TRACKED.some((f) => (plan.op === 'create' ? true : v[f] !== before[f]))) {
          const at = plan.op === 'create' && typeof v.CreatedDate === 'number' ? v.CreatedDate : stamp;
          this.insertRaw('OpportunityHistory', this.ids.next(KEY_PREFIXES.OpportunityHistory), {
            OpportunityId: v.Id as string,
            StageName: v.StageName ?? null,
            Amount: v.Amount ?? null,
            ExpectedRevenue: v.ExpectedRevenue ?? null,
            CloseDate: v.CloseDate ?? null,
            Probability: v.Probability ?? null,
            ForecastCategory: v.ForecastCategory ?? null,
            PrevAmount: plan.op === 'create' ? null : (before.Amount ?? null),
            PrevCloseDate: plan.op === 'create' ? null : (before.CloseDate ?? null),
          }, actor, at);
        }
        break;
      }
      case 'Task': {
        if (plan.op === 'create') {
          if (v.Status === null) v.Status = 'Not Started';
          if (v.Priority === null) v.Priority = 'Normal';
          if (v.TaskSubtype === null) v.TaskSubtype = 'Task';
        }
        const closed = typeof v.Status === 'string' && TASK_CLOSED_STATUSES.has(v.Status);
        if (!system || !explicit('IsClosed')) v.IsClosed = closed;
        if (!system || !explicit('CompletedDateTime')) {
          if (closed && (before.IsClosed !== true || plan.op === 'create')) v.CompletedDateTime = stamp;
          if (!closed) v.CompletedDateTime = null;
        }
        if (!system || !explicit('AccountId')) v.AccountId = this.deriveAccountId(v);
        break;
      }
      case 'Event': {
        if (plan.op === 'create' && v.EventSubtype === null) v.EventSubtype = 'Event';
        const start = typeof v.StartDateTime === 'number' ? v.StartDateTime : typeof v.ActivityDateTime === 'number' ? v.ActivityDateTime : null;
        if (start !== null) {
          v.StartDateTime = start;
          v.ActivityDateTime = start;
          if (!system || !explicit('ActivityDate')) v.ActivityDate = new Date(start).toISOString().slice(0, 10);
          if (explicit('EndDateTime') && typeof v.EndDateTime === 'number' && !explicit('DurationInMinutes')) {
            v.DurationInMinutes = Math.round((v.EndDateTime - start) / 60_000);
          } else if (typeof v.DurationInMinutes === 'number') {
            v.EndDateTime = start + v.DurationInMinutes * 60_000;
          }
        }
        if (!system || !explicit('AccountId')) v.AccountId = this.deriveAccountId(v);
        break;
      }
      default:
        break;
    }
  }

  /** Task/Event AccountId: the related Account, the related Opportunity's Account, else the Contact's Account. */
  private deriveAccountId(v: Record<string, Value>): Value {
    const what = typeof v.WhatId === 'string' ? this.byId.get(v.WhatId) : undefined;
    if (what?.type === 'Account') return what.values.Id ?? null;
    if (what?.type === 'Opportunity') return what.values.AccountId ?? null;
    const who = typeof v.WhoId === 'string' ? this.byId.get(v.WhoId) : undefined;
    if (who?.type === 'Contact') return who.values.AccountId ?? null;
    return null;
  }

  /** A record and what Salesforce deletes with it (Account → contacts, opportunities, activities). */
  private cascade(rec: StoredRecord): StoredRecord[] {
    const out = [rec];
    const id = rec.values.Id as string;
    const live = (type: string) => [...(this.byType.get(type)?.values() ?? [])].filter((r) => r.values.IsDeleted !== true);
    if (rec.type === 'Account') {
      for (const c of live('Contact')) if (c.values.AccountId === id) out.push(c);
      for (const o of live('Opportunity')) if (o.values.AccountId === id) out.push(...this.cascade(o));
      for (const t of [...live('Task'), ...live('Event')]) if (t.values.WhatId === id || t.values.AccountId === id) out.push(t);
    } else if (rec.type === 'Opportunity') {
      for (const r of live('OpportunityContactRole')) if (r.values.OpportunityId === id) out.push(r);
      for (const t of [...live('Task'), ...live('Event')]) if (t.values.WhatId === id) out.push(t);
    }
    return [...new Set(out)];
  }

  private log(entry: Omit<WriteLogEntry, 'seq' | 'at'>): void {
    this.writeSeq++;
    this.writes.push({ seq: this.writeSeq, at: new Date(this.lastStamp || this.now()).toISOString(), ...entry });
  }
}

function notWritable(name: string): WriteError {
  return {
    statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    message: `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    fields: [name],
  };
}

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
}
