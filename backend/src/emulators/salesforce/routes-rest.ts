// REST resources below /services/data/vXX.X: query / queryAll / queryMore cursors, limits, describe,
// sObject rows, deleted/updated feeds and sObject Collections (create, update, delete, retrieve).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KEY_PREFIXES, isWellFormedId, to18 } from './ids';
import { ApiError, NOT_FOUND, json, parseJsonBody, type ApiRequest, type ApiResponse, type ApiServices, type Route } from './http-types';
import type { PlanResult, WriteError } from './org';
import { projectRecord, runQuery, type CompiledQuery } from './query-engine';
import type { ObjectDef } from './schema';
import { SoqlError } from './soql';
import type { ApiAllowance } from './stats';
import { formatDateTime } from './values';

export const MAX_COLLECTION_RECORDS = 200;
const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

interface Cursor {
  id: string;
  userId: string;
  query: CompiledQuery;
  lastUsed: number;
}

export interface RestOptions {
  allowance: ApiAllowance;
  maxOpenCursorsPerUser: number;
}

const collectionBody = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const retrieveBody = z.object({ ids: z.array(z.string()), fields: z.array(z.string()).min(1) });

const lockError = (id: string): WriteError => ({
  statusCode: 'UNABLE_TO_LOCK_ROW',
  message: `unable to obtain exclusive access to this record or 1 records: ${id}`,
  fields: [],
});

const rolledBack: WriteError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

type SaveResult = { id?: string; success: boolean; errors: WriteError[]; created?: boolean };

