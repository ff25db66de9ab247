import { z } from 'zod';

/**
 * Pillar's five forecast categories, their roll-up weights, and the native category each maps to one to one
 * in Salesforce (Opportunity.ForecastCategoryName) and HubSpot (deal property hs_manual_forecast_category).
 * Ordered from most to least certain.
 */
export const FORECAST_CATEGORIES = [
  { key: 'WON', label: 'Won', weight: 1, salesforce: 'Closed', hubspot: 'CLOSED' },
  { key: 'COMMIT', label: 'Commit', weight: 1, salesforce: 'Commit', hubspot: 'COMMIT' },
  { key: 'PROBABLE', label: 'Probable', weight: 0.5, salesforce: 'Best Case', hubspot: 'BEST_CASE' },
  { key: 'UPSIDE', label: 'Upside', weight: 0.25, salesforce: 'Pipeline', hubspot: 'PIPELINE' },
  { key: 'PROJECTION', label: 'Projection', weight: 0.15, salesforce: 'Omitted', hubspot: 'OMIT' },
] as const;

export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number]['key'];
export const forecastCategorySchema = z.enum(['WON', 'COMMIT', 'PROBABLE', 'UPSIDE', 'PROJECTION']);

export function forecastCategoryFromSalesforce(value: string | null | undefined): ForecastCategory | null {
  return FORECAST_CATEGORIES.find((c) => c.salesforce.toLowerCase() === value?.trim().toLowerCase())?.key ?? null;
}

export function forecastCategoryFromHubSpot(value: string | null | undefined): ForecastCategory | null {
  return FORECAST_CATEGORIES.find((c) => c.hubspot === value?.trim().toUpperCase())?.key ?? null;
}

/**
 * Cumulative forecast bands: Low = Won + Commit; Medium = Low + 50 % Probable; High = Medium + 25 % Upside;
 * Moonshot = High + 15 % Projection (with Expected, the probability-weighted total, the five bands).
 */
export const FORECAST_BANDS = ['LOW', 'MEDIUM', 'HIGH', 'MOONSHOT'] as const;
export type ForecastBand = (typeof FORECAST_BANDS)[number];
