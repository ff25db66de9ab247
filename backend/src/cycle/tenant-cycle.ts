import { healthBandOf, renewalRiskBandOf, signalProfileOf } from '@pillar/shared';
import type { CrmConnector, PullReport, WritebackReport } from '../crm/connector';
import type { Db } from '../db/database';
import { accountsTouchedSince, currentBands, lastScoredAt } from '../db/queries/cycle';
import { activeProfileVersion } from '../db/queries/profile-versions';
import { withOrg } from '../db/tenant';
import type { AccountSignalInput, OpportunitySignalInput } from '../engine/signals/types';
import type { Logger } from '../logger';
import type { Clock } from '../runtime';
import { scoreTenant, type ScoreTenantSummary } from '../scoring';
import type { CrmTaskMirror } from '../signals/crm-task-mirror';
import { runSignalCycle, type BandChange, type SignalCycleReport } from '../signals/run-signal-cycle';

export interface TenantCycleDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The tenant's live CRM connector, or null when it has none (a CSV tenant is scored, never synced). */
  connectorFor(orgId: string): Promise<CrmConnector | null>;
  crmTaskMirror?: (orgId: string) => Promise<CrmTaskMirror | null>;
}

export interface TenantCycleRequest {
  /** Full: re-read the CRM and rescore every account (time itself moves scores). Else: only what changed. */
  full: boolean;
}

export interface TenantCycleReport {
  orgId: string;
  full: boolean;
  pull: PullReport | null;
  /** Null when nothing changed since the last scoring, so nothing was rescored. */
  scoring: ScoreTenantSummary | null;
  accountsRescored: number | 'all';
  signals: SignalCycleReport | null;
  writeback: WritebackReport | null;
  durationMs: number;
}

/**
 * One tenant's cycle: sync → score → signals and plays → write-back. Each step records its own runs
 * (sync_runs, signal_transitions, writeback_state), so a cycle that dies half way is simply run again.
 * The notifications and webhooks the signal step queued are delivered by their jobs.
 */
export async function runTenantCycle(deps: TenantCycleDeps, orgId: string, request: TenantCycleRequest): Promise<TenantCycleReport> {
  const started = performance.now();
  const log = deps.logger.child({ orgId, cycle: request.full ? 'full' : 'incremental' });
  const connector = await deps.connectorFor(orgId);
  const cycleStart = deps.clock.now();

  const pull = connector ? await connector.pull({ full: request.full }) : null;
  if (pull && pull.status !== 'succeeded' && pull.status !== 'partial') log.warn({ status: pull.status, reason: pull.reason }, 'pull did not complete; scoring what the mirror has');

  const { since, profile } = await withOrg(deps.db, orgId, async (tx) => ({ since: await lastScoredAt(tx), profile: await activeProfileVersion(tx) }));
  const only = request.full || since === null ? undefined : await withOrg(deps.db, orgId, (tx) => accountsTouchedSince(tx, since));

  let scoring: ScoreTenantSummary | null = null;
  let signals: SignalCycleReport | null = null;
  const signalDeps = { db: deps.db, clock: deps.clock, logger: log, crmTaskMirror: (await deps.crmTaskMirror?.(orgId)) ?? null };
  if (only === undefined || only.length > 0) {
    const before = await withOrg(deps.db, orgId, (tx) => currentBands(tx, only));
    const accounts: AccountSignalInput[] = [];
    const deals: OpportunitySignalInput[] = [];
    const now = deps.clock.now();
    scoring = await scoreTenant({
      db: deps.db,
      orgId,
      now,
      ...(only ? { onlyAccountIds: only } : {}),
      onScored: (batch) => {
        accounts.push(...batch.accounts);
        deals.push(...batch.deals);
      },
    });
    signals = await runSignalCycle(signalDeps, orgId, { accounts, opportunities: deals }, {
      signalProfile: signalProfileOf(profile?.profile ?? null),
      bandChanges: bandChanges(before, accounts),
    });
  } else {
    // Nothing changed: still expire signals and check SLAs.
    signals = await runSignalCycle(signalDeps, orgId, { accounts: [], opportunities: [] }, { signalProfile: signalProfileOf(profile?.profile ?? null) });
  }

  const writeback = connector ? await connector.writeBack() : null;
  const report: TenantCycleReport = {
    orgId,
    full: request.full,
    pull,
    scoring,
    accountsRescored: only === undefined ? 'all' : only.length,
    signals,
    writeback,
    durationMs: performance.now() - started,
  };
  log.info(
    {
      startedAt: cycleStart.toISOString(),
      pulled: pull?.status ?? 'no connection',
      rescored: report.accountsRescored,
      signalsRaised: signals?.created ?? 0,
      written: writeback?.status ?? 'no connection',
      durationMs: Math.round(report.durationMs),
    },
    'tenant cycle finished',
  );
  return report;
}

/** Health and renewal-risk bands that moved in this pass, for the score.band_changed webhook. Pure. */
export function bandChanges(before: ReadonlyMap<string, { health: string; renewal: string | null }>, accounts: readonly AccountSignalInput[]): BandChange[] {
  const changes: BandChange[] = [];
  for (const a of accounts) {
    const previous = before.get(a.accountId) ?? null;
    if (a.health) {
      const band = healthBandOf(a.health.score);
      if (band !== previous?.health) changes.push({ accountId: a.accountId, score: 'health', from: previous?.health ?? null, to: band, value: a.health.score });
    }
    if (a.renewalRisk !== null) {
      const band = renewalRiskBandOf(a.renewalRisk);
      if (band !== (previous?.renewal ?? null)) changes.push({ accountId: a.accountId, score: 'renewal_risk', from: previous?.renewal ?? null, to: band, value: a.renewalRisk });
    }
  }
  return changes;
}
