import type { Db } from '../db/database';
import {
  loadAccountArr,
  loadAccountPage,
  loadActiveProfile,
  loadActivities,
  loadBenchmarkOpportunityPage,
  loadCachedBenchmarks,
  loadContacts,
  loadDealActivities,
  loadHealthPoints,
  loadLeads,
  loadOpportunities,
  loadOpportunityContacts,
  loadOrphanOpportunityPage,
  loadRenewals,
  loadStageHistory,
  loadTenantShape,
  saveCachedBenchmarks,
  type OpportunityRow,
  type ScoringExecutor,
  type StageHistoryRow,
} from '../db/queries/scoring-inputs';
import { deleteAccountScores, deleteScoresOfDeletedRecords, upsertAccountScores, upsertOpportunityScores, upsertScorePoints, type AccountScoreWrite, type OpportunityScoreWrite, type ScorePointWrite } from '../db/queries/scores';
import { withOrg } from '../db/tenant';
import { accountSignalInput, opportunitySignalInput } from '../engine/signals/inputs';
import type { AccountSignalInput, OpportunitySignalInput } from '../engine/signals/types';
import {
  buildAccountFeatures,
  buildOpportunityFeatures,
  compileProfile,
  computeTenantBenchmarks,
  DEFAULT_PROFILE,
  scoreAccount,
  scoreDeal,
  type CompiledProfile,
  type OpportunityFeatureInput,
  type OpportunityInput,
  type StageHistoryInput,
  type TenantBenchmarks,
} from '../engine';
import { assembleAccounts, assembleOrphanDeals, benchmarkDeals, type AccountChunkRows, type DealRows } from './assemble-inputs';
import { fromBenchmarkSnapshot, toBenchmarkSnapshot } from './benchmark-snapshot';
import { DAY_MS, utcDay } from './dates';
import { toStoredAccountScore } from './stored-account-score';
import { riskUnassessed, toStoredOpportunityScore } from './stored-opportunity-score';
import { SummaryBuilder, type ScoreTenantSummary } from './tenant-summary';
import { mapTenantShape, type TenantShape } from './tenant-shape';

/**
 * Scores one tenant from Postgres: load → map → score → persist, a chunk of accounts at a time.
 *
 * 1. Tenant shape (what it syncs), the active scoring profile, and tenant benchmarks. A full rescore
 *    computes benchmarks from every deal and its stage history (paged by id) and caches them; a rescore of
 *    `onlyAccountIds` reads that cache (computing it when there is none).
 * 2. Accounts in id order, `chunkSize` at a time, through a pipeline: a chunk's rows are read in one
 *    withOrg transaction (one query per table, `= any(ids)`), the engine scores it, and its results are
 *    written in another (multi-row upserts of account_scores, score_history — one point per account per
 *    day — and opportunity_scores), while the next chunk is already loading. An account no rule can
 *    score loses any old score and is counted as skipped.
 * 3. A full rescore then scores deals that have no account, and removes the scores of accounts and deals
 *    deleted in the CRM since they were scored.
 *
 * Memory is bounded by about three chunks in flight, except the benchmark pass, which holds every deal and stage-history row
 * of the tenant in their compact engine form.
 */
export interface ScoreTenantOptions {
  db: Db;
  orgId: string;
  /** The instant scores are computed as of (injected; never the wall clock inside). */
  now: Date;
  /** Rescore only these accounts and their deals (deals without an account are left alone). */
  onlyAccountIds?: readonly string[];
  /** Accounts per chunk (default 1,000). */
  chunkSize?: number;
  /** Chunk writes in flight at once, each on its own connection (default 2). */
  writers?: number;
  /** Called after each chunk is written. */
  onProgress?: (progress: { accountsDone: number; dealsDone: number }) => void;
  /**
   * Receives each chunk's results as signal inputs (features + scores), so the cycle raises signals from
   * this pass without computing features twice. Without it nothing is kept.
   */
  onScored?: (batch: ScoredBatch) => void;
}

export interface ScoredBatch {
  accounts: AccountSignalInput[];
  deals: OpportunitySignalInput[];
}

export const DEFAULT_CHUNK_SIZE = 1000;
export const DEFAULT_WRITERS = 2;
const BENCHMARK_PAGE = 20_000;
/** score_history points older than this are not read (trend and momentum look back 30 ± 7 days). */
const HISTORY_LOOKBACK_DAYS = 40;

