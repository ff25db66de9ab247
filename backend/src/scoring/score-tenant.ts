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
import { deleteAccountScores, upsertAccountScores, upsertOpportunityScores, upsertScorePoints, type AccountScoreWrite, type OpportunityScoreWrite, type ScorePointWrite } from '../db/queries/scores';
import { withOrg } from '../db/tenant';
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
import { assembleAccounts, assembleOrphanDeals, benchmarkDeals, type AccountChunkRows } from './assemble-inputs';
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
 * 2. Accounts in id order, `chunkSize` at a time. Each chunk is one withOrg transaction: one query per
 *    table for its children, the engine over each account and its deals, then multi-row upserts of
 *    account_scores, score_history (one point per account per day) and opportunity_scores. An account no
 *    rule can score loses any old score and is counted as skipped.
 * 3. A full rescore then scores deals that have no account.
 *
 * Memory is bounded by the chunk, except the benchmark pass, which holds every deal and stage-history row
 * of the tenant in their compact engine form.
 */
export interface ScoreTenantOptions {
  db: Db;
  orgId: string;
  /** The instant scores are computed as of (injected; never the wall clock inside). */
  now: Date;
  /** Rescore only these accounts and their deals (deals without an account are left alone). */
  onlyAccountIds?: readonly string[];
  /** Accounts per chunk (default 5,000). */
  chunkSize?: number;
  /** Called after each chunk is written. */
  onProgress?: (progress: { accountsDone: number; dealsDone: number }) => void;
}

export const DEFAULT_CHUNK_SIZE = 5000;
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

interface DealWrites {
  writes: OpportunityScoreWrite[];
}

function scoreDeals(deals: readonly OpportunityFeatureInput[], now: Date, benchmarks: TenantBenchmarks, profile: CompiledProfile, summary: SummaryBuilder, out: DealWrites): void {
  for (const d of deals) {
    const { features, timeline } = buildOpportunityFeatures(d, now, benchmarks, profile.highValueQuantile);
    const scores = scoreDeal(features, timeline, now, profile);
    const stored = toStoredOpportunityScore(scores, d.opportunity, now);
    out.writes.push({ opportunityId: d.opportunity.id, score: stored });
    summary.addDeal(stored, d.opportunity.isClosed, riskUnassessed(scores));
  }
}

export async function scoreTenant(options: ScoreTenantOptions): Promise<ScoreTenantSummary> {
  const { db, orgId, now } = options;
  const started = performance.now();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
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

  const today = utcDay(now);
  let accountsDone = 0;
  let dealsDone = 0;
  let afterId: string | null = null;
  let onlyOffset = 0;
  for (;;) {
    if (only !== undefined && onlyOffset >= only.length) break;
    const onlyIds = only?.slice(onlyOffset, onlyOffset + chunkSize);
    const done: number = await withOrg(db, orgId, async (tx) => {
      const tLoad = performance.now();
      const accounts = await loadAccountPage(tx, onlyIds === undefined ? { afterId, limit: chunkSize } : { afterId: null, limit: chunkSize, onlyIds });
      if (accounts.length === 0) return 0;
      const rows = await loadAccountChunk(tx, accounts, shape, now);
      const tScore = performance.now();
      summary.timings.loadMs += tScore - tLoad;

      const accountWrites: AccountScoreWrite[] = [];
      const points: ScorePointWrite[] = [];
      const unscored: string[] = [];
      const deals: DealWrites = { writes: [] };
      for (const { input, deals: dealInputs } of assembleAccounts(rows, shape, now)) {
        const health = scoreAccount(buildAccountFeatures(input, now, benchmarks), now, profile);
        summary.addAccount(health, input);
        const stored = toStoredAccountScore(health, { renewals: input.renewals, scoredAt: now });
        if (stored === null) unscored.push(input.account.id);
        else {
          accountWrites.push({ accountId: input.account.id, score: stored });
          points.push({ accountId: input.account.id, day: today, healthScore: stored.healthScore, renewalRisk: stored.renewalRisk, categoryScores: stored.categoryScores });
        }
        scoreDeals(dealInputs, now, benchmarks, profile, summary, deals);
      }
      const tWrite = performance.now();
      summary.timings.scoreMs += tWrite - tScore;

      await upsertAccountScores(tx, accountWrites);
      await deleteAccountScores(tx, unscored);
      await upsertScorePoints(tx, points);
      await upsertOpportunityScores(tx, deals.writes);
      summary.timings.writeMs += performance.now() - tWrite;
      afterId = accounts[accounts.length - 1]!.id;
      dealsDone += deals.writes.length;
      return accounts.length;
    });
    if (only !== undefined) onlyOffset += chunkSize;
    else if (done === 0) break;
    accountsDone += done;
    summary.chunks++;
    options.onProgress?.({ accountsDone, dealsDone });
    if (only === undefined && done < chunkSize) break;
  }

  if (only === undefined && shape.opportunities) {
    let afterDeal: string | null = null;
    for (;;) {
      const done: number = await withOrg(db, orgId, async (tx) => {
        const tLoad = performance.now();
        const opportunities = await loadOrphanOpportunityPage(tx, { afterId: afterDeal, limit: chunkSize });
        if (opportunities.length === 0) return 0;
        const ids = opportunities.map((o) => o.id);
        const opportunityContacts = shape.opportunityContacts ? await loadOpportunityContacts(tx, ids) : [];
        const stageHistory = shape.stageHistory ? await loadStageHistory(tx, ids) : [];
        const activities = shape.activities ? await loadDealActivities(tx, ids, { withSubjects: shape.competitorNames.length > 0 }) : [];
        const tScore = performance.now();
        summary.timings.loadMs += tScore - tLoad;
        const deals: DealWrites = { writes: [] };
        scoreDeals(assembleOrphanDeals({ opportunities, opportunityContacts, stageHistory, activities }, shape, now), now, benchmarks, profile, summary, deals);
        const tWrite = performance.now();
        summary.timings.scoreMs += tWrite - tScore;
        await upsertOpportunityScores(tx, deals.writes);
        summary.timings.writeMs += performance.now() - tWrite;
        afterDeal = opportunities[opportunities.length - 1]!.id;
        dealsDone += deals.writes.length;
        return opportunities.length;
      });
      if (done === 0) break;
      summary.chunks++;
      options.onProgress?.({ accountsDone, dealsDone });
      if (done < chunkSize) break;
    }
  }

  return summary.build({ orgId, profileVersion: profile.version, now, benchmarks: benchmarkSource, durationMs: performance.now() - started });
}
