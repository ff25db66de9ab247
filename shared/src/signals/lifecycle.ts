import { z } from 'zod';

/** The 8 signal families (ARCHITECTURE.md "Signals"). */
export const SIGNAL_FAMILIES = ['RENEWAL', 'PIPELINE', 'EXPANSION', 'ACCOUNT', 'COVERAGE', 'WORKFLOW', 'STARBRIDGE', 'ECONOMICS'] as const;
export const signalFamilySchema = z.enum(SIGNAL_FAMILIES);
export type SignalFamily = z.infer<typeof signalFamilySchema>;

export const SIGNAL_SEVERITIES = ['CRITICAL', 'WARNING', 'INFO'] as const;
export const signalSeveritySchema = z.enum(SIGNAL_SEVERITIES);
export type SignalSeverity = z.infer<typeof signalSeveritySchema>;

export const SIGNAL_STATES = ['PENDING', 'ACTIVE', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'EXPIRED', 'SUPPRESSED'] as const;
export const signalStateSchema = z.enum(SIGNAL_STATES);
export type SignalState = z.infer<typeof signalStateSchema>;

export const OPEN_SIGNAL_STATES: readonly SignalState[] = ['PENDING', 'ACTIVE', 'ACKNOWLEDGED', 'IN_PROGRESS'];
export const TERMINAL_SIGNAL_STATES: readonly SignalState[] = ['RESOLVED', 'EXPIRED', 'SUPPRESSED'];

/** What a person can do to a signal from a card; the system additionally activates, expires and auto-resolves. */
export const SIGNAL_ACTIONS = ['acknowledge', 'start', 'resolve', 'suppress'] as const;
export const signalActionSchema = z.enum(SIGNAL_ACTIONS);
export type SignalAction = z.infer<typeof signalActionSchema>;

const ACTION_TARGET: Record<SignalAction, SignalState> = {
  acknowledge: 'ACKNOWLEDGED',
  start: 'IN_PROGRESS',
  resolve: 'RESOLVED',
  suppress: 'SUPPRESSED',
};

/**
 * The legal transitions. PENDING → ACTIVE → ACKNOWLEDGED → IN_PROGRESS → RESOLVED; a person may skip ahead
 * (resolve an active signal); SUPPRESSED from ACTIVE or later; any open state EXPIREs when expires_at passes;
 * terminal states never move.
 */
export const SIGNAL_TRANSITIONS: Readonly<Record<SignalState, readonly SignalState[]>> = {
  PENDING: ['ACTIVE', 'RESOLVED', 'EXPIRED'],
  ACTIVE: ['ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'EXPIRED', 'SUPPRESSED'],
  ACKNOWLEDGED: ['IN_PROGRESS', 'RESOLVED', 'EXPIRED', 'SUPPRESSED'],
  IN_PROGRESS: ['RESOLVED', 'EXPIRED', 'SUPPRESSED'],
  RESOLVED: [],
  EXPIRED: [],
  SUPPRESSED: [],
};

export function canTransition(from: SignalState, to: SignalState): boolean {
  return SIGNAL_TRANSITIONS[from].includes(to);
}

export function targetOfAction(action: SignalAction): SignalState {
  return ACTION_TARGET[action];
}

/** The actions a card may offer for a signal in this state. */
export function availableActions(state: SignalState): SignalAction[] {
  return SIGNAL_ACTIONS.filter((a) => canTransition(state, ACTION_TARGET[a]));
}
