// Bulk API 2.0: ingest jobs (create → PUT CSV → PATCH UploadComplete → poll → result CSVs) and query jobs
// (create → poll → results paged by Sforce-Locator). Jobs report InProgress for a configurable number of polls
// before they complete, as real jobs take a while.
import { IdSequence, KEY_PREFIXES, isWellFormedId } from './ids';
import { ApiError, json, parseJsonBody, type ApiRequest, type ApiResponse, type ApiServices, type Route } from './http-types';
import { parseCsv, toCsv } from './csv';
import type { PlanResult, WriteError } from './org';
import { projectCsv, runQuery, type CompiledQuery } from './query-engine';
import { SoqlError } from './soql';
import { formatDateTime } from './values';
import { z } from 'zod';

type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface IngestJob {
  id: string;
  object: string;
  operation: IngestOperation;
  externalIdFieldName: string | null;
  state: JobState;
  createdById: string;
  createdDate: number;
  systemModstamp: number;
  csv: string | null;
  pollsSeen: number;
  errorMessage: string | null;
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
}

interface QueryJob {
  id: string;
  object: string;
  operation: 'query' | 'queryAll';
  state: JobState;
  createdById: string;
  createdDate: number;
  systemModstamp: number;
  pollsSeen: number;
  compiled: CompiledQuery;
}

export interface BulkOptions {
  /** GETs of a closed job that still answer InProgress before it completes (default 1). */
  pollsUntilComplete: number;
}

const createIngest = z.object({
  object: z.string().min(1),
  operation: z.enum(['insert', 'update', 'upsert', 'delete', 'hardDelete']),
  externalIdFieldName: z.string().optional(),
  contentType: z.literal('CSV').optional(),
  lineEnding: z.enum(['LF', 'CRLF']).optional(),
  columnDelimiter: z.literal('COMMA').optional(),
});

const createQuery = z.object({
  operation: z.enum(['query', 'queryAll']).default('query'),
  query: z.string().min(1),
});

const patchState = z.object({ state: z.enum(['UploadComplete', 'Aborted']) });

const bulkJson = (status: number, body: unknown): ApiResponse => ({ ...json(status, body), contentType: 'application/json; charset=utf-8' });
const bulkError = (status: number, errorCode: string, message: string) => new ApiError(status, errorCode, message);

function bulkErrorText(e: WriteError): string {
  return `${e.statusCode}:${e.message}:${e.fields.length ? `${e.fields.join(',')} ` : ''}--`;
}

