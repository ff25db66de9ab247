import { clear, fired, notApplicable, round1 } from '../outcome';
import type { AccountSignalInput, OwnerSignalInput, SignalRule } from '../types';
import { hasLiveRelationship } from './account';

/** COVERAGE family (reference §7 "COVERAGE": multi-threading gap, single-threaded risk, territory imbalance). */

export const threading: SignalRule<AccountSignalInput> = {
  id: 'SIG-COV-001',
  key: 'threading',
  family: 'COVERAGE',
  types: ['single_threaded_risk', 'multithreading_gap'],
  recommendedAction: {
    single_threaded_risk: 'Everything rides on one person: start the multithread play and meet two more stakeholders.',
    multithreading_gap: 'Widen the relationship: add a third engaged stakeholder (ideally the economic buyer).',
  },
  confirmCycles: 2,
  ttlDays: 30,
  thresholdKeys: ['multithread_min_contacts', 'single_thread_renewal_days'],
  evaluate(input, t) {
    if (!hasLiveRelationship(input)) return clear({ liveRelationship: false });
    const engaged = input.features.distinctContactsEngaged90d;
    if (engaged === null) return notApplicable('distinctContactsEngaged90d');
    const evidence = { contactsEngaged90d: engaged, daysToRenewal: input.features.daysToRenewal === null ? null : round1(input.features.daysToRenewal) };
    if (engaged >= t.multithread_min_contacts) return clear(evidence);
    if (engaged <= 1) {
      const renewalSoon = input.features.daysToRenewal !== null && input.features.daysToRenewal <= t.single_thread_renewal_days;
      return fired({
        type: 'single_threaded_risk',
        severity: renewalSoon ? 'CRITICAL' : 'WARNING',
        title: engaged === 0 ? 'No contact engaged in 90 days' : 'Single-threaded: one contact engaged in 90 days',
        threshold: { multithread_min_contacts: t.multithread_min_contacts, single_thread_max_contacts: 1, ...(renewalSoon ? { single_thread_renewal_days: t.single_thread_renewal_days } : {}) },
        evidence,
        margin: 1 - engaged / t.multithread_min_contacts,
      });
    }
    return fired({
      type: 'multithreading_gap',
      severity: 'INFO',
      title: `${engaged} contacts engaged in 90 days (aim for ${t.multithread_min_contacts})`,
      threshold: { multithread_min_contacts: t.multithread_min_contacts },
      evidence,
      margin: 1 - engaged / t.multithread_min_contacts,
    });
  },
};

export const territoryImbalance: SignalRule<OwnerSignalInput> = {
  id: 'SIG-COV-002',
  key: 'territory_imbalance',
  family: 'COVERAGE',
  types: ['territory_imbalance'],
  recommendedAction: { territory_imbalance: 'This book is far larger than the team median: review account assignment with the manager.' },
  confirmCycles: 1,
  ttlDays: 30,
  thresholdKeys: ['territory_imbalance_ratio'],
  evaluate(input, t) {
    const median = input.tenantMedianAccountCount;
    if (median === null || median <= 0) return notApplicable('tenantMedianAccountCount');
    const ratio = input.accountCount / median;
    const evidence = { accountCount: input.accountCount, tenantMedianAccountCount: median, ratio: Math.round(ratio * 100) / 100 };
    if (ratio < t.territory_imbalance_ratio) return clear(evidence);
    return fired({
      type: 'territory_imbalance',
      severity: 'WARNING',
      title: `${input.accountCount} accounts: ${evidence.ratio}× the team median`,
      threshold: { territory_imbalance_ratio: t.territory_imbalance_ratio },
      evidence,
      margin: (ratio - t.territory_imbalance_ratio) / t.territory_imbalance_ratio,
    });
  },
};

export const COVERAGE_ACCOUNT_RULES = [threading] as const;
export const COVERAGE_OWNER_RULES = [territoryImbalance] as const;
