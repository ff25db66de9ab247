import { DEFAULT_SIGNAL_THRESHOLDS, signalProfileSchema, type SignalThresholds } from '@pillar/shared';

/**
 * Signal thresholds as the engine uses them. The defaults and the schema of a tenant's overrides live in
 * shared/src/signals/signal-profile.ts, where the scoring profile (and so the admin API) includes them; this
 * file resolves a tenant's settings into the thresholds the rules read.
 */
export { DEFAULT_SIGNAL_THRESHOLDS, signalProfileSchema };
export type { SignalProfile, SignalProfileInput, SignalThresholdKey, SignalThresholds } from '@pillar/shared';

export interface ResolvedSignalProfile {
  readonly thresholds: SignalThresholds;
  readonly disabledTypes: ReadonlySet<string>;
}

export class SignalProfileError extends Error {
  override name = 'SignalProfileError';
}

/** Validates a tenant's overrides and merges them over the defaults; severity ladders must stay ordered. */
export function resolveSignalProfile(input: unknown = {}): ResolvedSignalProfile {
  const parsed = signalProfileSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${['signals', ...i.path].join('.')}: ${i.message}`);
    throw new SignalProfileError(`Invalid signal profile: ${lines.join('; ')}`);
  }
  const thresholds = { ...DEFAULT_SIGNAL_THRESHOLDS, ...parsed.data.thresholds } as SignalThresholds;
  return { thresholds, disabledTypes: new Set(parsed.data.disabledTypes) };
}
