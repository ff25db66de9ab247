import { z } from 'zod';

/**
 * Bands turn a 0–100 number into the word a rep reads and a manager filters reports by. Each band list is
 * ordered from best to worst; `min` is inclusive. One definition serves the engine, the CRM picklists
 * (field catalog) and the cards.
 */
export interface BandDefinition<K extends string> {
  key: K;
  label: string;
  /** Inclusive lower bound of the band on the 0–100 scale. */
  min: number;
}

function bandLookup<K extends string>(bands: readonly BandDefinition<K>[]) {
  // Sorted by min descending so the first match is the band.
  const byMin = [...bands].sort((a, b) => b.min - a.min);
  return (value: number): K => {
    for (const band of byMin) if (value >= band.min) return band.key;
    return byMin[byMin.length - 1]!.key;
  };
}

/** Account health: higher is healthier. */
export const HEALTH_BANDS = [
  { key: 'HEALTHY', label: 'Healthy', min: 70 },
  { key: 'WATCH', label: 'Watch', min: 50 },
  { key: 'AT_RISK', label: 'At Risk', min: 30 },
  { key: 'CRITICAL', label: 'Critical', min: 0 },
] as const satisfies readonly BandDefinition<string>[];
export type HealthBand = (typeof HEALTH_BANDS)[number]['key'];
export const healthBandSchema = z.enum(['HEALTHY', 'WATCH', 'AT_RISK', 'CRITICAL']);
export const healthBandOf = bandLookup<HealthBand>(HEALTH_BANDS);

/** Renewal risk: higher is riskier. Thresholds match the published renewal signals (30 / 50 / 85). */
export const RENEWAL_RISK_BANDS = [
  { key: 'LOW', label: 'Low', min: 0 },
  { key: 'MEDIUM', label: 'Medium', min: 30 },
  { key: 'HIGH', label: 'High', min: 50 },
  { key: 'CRITICAL', label: 'Critical', min: 85 },
] as const satisfies readonly BandDefinition<string>[];
export type RenewalRiskBand = (typeof RENEWAL_RISK_BANDS)[number]['key'];
export const renewalRiskBandSchema = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export const renewalRiskBandOf = bandLookup<RenewalRiskBand>(RENEWAL_RISK_BANDS);

/** Deal risk: higher is riskier (0.4 / 0.6 on Sentinel's 0–1 scale). */
export const DEAL_RISK_BANDS = [
  { key: 'LOW', label: 'Low', min: 0 },
  { key: 'MEDIUM', label: 'Medium', min: 40 },
  { key: 'HIGH', label: 'High', min: 60 },
] as const satisfies readonly BandDefinition<string>[];
export type DealRiskBand = (typeof DEAL_RISK_BANDS)[number]['key'];
export const dealRiskBandSchema = z.enum(['LOW', 'MEDIUM', 'HIGH']);
export const dealRiskBandOf = bandLookup<DealRiskBand>(DEAL_RISK_BANDS);

/** Pipeline hygiene: higher means more gaps (published signal thresholds 50 / 70). */
export const HYGIENE_BANDS = [
  { key: 'CLEAN', label: 'Clean', min: 0 },
  { key: 'NEEDS_ATTENTION', label: 'Needs attention', min: 50 },
  { key: 'POOR', label: 'Poor', min: 70 },
] as const satisfies readonly BandDefinition<string>[];
export type HygieneBand = (typeof HYGIENE_BANDS)[number]['key'];
export const hygieneBandSchema = z.enum(['CLEAN', 'NEEDS_ATTENTION', 'POOR']);
export const hygieneBandOf = bandLookup<HygieneBand>(HYGIENE_BANDS);
