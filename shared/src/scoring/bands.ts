import { z } from 'zod';
import {
  DEAL_RISK_BANDS,
  HEALTH_BANDS,
  HYGIENE_BANDS,
  RENEWAL_RISK_BANDS,
  type DealRiskBand,
  type HealthBand,
  type HygieneBand,
  type RenewalRiskBand,
} from '../catalog/bands';

/**
 * Band thresholds a tenant may tune in its scoring profile. The band vocabulary and the default
 * boundaries are the catalog's (`catalog/bands.ts`, also used for CRM picklists); these functions take
 * the tenant's thresholds instead of the fixed defaults.
 */
const minOf = <K extends string>(bands: readonly { key: K; min: number }[], key: K): number => bands.find((b) => b.key === key)!.min;

export interface HealthThresholds {
  readonly healthy: number;
  readonly watch: number;
  readonly atRisk: number;
}
export interface RenewalThresholds {
  readonly critical: number;
  readonly high: number;
  readonly medium: number;
}
export interface DealRiskThresholds {
  readonly high: number;
  readonly medium: number;
}
export interface HygieneThresholds {
  readonly poor: number;
  readonly needsAttention: number;
}
export interface ConfidenceThresholds {
  readonly high: number;
  readonly medium: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  healthy: minOf(HEALTH_BANDS, 'HEALTHY'),
  watch: minOf(HEALTH_BANDS, 'WATCH'),
  atRisk: minOf(HEALTH_BANDS, 'AT_RISK'),
};
export const DEFAULT_RENEWAL_THRESHOLDS: RenewalThresholds = {
  critical: minOf(RENEWAL_RISK_BANDS, 'CRITICAL'),
  high: minOf(RENEWAL_RISK_BANDS, 'HIGH'),
  medium: minOf(RENEWAL_RISK_BANDS, 'MEDIUM'),
};
export const DEFAULT_DEAL_RISK_THRESHOLDS: DealRiskThresholds = { high: minOf(DEAL_RISK_BANDS, 'HIGH'), medium: minOf(DEAL_RISK_BANDS, 'MEDIUM') };
export const DEFAULT_HYGIENE_THRESHOLDS: HygieneThresholds = { poor: minOf(HYGIENE_BANDS, 'POOR'), needsAttention: minOf(HYGIENE_BANDS, 'NEEDS_ATTENTION') };
export const DEFAULT_CONFIDENCE_THRESHOLDS: ConfidenceThresholds = { high: 70, medium: 40 };

/** Forecast confidence: higher is more confident. */
export const CONFIDENCE_BANDS = ['HIGH', 'MEDIUM', 'LOW'] as const;
export const confidenceBandSchema = z.enum(CONFIDENCE_BANDS);
export type ConfidenceBand = z.infer<typeof confidenceBandSchema>;

export function healthBandFor(score: number, t: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): HealthBand {
  if (score >= t.healthy) return 'HEALTHY';
  if (score >= t.watch) return 'WATCH';
  if (score >= t.atRisk) return 'AT_RISK';
  return 'CRITICAL';
}

export function renewalRiskBandFor(score: number, t: RenewalThresholds = DEFAULT_RENEWAL_THRESHOLDS): RenewalRiskBand {
  if (score >= t.critical) return 'CRITICAL';
  if (score >= t.high) return 'HIGH';
  if (score >= t.medium) return 'MEDIUM';
  return 'LOW';
}

export function dealRiskBandFor(score: number, t: DealRiskThresholds = DEFAULT_DEAL_RISK_THRESHOLDS): DealRiskBand {
  if (score >= t.high) return 'HIGH';
  if (score >= t.medium) return 'MEDIUM';
  return 'LOW';
}

export function hygieneBandFor(score: number, t: HygieneThresholds = DEFAULT_HYGIENE_THRESHOLDS): HygieneBand {
  if (score >= t.poor) return 'POOR';
  if (score >= t.needsAttention) return 'NEEDS_ATTENTION';
  return 'CLEAN';
}

export function confidenceBandFor(score: number, t: ConfidenceThresholds = DEFAULT_CONFIDENCE_THRESHOLDS): ConfidenceBand {
  if (score >= t.high) return 'HIGH';
  if (score >= t.medium) return 'MEDIUM';
  return 'LOW';
}