export function createRestRoutes(services: ApiServices, options: RestOptions): (method: string, segments: string[]) => Route | null {
  const { org, faults } = services;
  const cursors = new Map<string, Cursor>();

  function describeObject(def: ObjectDef, version: string): Record<string, unknown> {
    const base = `/services/data/v${version}/sobjects/${def.name}`;
    return {
      name: def.name,
      label: def.label,
      labelPlural: def.labelPlural,
      keyPrefix: def.keyPrefix,
      custom: def.custom,
      createable: def.name !== 'OpportunityHistory',
      updateable: def.name !== 'OpportunityHistory',
      deletable: def.name !== 'OpportunityHistory',
      queryable: true,
      retrieveable: true,
      searchable: true,
      layoutable: true,
      replicateable: true,
      urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
    };
  }

  function objectOr404(name: string | undefined): ObjectDef {
    const def = name ? org.schema.object(name) : undefined;
    if (!def) throw NOT_FOUND();
    return def;
  }

  function soqlFailure(err: unknown): never {
    if (err instanceof SoqlError) throw new ApiError(400, err.errorCode, err.message);
    throw err;
  }

  function batchSize(req: ApiRequest): number {
    const header = req.headers['sforce-query-options'];
    const m = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
    if (!m) return DEFAULT_BATCH;
    return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(m[1])));
  }

  function page(req: ApiRequest, cursor: Cursor, offset: number): ApiResponse {
    const size = batchSize(req);
    const rows = cursor.query.records.slice(offset, offset + size);
    const next = offset + rows.length;
    const done = next >= cursor.query.records.length;
    cursor.lastUsed = org.now();
    if (done) cursors.delete(cursor.id);
    return json(200, {
      totalSize: cursor.query.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${req.version}/query/${cursor.id}-${next}` }),
      records: rows.map((r) => projectRecord(org, cursor.query, r, req.version)),
    });
  }

  function openCursor(req: ApiRequest, includeDeleted: boolean): ApiResponse {
    const q = req.query.get('q');
    if (!q) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    let compiled: CompiledQuery;
    try {
      compiled = runQuery(org, q, { includeDeleted });
    } catch (err) {
      soqlFailure(err);
    }
    if (!compiled.soql.fields) return json(200, { totalSize: compiled.count, done: true, records: [] });
    const mine = [...cursors.values()].filter((c) => c.userId === req.userId).sort((a, b) => a.lastUsed - b.lastUsed);
    while (mine.length >= options.maxOpenCursorsPerUser) cursors.delete((mine.shift() as Cursor).id);
    const cursor: Cursor = { id: `${KEY_PREFIXES.QueryCursor}${randomBytes(8).toString('hex').slice(0, 15)}`, userId: req.userId, query: compiled, lastUsed: org.now() };
    cursors.set(cursor.id, cursor);
    return page(req, cursor, 0);
  }

  function queryMore(req: ApiRequest, locator: string): ApiResponse {
    const m = /^(.+)-(\d+)$/.exec(locator);
    const cursor = m ? cursors.get(m[1] as string) : undefined;
    if (!m || !cursor || cursor.userId !== req.userId) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const offset = Number(m[2]);
    if (offset > cursor.query.records.length) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(req, cursor, offset);
  }

  function limits(): ApiResponse {
    const { allowance } = options;
    return json(200, {
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
      DailyApiRequests: { Max: allowance.dailyMax, Remaining: allowance.remaining() },
      DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
      DataStorageMB: { Max: 1024, Remaining: 1024 },
      FileStorageMB: { Max: 1024, Remaining: 1024 },
      SingleEmail: { Max: 5000, Remaining: 5000 },
    });
  }

  function describe(req: ApiRequest, def: ObjectDef): ApiResponse {
    return json(200, {
      ...describeObject(def, req.version),
      fields: [...def.fields.values()].map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        soapType: soapType(f.type),
        length: f.length,
        precision: f.precision,
        scale: f.scale,
        digits: f.type === 'int' ? f.precision : 0,
        byteLength: f.length * 3,
        picklistValues: f.picklistValues.map((p) => ({ ...p, validFor: null })),
        restrictedPicklist: f.restrictedPicklist,
        referenceTo: f.referenceTo,
        relationshipName: f.relationshipName,
        createable: f.createable,
        updateable: f.updateable,
        nillable: f.nillable,
        defaultedOnCreate: !f.requiredOnCreate && !f.nillable,
        custom: f.custom,
        calculated: f.calculated,
        externalId: f.externalId,
        idLookup: f.name === 'Id' || f.externalId,
        unique: f.name === 'Id',
        filterable: f.type !== 'textarea',
        sortable: f.type !== 'textarea',
        groupable: f.type !== 'textarea' && f.type !== 'datetime',
      })),
      childRelationships: [],
      recordTypeInfos: [],
    });
  }

  function writeResults(req: ApiRequest, planned: Array<PlanResult | { ok: false; errors: WriteError[]; id?: string }>, allOrNone: boolean): SaveResult[] {
    const failed = planned.some((p) => !p.ok);
    if (allOrNone && failed) {
      return planned.map((p) =>
        p.ok ? { id: p.plan.id, success: false, errors: [rolledBack] } : { ...(p.id ? { id: p.id } : {}), success: false, errors: p.errors },
      );
    }
    return planned.map((p) => {
      if (!p.ok) return { ...(p.id ? { id: p.id } : {}), success: false, errors: p.errors };
      const id = org.commit(p.plan, { via: 'composite', actorId: req.userId });
      return { id, success: true, errors: [] };
    });
  }

  function collectionRecords(req: ApiRequest): { allOrNone: boolean; records: Array<Record<string, unknown>> } {
    const parsed = collectionBody.safeParse(parseJsonBody(req));
    if (!parsed.success) throw new ApiError(400, 'JSON_PARSER_ERROR', `Invalid collection request: ${parsed.error.issues[0]?.message ?? 'bad body'}`);
    if (parsed.data.records.length > MAX_COLLECTION_RECORDS) {
      throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`, []);
    }
    return { allOrNone: parsed.data.allOrNone ?? false, records: parsed.data.records };
  }

  function recordType(rec: Record<string, unknown>): string | null {
    const attrs = rec.attributes;
    if (attrs && typeof attrs === 'object' && 'type' in attrs && typeof attrs.type === 'string') return attrs.type;
    return null;
  }

  const missingType: WriteError = { statusCode: 'INVALID_TYPE', message: 'Must send a concrete entity type.', fields: [] };

  function compositeUpdate(req: ApiRequest): ApiResponse {
    const { allOrNone, records } = collectionRecords(req);
    const locked = faults.takeLocks(req.method, req.fullPath, records.map((r) => (typeof r.id === 'string' ? r.id : typeof r.Id === 'string' ? r.Id : '')));
    const planned = records.map((rec) => {
      const type = recordType(rec);
      if (!type) return { ok: false as const, errors: [missingType] };
      const id = typeof rec.id === 'string' ? rec.id : rec.Id;
      if (typeof id === 'string' && locked.has(id.slice(0, 15)) && isWellFormedId(id)) return { ok: false as const, id: to18(id), errors: [lockError(to18(id))] };
      return org.planUpdate(type, id, rec, { actorId: req.userId });
    });
    return json(200, writeResults(req, planned, allOrNone));
  }

  function compositeCreate(req: ApiRequest): ApiResponse {
    const { allOrNone, records } = collectionRecords(req);
    const planned = records.map((rec) => {
      const type = recordType(rec);
      if (!type) return { ok: false as const, errors: [missingType] };
      if ('id' in rec || 'Id' in rec) {
        return { ok: false as const, errors: [{ statusCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: ['Id'] }] };
      }
      return org.planCreate(type, rec, { actorId: req.userId });
    });
    return json(200, writeResults(req, planned, allOrNone));
  }

  function compositeDelete(req: ApiRequest): ApiResponse {
    const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > MAX_COLLECTION_RECORDS) {
      throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`, []);
    }
    const allOrNone = req.query.get('allOrNone') === 'true';
    const locked = faults.takeLocks(req.method, req.fullPath, ids);
    const checks = ids.map((id) => {
      const rec = org.raw(id);
      if (!isWellFormedId(id) || !rec) return { id, errors: [{ statusCode: 'MALFORMED_ID', message: `malformed id ${id}`, fields: [] }] };
      const full = rec.values.Id as string;
      if (rec.values.IsDeleted === true) return { id: full, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
      if (locked.has(full.slice(0, 15))) return { id: full, errors: [lockError(full)] };
      return { id: full, errors: [] as WriteError[] };
    });
    const anyFailed = checks.some((c) => c.errors.length > 0);
    return json(200, checks.map((c) => {
      if (c.errors.length) return { id: c.id, success: false, errors: c.errors };
      if (allOrNone && anyFailed) return { id: c.id, success: false, errors: [rolledBack] };
      org.delete(c.id, { actorId: req.userId, via: 'composite' });
      return { id: c.id, success: true, errors: [] };
    }));
  }

  function compositeRetrieve(req: ApiRequest, def: ObjectDef): ApiResponse {
    const parsed = retrieveBody.safeParse(parseJsonBody(req));
    if (!parsed.success) throw new ApiError(400, 'JSON_PARSER_ERROR', 'Invalid retrieve request');
    const fields = parsed.data.fields.map((f) => {
      const fd = def.fields.get(f.toLowerCase());
      if (!fd) throw new ApiError(400, 'INVALID_FIELD', `No such column '${f}' on sobject of type ${def.name}`);
      return fd.name;
    });
    return json(200, parsed.data.ids.map((id) => {
      const rec = org.raw(id);
      if (!rec || rec.type !== def.name || rec.values.IsDeleted === true) return null;
      const full = org.toJson(rec, req.version);
      return Object.fromEntries([['attributes', full.attributes], ...fields.map((f) => [f, full[f]])]);
    }));
  }

  function getRecord(req: ApiRequest, def: ObjectDef, id: string): ApiResponse {
    const rec = org.raw(id);
    if (!rec || rec.type !== def.name || rec.values.IsDeleted === true) throw NOT_FOUND();
    const full = org.toJson(rec, req.version);
    const wanted = req.query.get('fields');
    if (!wanted) return json(200, full);
    const names = wanted.split(',').map((f) => {
      const fd = def.fields.get(f.trim().toLowerCase());
      if (!fd) throw new ApiError(400, 'INVALID_FIELD', `No such column '${f}' on sobject of type ${def.name}`);
      return fd.name;
    });
    return json(200, Object.fromEntries([['attributes', full.attributes], ...names.map((n) => [n, full[n]]), ['Id', full.Id]]));
  }

  function singleWriteFailure(errors: WriteError[], status = 400): never {
    const first = errors[0] as WriteError;
    throw new ApiError(status, first.statusCode, first.message, first.fields);
  }

  function updateRecord(req: ApiRequest, def: ObjectDef, id: string): ApiResponse {
    const body = parseJsonBody(req);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object');
    if (faults.takeLocks(req.method, req.fullPath, [id]).size > 0) singleWriteFailure([lockError(id)]);
    const planned = org.planUpdate(def.name, id, body as Record<string, unknown>, { actorId: req.userId });
    if (!planned.ok) {
      if (planned.errors[0]?.statusCode === 'INVALID_CROSS_REFERENCE_KEY') throw NOT_FOUND();
      singleWriteFailure(planned.errors);
    }
    org.commit(planned.plan, { via: 'rest', actorId: req.userId });
    return { status: 204 };
  }

  function createRecord(req: ApiRequest, def: ObjectDef): ApiResponse {
    const body = parseJsonBody(req);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object');
    const planned = org.planCreate(def.name, body as Record<string, unknown>, { actorId: req.userId });
    if (!planned.ok) singleWriteFailure(planned.errors);
    const id = org.commit(planned.plan, { via: 'rest', actorId: req.userId });
    return json(201, { id, success: true, errors: [] });
  }

  function deleteRecord(req: ApiRequest, def: ObjectDef, id: string): ApiResponse {
    const rec = org.raw(id);
    if (!rec || rec.type !== def.name) throw NOT_FOUND();
    if (rec.values.IsDeleted === true) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    if (faults.takeLocks(req.method, req.fullPath, [id]).size > 0) singleWriteFailure([lockError(id)]);
    org.delete(id, { actorId: req.userId, via: 'rest' });
    return { status: 204 };
  }

  function window(req: ApiRequest): [number, number] {
    const start = Date.parse(req.query.get('start') ?? '');
    const end = Date.parse(req.query.get('end') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'start and end must be ISO datetimes');
    if (end < start) throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'end must be after start');
    return [start, end];
  }

  function deletedFeed(req: ApiRequest, def: ObjectDef): ApiResponse {
    const [start, end] = window(req);
    const rows: Array<{ id: string; deletedDate: string }> = [];
    let earliest: number | null = null;
    for (const rec of org.rawRecords(def.name)) {
      if (rec.values.IsDeleted !== true) continue;
      const at = rec.values.SystemModstamp as number;
      earliest = earliest === null ? at : Math.min(earliest, at);
      if (at >= start && at <= end) rows.push({ id: rec.values.Id as string, deletedDate: formatDateTime(at) });
    }
    return json(200, { deletedRecords: rows, earliestDateAvailable: formatDateTime(earliest ?? start), latestDateCovered: formatDateTime(end) });
  }

  function updatedFeed(req: ApiRequest, def: ObjectDef): ApiResponse {
    const [start, end] = window(req);
    const ids: string[] = [];
    for (const rec of org.rawRecords(def.name)) {
      const at = rec.values.SystemModstamp as number;
      if (rec.values.IsDeleted !== true && at >= start && at <= end) ids.push(rec.values.Id as string);
    }
    return json(200, { ids, latestDateCovered: formatDateTime(end) });
  }

  function requireCollections(req: ApiRequest): void {
    if (Number(req.version) < 42) throw NOT_FOUND();
  }

  return (method, seg) => {
    const [a, b, c] = seg;
    const n = seg.length;
    if (n === 0 && method === 'GET') {
      return {
        kind: 'resources',
        handle: (req) => json(200, Object.fromEntries(['query', 'queryAll', 'sobjects', 'limits', 'composite', 'jobs'].map((k) => [k, `/services/data/v${req.version}/${k}`]))),
      };
    }
    if ((a === 'query' || a === 'queryAll') && method === 'GET') {
      if (n === 1) return { kind: a, handle: (req) => openCursor(req, a === 'queryAll') };
      if (n === 2) return { kind: 'queryMore', handle: (req) => queryMore(req, b as string) };
    }
    if (a === 'limits' && n === 1 && method === 'GET') return { kind: 'limits', handle: limits };
    if (a === 'sobjects') {
      if (n === 1 && method === 'GET') {
        return {
          kind: 'describeGlobal',
          handle: (req) => json(200, { encoding: 'UTF-8', maxBatchSize: MAX_COLLECTION_RECORDS, sobjects: org.schema.allObjects().map((o) => describeObject(o, req.version)) }),
        };
      }
      if (n === 2 && method === 'GET') {
        return { kind: 'sobjectInfo', handle: (req) => json(200, { objectDescribe: describeObject(objectOr404(b), req.version), recentItems: [] }) };
      }
      if (n === 2 && method === 'POST') return { kind: 'sobjectCreate', handle: (req) => createRecord(req, objectOr404(b)) };
      if (n === 3 && c === 'describe' && method === 'GET') return { kind: 'describe', handle: (req) => describe(req, objectOr404(b)) };
      if (n === 3 && c === 'deleted' && method === 'GET') return { kind: 'deleted', handle: (req) => deletedFeed(req, objectOr404(b)) };
      if (n === 3 && c === 'updated' && method === 'GET') return { kind: 'updated', handle: (req) => updatedFeed(req, objectOr404(b)) };
      if (n === 3 && method === 'GET') return { kind: 'sobjectGet', handle: (req) => getRecord(req, objectOr404(b), c as string) };
      if (n === 3 && method === 'PATCH') return { kind: 'sobjectUpdate', handle: (req) => updateRecord(req, objectOr404(b), c as string) };
      if (n === 3 && method === 'DELETE') return { kind: 'sobjectDelete', handle: (req) => deleteRecord(req, objectOr404(b), c as string) };
    }
    if (a === 'composite' && b === 'sobjects') {
      const guard = (fn: (req: ApiRequest) => ApiResponse) => (req: ApiRequest) => {
        requireCollections(req);
        return fn(req);
      };
      if (n === 2 && method === 'PATCH') return { kind: 'compositeUpdate', handle: guard(compositeUpdate) };
      if (n === 2 && method === 'POST') return { kind: 'compositeCreate', handle: guard(compositeCreate) };
      if (n === 2 && method === 'DELETE') return { kind: 'compositeDelete', handle: guard(compositeDelete) };
      if (n === 3 && method === 'POST') return { kind: 'compositeRetrieve', handle: guard((req) => compositeRetrieve(req, objectOr404(c))) };
    }
    return null;
  };
}

function soapType(t: string): string {
  switch (t) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'int':
      return 'xsd:int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    default:
      return 'xsd:string';
  }
}
