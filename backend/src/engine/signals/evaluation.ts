import { SIGNAL_CATALOG } from './catalog';
import { confidenceOf, dedupeKeyOf } from './outcome';
import { resolveSignalProfile, type ResolvedSignalProfile } from './thresholds';
import type { SignalClearance, SignalEvaluation, SignalInputs, SignalRule, SignalSubject } from './types';

const DAY = 86_400_000;

export interface EvaluationResult {
  readonly fired: SignalEvaluation[];
  /** Rules that were evaluated and did not fire: open signals with these keys auto-resolve. */
  readonly cleared: SignalClearance[];
  /** Rule × subject pairs skipped for missing inputs (they neither fire nor clear). */
  readonly notApplicable: number;
}

type MutableResult = { -readonly [K in keyof EvaluationResult]: EvaluationResult[K] };

/**
 * Runs the whole catalog over one tenant's inputs. Pure and deterministic: the same inputs, profile and
 * `now` give the same result, in catalog order.
 */
export function evaluateSignals(inputs: SignalInputs, options: { now: Date; profile?: ResolvedSignalProfile }): EvaluationResult {
  const profile = options.profile ?? resolveSignalProfile({});
  const result: MutableResult = { fired: [], cleared: [], notApplicable: 0 };
  const run = <I>(rules: readonly SignalRule<I>[], input: I, subject: SignalSubject, sufficiency: number | null) => {
    for (const rule of rules) evaluateRule(rule, input, subject, sufficiency, profile, options.now, result);
  };
  for (const a of inputs.accounts) {
    run(SIGNAL_CATALOG.account, a, { kind: 'account', id: a.accountId, accountId: a.accountId, opportunityId: null, ownerId: a.ownerId }, a.dataSufficiency);
  }
  for (const o of inputs.opportunities) {
    // A deal without an account carries accountId '' in its features (engine inputs are never null ids).
    run(SIGNAL_CATALOG.opportunity, o, { kind: 'opportunity', id: o.opportunityId, accountId: o.accountId || null, opportunityId: o.opportunityId, ownerId: o.ownerId }, o.dataSufficiency);
  }
  for (const owner of inputs.owners ?? []) {
    run(SIGNAL_CATALOG.owner, owner, { kind: 'owner', id: owner.ownerId, accountId: null, opportunityId: null, ownerId: owner.ownerId }, null);
  }
  for (const e of inputs.economics ?? []) {
    run(SIGNAL_CATALOG.territory, e, { kind: 'territory', id: e.territoryId, accountId: null, opportunityId: null, ownerId: e.ownerId }, null);
  }
  for (const play of inputs.workflow?.openPlays ?? []) {
    run(SIGNAL_CATALOG.play, play, { kind: 'play', id: play.playId, accountId: play.accountId, opportunityId: play.opportunityId, ownerId: play.ownerId }, 1);
  }
  for (const item of inputs.workflow?.unacknowledged ?? []) {
    run(SIGNAL_CATALOG.signal, item, { kind: 'signal', id: item.signalId, accountId: item.accountId, opportunityId: item.opportunityId, ownerId: item.ownerId }, 1);
  }
  return result;
}

function evaluateRule<I>(
  rule: SignalRule<I>,
  input: I,
  subject: SignalSubject,
  sufficiency: number | null,
  profile: ResolvedSignalProfile,
  now: Date,
  result: MutableResult,
): void {
  const dedupeKey = dedupeKeyOf(rule.key, subject);
  if (rule.types.every((type) => profile.disabledTypes.has(type))) {
    result.cleared.push({ dedupeKey, ruleId: rule.id, evidence: { disabledByProfile: true } });
    return;
  }
  const outcome = rule.evaluate(input, profile.thresholds, now);
  if (outcome.status === 'not_applicable') {
    result.notApplicable++;
    return;
  }
  if (outcome.status === 'clear' || profile.disabledTypes.has(outcome.type)) {
    result.cleared.push({ dedupeKey, ruleId: rule.id, evidence: outcome.status === 'clear' ? outcome.evidence : { disabledByProfile: true, type: outcome.type } });
    return;
  }
  result.fired.push({
    type: outcome.type,
    family: rule.family,
    severity: outcome.severity,
    ruleId: rule.id,
    threshold: outcome.threshold,
    evidence: outcome.evidence,
    recommendedAction: rule.recommendedAction[outcome.type] ?? '',
    confidence: confidenceOf(sufficiency, outcome.margin),
    dedupeKey,
    subject,
    title: outcome.title,
    expiresAt: new Date(now.getTime() + rule.ttlDays * DAY),
    confirmCycles: rule.confirmCycles,
    cooldownHours: profile.thresholds.cooldown_hours,
  });
}
