// Signal engine throughput on one core, over a seeded generated tenant: the whole catalog evaluated per
// account and per deal, the cycle planner against a store that already holds the open signals, and play
// planning for the newly active ones. Also reports what the generated tenant raises, by family and
// severity, and how many plays it starts (pure: no database in this suite).
import type { SignalFamily, SignalSeverity } from '@pillar/shared';
import { DEFAULT_PLAY_TEMPLATES } from '../src/engine/plays/templates';
import { planPlays, type PlayTemplate } from '../src/engine/plays/plan-play';
import { scoreAccount } from '../src/engine/health/score-account';
import { DEFAULT_PROFILE } from '../src/engine/profile/compile-profile';
import { signalCatalogEntries } from '../src/engine/signals/catalog';
import { evaluateSignals } from '../src/engine/signals/evaluation';
import { accountSignalInput } from '../src/engine/signals/inputs';
import { planSignalCycle } from '../src/engine/signals/plan-cycle';
import { opportunityInput } from '../src/engine/signals/testing/inputs';
import type { OpportunitySignalInput, SignalInputs } from '../src/engine/signals/types';
import { generateAccounts, rng } from '../src/engine/testing/generate-features';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const NOW = new Date(Date.UTC(2026, 10, 1));
const ACCOUNTS = 10_000;
const DEALS_PER_ACCOUNT = 3;

function generatedDeals(accountIds: readonly string[], seed: number): OpportunitySignalInput[] {
  const g = rng(seed);
  const categories = ['pipeline', 'best_case', 'commit', 'omitted'] as const;
  return accountIds.flatMap((accountId, a) =>
    Array.from({ length: DEALS_PER_ACCOUNT }, (_, d) =>
      opportunityInput({
        opportunityId: `opp-${a}-${d}`,
        accountId,
        ownerId: `rep-${a % 40}`,
        dealRisk: g.maybe(0.9, () => g.int(0, 100)),
        hygiene: g.maybe(0.9, () => g.int(0, 100)),
        confidence: g.maybe(0.9, () => g.int(0, 100)),
        dataSufficiency: g.next(),
        features: {
          isClosed: g.chance(0.1),
          isLateStage: g.chance(0.3),
          stage: g.pick(['Discovery', 'Qualify', 'Proposal', 'Negotiation']),
          forecastCategory: g.maybe(0.8, () => g.pick(categories)),
          closeDatePushes: g.maybe(0.8, () => g.int(0, 4)),
          daysInStage: g.maybe(0.9, () => g.next() * 90),
          hasNextStep: g.chance(0.6),
          contactCount: g.maybe(0.8, () => g.int(0, 5)),
          hasEconomicBuyer: g.maybe(0.8, () => g.chance(0.5)),
          daysSinceLastActivity: g.maybe(0.9, () => g.next() * 40),
          amount: g.int(1_000, 200_000),
        },
      }),
    ),
  );
}

/** Median items/s of `rounds` timed passes after a warm-up. */
function rate(items: number, rounds: number, fn: () => number): number {
  let sink = fn();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    sink += fn();
    rates.push(items / ((performance.now() - t0) / 1000));
  }
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(rates.length / 2)]!);
}