export function createBulkRoutes(services: ApiServices, options: BulkOptions): (method: string, segments: string[]) => Route | null {
  const { org, faults } = services;
  const ids = new IdSequence();
  const ingestJobs = new Map<string, IngestJob>();
  const queryJobs = new Map<string, QueryJob>();

  /** The job-info fields Bulk 2.0 answers alike for ingest and query jobs. */
  function jobInfo(job: IngestJob | QueryJob, version: string, jobType: 'V2Ingest' | 'V2Query'): Record<string, unknown> {
    return {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: job.createdById,
      createdDate: formatDateTime(job.createdDate),
      systemModstamp: formatDateTime(job.systemModstamp),
      state: job.state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(version),
      jobType,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      retries: 0,
      totalProcessingTime: 0,
    };
  }

  function ingestInfo(job: IngestJob, version: string): Record<string, unknown> {
    return {
      ...jobInfo(job, version, 'V2Ingest'),
      ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
      contentUrl: `services/data/v${version}/jobs/ingest/${job.id}/batches`,
      numberRecordsProcessed: job.successful.length + job.failed.length,
      numberRecordsFailed: job.failed.length,
      apiActiveProcessingTime: 0,
      apexProcessingTime: 0,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }

  function ingestJob(id: string | undefined): IngestJob {
    const job = id ? ingestJobs.get(id) : undefined;
    if (!job) throw bulkError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return job;
  }

  function createIngestJob(req: ApiRequest): ApiResponse {
    const parsed = createIngest.safeParse(parseJsonBody(req));
    if (!parsed.success) throw bulkError(400, 'INVALIDJOB', `Invalid job: ${parsed.error.issues[0]?.message ?? 'bad body'}`);
    const def = org.schema.object(parsed.data.object);
    if (!def) throw bulkError(400, 'INVALIDJOB', `Entity '${parsed.data.object}' is not supported by the Bulk API.`);
    if (parsed.data.operation === 'upsert' && !parsed.data.externalIdFieldName) {
      throw bulkError(400, 'INVALIDJOB', 'External ID was blank for upsert');
    }
    const now = org.now();
    const job: IngestJob = {
      id: ids.next(KEY_PREFIXES.BulkJob),
      object: def.name,
      operation: parsed.data.operation,
      externalIdFieldName: parsed.data.externalIdFieldName ?? null,
      state: 'Open',
      createdById: req.userId,
      createdDate: now,
      systemModstamp: now,
      csv: null,
      pollsSeen: 0,
      errorMessage: null,
      header: [],
      successful: [],
      failed: [],
      unprocessed: [],
    };
    ingestJobs.set(job.id, job);
    return bulkJson(200, ingestInfo(job, req.version));
  }

  function upload(req: ApiRequest, job: IngestJob): ApiResponse {
    if (job.state !== 'Open') throw bulkError(409, 'INVALIDJOBSTATE', `Job ${job.id} is not open for data upload`);
    if (job.csv !== null) throw bulkError(409, 'INVALIDJOBSTATE', 'Data can only be uploaded to a job once');
    job.csv = req.body.toString('utf8');
    return { status: 201 };
  }

  function fail(job: IngestJob, message: string): void {
    job.state = 'Failed';
    job.errorMessage = message;
  }

  function processIngest(req: ApiRequest, job: IngestJob): void {
    let parsed: { header: string[]; rows: string[][] };
    try {
      parsed = parseCsv(job.csv ?? '');
    } catch (err) {
      fail(job, `InvalidBatch : Failed to parse CSV: ${(err as Error).message}`);
      return;
    }
    const def = org.object(job.object);
    job.header = parsed.header;
    for (const col of parsed.header) {
      if (!def.fields.has(col.toLowerCase())) {
        fail(job, `InvalidBatch : Field name not found : ${col}`);
        return;
      }
    }
    const idCol = parsed.header.findIndex((h) => h.toLowerCase() === 'id');
    if ((job.operation === 'update' || job.operation === 'delete' || job.operation === 'hardDelete') && idCol < 0) {
      fail(job, 'InvalidBatch : Field name not found : Id');
      return;
    }
    const extName = job.externalIdFieldName;
    const extCol = extName ? parsed.header.findIndex((h) => h.toLowerCase() === extName.toLowerCase()) : -1;
    if (job.operation === 'upsert' && extCol < 0) {
      fail(job, `InvalidBatch : Field name not found : ${extName ?? ''}`);
      return;
    }
    const rowIds = idCol >= 0 ? parsed.rows.map((r) => r[idCol] ?? '') : [];
    const locked = faults.takeLocks(req.method, req.fullPath, rowIds.filter(isWellFormedId));
    for (const row of parsed.rows) {
      const input: Record<string, unknown> = {};
      parsed.header.forEach((h, i) => {
        input[h] = row[i] ?? '';
      });
      const rowId = idCol >= 0 ? (row[idCol] ?? '') : '';
      let outcome: PlanResult | { ok: false; errors: WriteError[]; id?: string } | { ok: true; deletedId: string };
      if (rowId && locked.has(rowId.slice(0, 15))) {
        outcome = { ok: false, id: rowId, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] };
      } else if (job.operation === 'delete' || job.operation === 'hardDelete') {
        const rec = org.raw(rowId);
        if (!rec || rec.type !== def.name) outcome = { ok: false, errors: [{ statusCode: 'MALFORMED_ID', message: `malformed id ${rowId}`, fields: ['Id'] }] };
        else if (rec.values.IsDeleted === true) outcome = { ok: false, id: rowId, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
        else {
          org.delete(rowId, { actorId: req.userId, via: 'bulk2' });
          if (job.operation === 'hardDelete') org.purge(rowId);
          outcome = { ok: true, deletedId: rec.values.Id as string };
        }
      } else if (job.operation === 'insert' || (job.operation === 'upsert' && !extName)) {
        outcome = org.planCreate(def.name, input, { actorId: req.userId }, 'csv');
      } else if (job.operation === 'update') {
        outcome = org.planUpdate(def.name, rowId, input, { actorId: req.userId }, 'csv');
      } else {
        const extValue = row[extCol] ?? '';
        const existing = extValue && extName ? findByField(def.name, extName, extValue) : undefined;
        if (extName?.toLowerCase() === 'id') {
          const rest = Object.fromEntries(Object.entries(input).filter(([k]) => k.toLowerCase() !== 'id'));
          outcome = extValue ? org.planUpdate(def.name, extValue, rest, { actorId: req.userId }, 'csv') : org.planCreate(def.name, rest, { actorId: req.userId }, 'csv');
        } else {
          outcome = existing ? org.planUpdate(def.name, existing, input, { actorId: req.userId }, 'csv') : org.planCreate(def.name, input, { actorId: req.userId }, 'csv');
        }
      }
      if ('deletedId' in outcome) {
        job.successful.push([outcome.deletedId, 'false', ...row]);
      } else if (outcome.ok) {
        const id = org.commit(outcome.plan, { via: 'bulk2', actorId: req.userId });
        job.successful.push([id, String(outcome.plan.op === 'create'), ...row]);
      } else {
        job.failed.push([outcome.id ?? '', outcome.errors.map(bulkErrorText).join(';'), ...row]);
      }
    }
  }

  function findByField(type: string, fieldName: string, value: string): string | undefined {
    const def = org.schema.field(type, fieldName);
    if (!def) return undefined;
    for (const rec of org.rawRecords(type)) {
      if (rec.values.IsDeleted !== true && String(rec.values[def.name] ?? '') === value) return rec.values.Id as string;
    }
    return undefined;
  }

  function patchIngest(req: ApiRequest, job: IngestJob): ApiResponse {
    const parsed = patchState.safeParse(parseJsonBody(req));
    if (!parsed.success) throw bulkError(400, 'INVALIDJOBSTATE', 'state must be UploadComplete or Aborted');
    if (parsed.data.state === 'Aborted') {
      if (job.state === 'JobComplete' || job.state === 'Failed') throw bulkError(409, 'INVALIDJOBSTATE', 'Job is already finished');
      job.state = 'Aborted';
    } else {
      if (job.state !== 'Open') throw bulkError(409, 'INVALIDJOBSTATE', `Job ${job.id} is not open`);
      if (job.csv === null) {
        fail(job, 'InvalidBatch : No data was uploaded');
      } else {
        job.state = 'UploadComplete';
        processIngest(req, job);
      }
    }
    job.systemModstamp = org.now();
    return bulkJson(200, ingestInfo(job, req.version));
  }

  function getIngest(req: ApiRequest, job: IngestJob): ApiResponse {
    if (job.state === 'UploadComplete' || job.state === 'InProgress') {
      job.pollsSeen++;
      job.state = job.pollsSeen > options.pollsUntilComplete ? 'JobComplete' : 'InProgress';
    }
    return bulkJson(200, ingestInfo(job, req.version));
  }

  function ingestResults(job: IngestJob, which: 'successful' | 'failed' | 'unprocessed'): ApiResponse {
    if (job.state !== 'JobComplete' && job.state !== 'Failed' && job.state !== 'Aborted') {
      throw bulkError(400, 'INVALIDJOBSTATE', 'Results are available once the job is complete');
    }
    const header =
      which === 'successful' ? ['sf__Id', 'sf__Created', ...job.header] : which === 'failed' ? ['sf__Id', 'sf__Error', ...job.header] : job.header;
    return { status: 200, text: toCsv(header, job[which]), contentType: 'text/csv' };
  }

  function queryInfo(job: QueryJob, version: string): Record<string, unknown> {
    return { ...jobInfo(job, version, 'V2Query'), numberRecordsProcessed: job.state === 'JobComplete' ? job.compiled.records.length : 0 };
  }

  function queryJob(id: string | undefined): QueryJob {
    const job = id ? queryJobs.get(id) : undefined;
    if (!job) throw bulkError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return job;
  }

  function createQueryJob(req: ApiRequest): ApiResponse {
    const parsed = createQuery.safeParse(parseJsonBody(req));
    if (!parsed.success) throw bulkError(400, 'INVALIDJOB', `Invalid job: ${parsed.error.issues[0]?.message ?? 'bad body'}`);
    let compiled: CompiledQuery;
    try {
      compiled = runQuery(org, parsed.data.query, { includeDeleted: parsed.data.operation === 'queryAll' });
    } catch (err) {
      if (err instanceof SoqlError) throw bulkError(400, err.errorCode, err.message);
      throw err;
    }
    if (!compiled.soql.fields) throw bulkError(400, 'INVALIDJOB', 'COUNT() is not supported by Bulk API 2.0 query');
    const now = org.now();
    const job: QueryJob = {
      id: ids.next(KEY_PREFIXES.BulkJob),
      operation: parsed.data.operation,
      object: compiled.object.name,
      state: 'UploadComplete',
      createdById: req.userId,
      createdDate: now,
      systemModstamp: now,
      pollsSeen: 0,
      compiled,
    };
    queryJobs.set(job.id, job);
    return bulkJson(200, queryInfo(job, req.version));
  }

  function getQueryJob(req: ApiRequest, job: QueryJob): ApiResponse {
    if (job.state === 'UploadComplete' || job.state === 'InProgress') {
      job.pollsSeen++;
      job.state = job.pollsSeen > options.pollsUntilComplete ? 'JobComplete' : 'InProgress';
    }
    return bulkJson(200, queryInfo(job, req.version));
  }

  function queryResults(req: ApiRequest, job: QueryJob): ApiResponse {
    if (job.state !== 'JobComplete') throw bulkError(400, 'INVALIDJOBSTATE', 'Results are available once the job is complete');
    const { header, rows } = projectCsv(org, job.compiled);
    const start = Number(req.query.get('locator') ?? '0') || 0;
    const max = Number(req.query.get('maxRecords') ?? '0') || rows.length || 1;
    const slice = rows.slice(start, start + max);
    const next = start + slice.length;
    return {
      status: 200,
      text: toCsv(header, slice),
      contentType: 'text/csv',
      headers: { 'Sforce-Locator': next >= rows.length ? 'null' : String(next), 'Sforce-NumberOfRecords': String(slice.length) },
    };
  }

  return (method, seg) => {
    const [jobs, kind, id, sub] = seg;
    if (jobs !== 'jobs') return null;
    const n = seg.length;
    if (kind === 'ingest') {
      const route = (handle: Route['handle']): Route => ({ kind: 'bulk2Ingest', bulk: true, handle });
      if (n === 2 && method === 'POST') return route(createIngestJob);
      if (n === 2 && method === 'GET') {
        return route((req) => bulkJson(200, { done: true, records: [...ingestJobs.values()].map((j) => ingestInfo(j, req.version)), nextRecordsUrl: null }));
      }
      if (n === 3 && method === 'GET') return route((req) => getIngest(req, ingestJob(id)));
      if (n === 3 && method === 'PATCH') return route((req) => patchIngest(req, ingestJob(id)));
      if (n === 3 && method === 'DELETE') {
        return route(() => {
          ingestJob(id);
          ingestJobs.delete(id as string);
          return { status: 204 };
        });
      }
      if (n === 4 && sub === 'batches' && method === 'PUT') return route((req) => upload(req, ingestJob(id)));
      if (n === 4 && method === 'GET' && sub === 'successfulResults') return route(() => ingestResults(ingestJob(id), 'successful'));
      if (n === 4 && method === 'GET' && sub === 'failedResults') return route(() => ingestResults(ingestJob(id), 'failed'));
      if (n === 4 && method === 'GET' && sub === 'unprocessedrecords') return route(() => ingestResults(ingestJob(id), 'unprocessed'));
    }
    if (kind === 'query') {
      const route = (handle: Route['handle']): Route => ({ kind: 'bulk2Query', bulk: true, handle });
      if (n === 2 && method === 'POST') return route(createQueryJob);
      if (n === 3 && method === 'GET') return route((req) => getQueryJob(req, queryJob(id)));
      if (n === 3 && method === 'PATCH') {
        return route((req) => {
          const job = queryJob(id);
          const parsed = patchState.safeParse(parseJsonBody(req));
          if (!parsed.success || parsed.data.state !== 'Aborted') throw bulkError(400, 'INVALIDJOBSTATE', 'state must be Aborted');
          job.state = 'Aborted';
          return bulkJson(200, queryInfo(job, req.version));
        });
      }
      if (n === 3 && method === 'DELETE') {
        return route(() => {
          queryJob(id);
          queryJobs.delete(id as string);
          return { status: 204 };
        });
      }
      if (n === 4 && sub === 'results' && method === 'GET') return route((req) => queryResults(req, queryJob(id)));
    }
    return null;
  };
}