export class ScoringProfileError extends Error {
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ScoringProfileError';
  }
}

async function activeProfile(tx: ScoringExecutor): Promise<CompiledProfile> {
  const row = await loadActiveProfile(tx);
  if (row === null) return DEFAULT_PROFILE;
  const compiled = compileProfile({ ...row.profile, version: row.version });
  if (!compiled.ok) {
    throw new ScoringProfileError(`The active scoring profile v${row.version} is invalid: ${compiled.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, compiled.issues);
  }
  return compiled.profile;
}

/** Every live deal with its stage history, a page at a time, into the engine's tenant benchmarks. */
async function computeBenchmarks(db: Db, orgId: string, shape: TenantShape, now: Date): Promise<TenantBenchmarks> {
  const opportunities: OpportunityInput[] = [];
  const stageHistory: StageHistoryInput[] = [];
  const stages = new Map<string, string>();
  const intern = (s: string): string => {
    const known = stages.get(s);
    if (known !== undefined) return known;
    stages.set(s, s);
    return s;
  };
  let afterId: string | null = null;
  for (;;) {
    const page: { opportunities: OpportunityRow[]; stageHistory: StageHistoryRow[] } = await withOrg(db, orgId, async (tx) => {
      const opps = await loadBenchmarkOpportunityPage(tx, { afterId, limit: BENCHMARK_PAGE });
      const history = opps.length && shape.stageHistory ? await loadStageHistory(tx, opps.map((o) => o.id)) : [];
      return { opportunities: opps, stageHistory: history };
    });
    if (page.opportunities.length === 0) break;
    for (const o of page.opportunities) o.stage = intern(o.stage);
    for (const h of page.stageHistory) h.to_stage = intern(h.to_stage);
    const mapped = benchmarkDeals(page, shape, now);
    for (const o of mapped.opportunities) opportunities.push(o);
    for (const h of mapped.stageHistory) stageHistory.push(h);
    afterId = page.opportunities[page.opportunities.length - 1]!.id;
    if (page.opportunities.length < BENCHMARK_PAGE) break;
  }
  const accountArr = await withOrg(db, orgId, (tx) => loadAccountArr(tx));
  return computeTenantBenchmarks({ opportunities, stageHistory, accountArr });
}

async function loadAccountChunk(tx: ScoringExecutor, accounts: AccountChunkRows['accounts'], shape: TenantShape, now: Date): Promise<AccountChunkRows> {
  const ids = accounts.map((a) => a.id);
  const today = utcDay(now);
  const fromDay = utcDay(now.getTime() - HISTORY_LOOKBACK_DAYS * DAY_MS);
  const withSubjects = shape.competitorNames.length > 0;
  // One connection per transaction: the queries run one after another.
  const contacts = shape.contacts ? await loadContacts(tx, ids) : [];
  const opportunities = shape.opportunities ? await loadOpportunities(tx, ids) : [];
  const renewals = shape.renewals ? await loadRenewals(tx, ids) : [];
  const activities = shape.activities ? await loadActivities(tx, ids, { withSubjects }) : [];
  const leads = shape.leads ? await loadLeads(tx, ids) : [];
  const healthPoints = await loadHealthPoints(tx, ids, { fromDay, toDay: today });
  const dealIds = opportunities.map((o) => o.id);
  const opportunityContacts = shape.opportunityContacts && dealIds.length ? await loadOpportunityContacts(tx, dealIds) : [];
  const stageHistory = shape.stageHistory && dealIds.length ? await loadStageHistory(tx, dealIds) : [];
  return { accounts, contacts, opportunities, opportunityContacts, stageHistory, renewals, activities, leads, healthPoints };
}

interface ChunkWrites {
  accounts: AccountScoreWrite[];
  unscored: string[];
  points: ScorePointWrite[];
  deals: OpportunityScoreWrite[];
  /** Signal inputs of this chunk, filled only when the caller asked for them. */
  scored: ScoredBatch;
}

function emptyWrites(): ChunkWrites {
  return { accounts: [], unscored: [], points: [], deals: [], scored: { accounts: [], deals: [] } };
}

interface ScoringContext {
  /** Set when the caller wants signal inputs (ScoreTenantOptions.onScored). */
  readonly collect: boolean;
  readonly now: Date;
  readonly today: string;
  readonly benchmarks: TenantBenchmarks;
  readonly profile: CompiledProfile;
  readonly shape: TenantShape;
  readonly summary: SummaryBuilder;
}

function scoreDeals(deals: readonly OpportunityFeatureInput[], ctx: ScoringContext, out: ChunkWrites): void {
  const { now, benchmarks, profile } = ctx;
  for (const d of deals) {
    const { features, timeline } = buildOpportunityFeatures(d, now, benchmarks, profile.highValueQuantile);
    const scores = scoreDeal(features, timeline, now, profile);
    if (ctx.collect) out.scored.deals.push(opportunitySignalInput({ name: d.opportunity.name, features, scores }));
    const stored = toStoredOpportunityScore(scores, d.opportunity, now);
    out.deals.push({ opportunityId: d.opportunity.id, score: stored });
    ctx.summary.addDeal(stored, d.opportunity.isClosed, riskUnassessed(scores));
  }
}

/** The engine over one chunk of accounts and their deals (pure CPU, no I/O). */
function scoreAccountChunk(rows: AccountChunkRows, ctx: ScoringContext): ChunkWrites {
  const { now, benchmarks, profile, summary } = ctx;
  const out = emptyWrites();
  for (const { input, deals } of assembleAccounts(rows, ctx.shape, now)) {
    const features = buildAccountFeatures(input, now, benchmarks);
    const health = scoreAccount(features, now, profile);
    if (ctx.collect) out.scored.accounts.push(accountSignalInput({ name: input.account.name, features, health }));
    summary.addAccount(health, input);
    const stored = toStoredAccountScore(health, { renewals: input.renewals, scoredAt: now });
    if (stored === null) out.unscored.push(input.account.id);
    else {
      out.accounts.push({ accountId: input.account.id, score: stored });
      out.points.push({ accountId: input.account.id, day: ctx.today, healthScore: stored.healthScore, renewalRisk: stored.renewalRisk, categoryScores: stored.categoryScores });
    }
    scoreDeals(deals, ctx, out);
  }
  return out;
}

async function writeChunk(db: Db, orgId: string, writes: ChunkWrites): Promise<void> {
  await withOrg(db, orgId, async (tx) => {
    await upsertAccountScores(tx, writes.accounts);
    await deleteAccountScores(tx, writes.unscored);
    await upsertScorePoints(tx, writes.points);
    await upsertOpportunityScores(tx, writes.deals);
  });
}

/** A promise whose rejection is handled later (when awaited), not reported as unhandled meanwhile. */
function deferred<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Runs chunks through load → score → write with the stages overlapped: while the engine scores chunk N
 * (CPU, this process), Postgres loads chunk N + 1 and writes the chunks before N, up to `writers` of them
 * at once (each write is its own transaction on its own connection, so Postgres can use more than one
 * core for the writes, which dominate a full rescore). Memory holds about `writers` + 2 chunks.
 */
async function pipeline<R>(
  load: (previous: R | null) => Promise<R | null>,
  score: (rows: R) => ChunkWrites,
  write: (writes: ChunkWrites) => Promise<void>,
  onChunk: () => void,
  writers: number,
): Promise<void> {
  let loading = deferred(load(null));
  const writing: Promise<void>[] = [];
  try {
    for (;;) {
      const rows = await loading;
      if (rows === null) break;
      loading = deferred(load(rows));
      const writes = score(rows);
      while (writing.length >= writers) await writing.shift();
      writing.push(deferred(write(writes).then(onChunk)));
    }
  } finally {
    // Never leave a write running behind the caller's back, even when a load or the engine failed.
    const settled = await Promise.allSettled(writing);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

export async function scoreTenant(options: ScoreTenantOptions): Promise<ScoreTenantSummary> {
  const { db, orgId, now } = options;
  const started = performance.now();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const writers = options.writers ?? DEFAULT_WRITERS;
  const summary = new SummaryBuilder();
  const only = options.onlyAccountIds === undefined ? undefined : [...new Set(options.onlyAccountIds)].sort();

  const t0 = performance.now();
  const setup = await withOrg(db, orgId, async (tx) => ({
    shape: mapTenantShape(await loadTenantShape(tx)),
    profile: await activeProfile(tx),
    cached: only === undefined ? null : await loadCachedBenchmarks(tx),
  }));
  const { shape, profile } = setup;
  let benchmarks = setup.cached === null ? null : fromBenchmarkSnapshot(setup.cached.value);
  const benchmarkSource: 'computed' | 'cached' = benchmarks === null ? 'computed' : 'cached';
  if (benchmarks === null) {
    benchmarks = await computeBenchmarks(db, orgId, shape, now);
    const snapshot = toBenchmarkSnapshot(benchmarks);
    await withOrg(db, orgId, (tx) => saveCachedBenchmarks(tx, snapshot, now));
  }
  summary.timings.benchmarksMs = performance.now() - t0;
  const ctx: ScoringContext = { collect: options.onScored !== undefined, now, today: utcDay(now), benchmarks, profile, shape, summary };

  let accountsDone = 0;
  let dealsDone = 0;
  const timed = <T>(phase: 'loadMs' | 'scoreMs' | 'writeMs', fn: () => T): T => {
    const t = performance.now();
    const result = fn();
    if (result instanceof Promise) return result.finally(() => (summary.timings[phase] += performance.now() - t)) as T;
    summary.timings[phase] += performance.now() - t;
    return result;
  };
  const write = (writes: ChunkWrites) =>
    timed('writeMs', async () => {
      await writeChunk(db, orgId, writes);
      options.onScored?.(writes.scored);
      accountsDone += writes.accounts.length + writes.unscored.length;
      dealsDone += writes.deals.length;
    });
  const progress = () => {
    summary.chunks++;
    options.onProgress?.({ accountsDone, dealsDone });
  };

  // Accounts: keyset pages in id order, or the requested ids a slice at a time.
  let onlyOffset = 0;
  await pipeline<AccountChunkRows>(
    (previous) =>
      timed('loadMs', async () => {
        let page: { afterId: string | null; limit: number; onlyIds?: readonly string[] };
        if (only !== undefined) {
          if (onlyOffset >= only.length) return null;
          page = { afterId: null, limit: chunkSize, onlyIds: only.slice(onlyOffset, (onlyOffset += chunkSize)) };
        } else {
          if (previous !== null && previous.accounts.length < chunkSize) return null;
          page = { afterId: previous === null ? null : previous.accounts[previous.accounts.length - 1]!.id, limit: chunkSize };
        }
        return withOrg(db, orgId, async (tx) => {
          const accounts = await loadAccountPage(tx, page);
          return accounts.length === 0 && only === undefined ? null : loadAccountChunk(tx, accounts, shape, now);
        });
      }),
    (rows) => timed('scoreMs', () => scoreAccountChunk(rows, ctx)),
    write,
    progress,
    writers,
  );

  // Deals without an account (full rescore only).
  if (only === undefined && shape.opportunities) {
    const withSubjects = shape.competitorNames.length > 0;
    await pipeline<DealRows>(
      (previous) =>
        timed('loadMs', async () => {
          if (previous !== null && previous.opportunities.length < chunkSize) return null;
          const afterId = previous === null ? null : previous.opportunities[previous.opportunities.length - 1]!.id;
          return withOrg(db, orgId, async (tx) => {
            const opportunities = await loadOrphanOpportunityPage(tx, { afterId, limit: chunkSize });
            if (opportunities.length === 0) return null;
            const ids = opportunities.map((o) => o.id);
            const opportunityContacts = shape.opportunityContacts ? await loadOpportunityContacts(tx, ids) : [];
            const stageHistory = shape.stageHistory ? await loadStageHistory(tx, ids) : [];
            const activities = shape.activities ? await loadDealActivities(tx, ids, { withSubjects }) : [];
            return { opportunities, opportunityContacts, stageHistory, activities };
          });
        }),
      (rows) =>
        timed('scoreMs', () => {
          const out = emptyWrites();
          scoreDeals(assembleOrphanDeals(rows, shape, now), ctx, out);
          return out;
        }),
      write,
      progress,
      writers,
    );
  }

  if (only === undefined) await withOrg(db, orgId, (tx) => deleteScoresOfDeletedRecords(tx));

  return summary.build({ orgId, profileVersion: profile.version, now, benchmarks: benchmarkSource, durationMs: performance.now() - started });
}