export async function runSignalsBench(): Promise<BenchFigure[]> {
  const features = generateAccounts(7, ACCOUNTS);
  const accounts = features.map((f, i) => accountSignalInput({ name: `Account ${i}`, features: f, health: scoreAccount(f, NOW, DEFAULT_PROFILE), expansionPropensity: (i * 37) % 100 }));
  const inputs: SignalInputs = { accounts, opportunities: generatedDeals(accounts.map((a) => a.accountId), 11) };
  const subjects = inputs.accounts.length + inputs.opportunities.length;
  const rulesPerPass = inputs.accounts.length * signalCatalogEntries().filter((e) => e.subject === 'account').length + inputs.opportunities.length * signalCatalogEntries().filter((e) => e.subject === 'opportunity').length;

  const figures: BenchFigure[] = [];
  const result = evaluateSignals(inputs, { now: NOW });
  figures.push({ name: 'rule evaluations', value: rate(rulesPerPass, 5, () => evaluateSignals(inputs, { now: NOW }).fired.length), unit: 'evaluations/s', note: `${rulesPerPass.toLocaleString('en-US')} rule × record pairs per pass` });
  figures.push({ name: 'records evaluated', value: rate(subjects, 5, () => evaluateSignals(inputs, { now: NOW }).fired.length), unit: 'records/s', note: `${ACCOUNTS.toLocaleString('en-US')} accounts + ${inputs.opportunities.length.toLocaleString('en-US')} deals, whole catalog` });

  // A steady-state cycle: every fired signal is already open, so the planner refreshes them all.
  const open = result.fired.map((e, i) => ({ id: `s-${i}`, dedupeKey: e.dedupeKey, state: 'ACTIVE' as const, type: e.type, severity: e.severity, createdAt: new Date(NOW.getTime() - 86_400_000) }));
  figures.push({ name: 'cycle planning (steady state)', value: rate(result.fired.length, 5, () => planSignalCycle({ open, closed: [], fired: result.fired, cleared: result.cleared, now: NOW }).refires.length), unit: 'signals/s' });

  const plan = planSignalCycle({ open: [], closed: [], fired: result.fired, cleared: result.cleared, now: NOW });
  const templates: PlayTemplate[] = DEFAULT_PLAY_TEMPLATES.map((t, i) => ({ ...t, id: `tpl-${i}`, enabled: true }));
  const triggers = plan.creates
    .filter((c) => c.activate && (c.evaluation.subject.accountId || c.evaluation.subject.opportunityId))
    .map((c, i) => ({
      signalId: `sig-${i}`,
      signalType: c.evaluation.type,
      accountId: c.evaluation.subject.accountId,
      opportunityId: c.evaluation.subject.opportunityId,
      owners: { recordOwnerId: c.evaluation.subject.ownerId, accountOwnerId: c.evaluation.subject.ownerId, managerId: null },
    }));
  const plays = planPlays({ triggers, templates, openPlays: [], now: NOW });
  figures.push({ name: 'play planning', value: rate(triggers.length, 5, () => planPlays({ triggers, templates, openPlays: [], now: NOW }).length), unit: 'triggers/s' });

  const bySeverity: Record<SignalSeverity, number> = { CRITICAL: 0, WARNING: 0, INFO: 0 };
  const byFamily = new Map<SignalFamily, Record<SignalSeverity, number>>();
  for (const e of result.fired) {
    bySeverity[e.severity]++;
    const f = byFamily.get(e.family) ?? { CRITICAL: 0, WARNING: 0, INFO: 0 };
    f[e.severity]++;
    byFamily.set(e.family, f);
  }
  figures.push({ name: 'signals raised (generated tenant)', value: result.fired.length, unit: 'signals', note: `CRITICAL ${bySeverity.CRITICAL}, WARNING ${bySeverity.WARNING}, INFO ${bySeverity.INFO}` });
  for (const [family, counts] of [...byFamily.entries()].sort()) {
    figures.push({ name: `  ${family}`, value: counts.CRITICAL + counts.WARNING + counts.INFO, unit: 'signals', note: `C ${counts.CRITICAL} / W ${counts.WARNING} / I ${counts.INFO}` });
  }
  figures.push({ name: 'awaiting confirmation (PENDING)', value: plan.creates.filter((c) => !c.activate).length, unit: 'signals' });
  const byTemplate = new Map<string, number>();
  for (const p of plays) byTemplate.set(p.templateKey, (byTemplate.get(p.templateKey) ?? 0) + 1);
  figures.push({ name: 'plays started (generated tenant)', value: plays.length, unit: 'plays', note: [...byTemplate.entries()].map(([k, n]) => `${k} ${n}`).join(', ') });
  return figures;
}
