import type { SignalFamily } from '@pillar/shared';
import { ACCOUNT_RULES } from './rules/account';
import { COVERAGE_ACCOUNT_RULES, COVERAGE_OWNER_RULES } from './rules/coverage';
import { ECONOMICS_RULES } from './rules/economics';
import { EXPANSION_RULES } from './rules/expansion';
import { PIPELINE_ACCOUNT_RULES, PIPELINE_OPPORTUNITY_RULES, PIPELINE_OWNER_RULES } from './rules/pipeline';
import { RENEWAL_RULES } from './rules/renewal';
import { STARBRIDGE_RULE } from './rules/starbridge';
import { ackSlaBreach, playSlaBreach, WORKFLOW_ACCOUNT_RULES, WORKFLOW_OPPORTUNITY_RULES } from './rules/workflow';
import type { AccountSignalInput, EconomicsSignalInput, OpportunitySignalInput, OwnerSignalInput, SignalRule } from './types';

/**
 * The signal catalog: every rule by the subject it reads. Rule ids (SIG-<FAMILY>-NNN) and dedupe keys are
 * stable and append-only, like the scoring rules.
 */
export const SIGNAL_CATALOG = {
  account: [...RENEWAL_RULES, ...PIPELINE_ACCOUNT_RULES, ...EXPANSION_RULES, ...ACCOUNT_RULES, ...COVERAGE_ACCOUNT_RULES, ...WORKFLOW_ACCOUNT_RULES] as readonly SignalRule<AccountSignalInput>[],
  opportunity: [...PIPELINE_OPPORTUNITY_RULES, ...WORKFLOW_OPPORTUNITY_RULES] as readonly SignalRule<OpportunitySignalInput>[],
  owner: [...PIPELINE_OWNER_RULES, ...COVERAGE_OWNER_RULES] as readonly SignalRule<OwnerSignalInput>[],
  territory: [...ECONOMICS_RULES] as readonly SignalRule<EconomicsSignalInput>[],
  play: [playSlaBreach],
  signal: [ackSlaBreach],
} as const;

export interface CatalogEntry {
  readonly ruleId: string;
  readonly key: string;
  readonly family: SignalFamily;
  readonly subject: keyof typeof SIGNAL_CATALOG | 'starbridge_event';
  readonly types: readonly string[];
  readonly thresholdKeys: readonly string[];
  readonly confirmCycles: 1 | 2;
  readonly ttlDays: number;
}

/** The flat list (admin UI, docs, precision reports): one entry per rule. */
export function signalCatalogEntries(): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (const [subject, rules] of Object.entries(SIGNAL_CATALOG) as [keyof typeof SIGNAL_CATALOG, readonly SignalRule<never>[]][]) {
    for (const rule of rules) {
      entries.push({ ruleId: rule.id, key: rule.key, family: rule.family, subject, types: rule.types, thresholdKeys: rule.thresholdKeys, confirmCycles: rule.confirmCycles, ttlDays: rule.ttlDays });
    }
  }
  entries.push({ ...STARBRIDGE_RULE, subject: 'starbridge_event' });
  return entries;
}

/** Every signal type the engine can raise, with its family. */
export function signalTypes(): Map<string, SignalFamily> {
  const types = new Map<string, SignalFamily>();
  for (const entry of signalCatalogEntries()) for (const type of entry.types) types.set(type, entry.family);
  return types;
}
