import {
  DEAL_RISK_BANDS,
  FIELD_CATALOG,
  FORECAST_CATEGORIES,
  HEALTH_BANDS,
  HYGIENE_BANDS,
  PLAY_OUTCOMES,
  RENEWAL_RISK_BANDS,
  SALESFORCE_OBJECT,
  SIGNAL_ACTIONS,
  SIGNAL_SEVERITIES,
  type CatalogField,
  type DealRiskBand,
  type HealthBand,
  type HygieneBand,
  type RenewalRiskBand,
  type SignalSeverity,
} from '@pillar/shared';

/**
 * The LWC service module `c/pillarCatalog`, generated so the cards read exactly the catalog's fields and show
 * the catalog's band words: schema tokens for every Pillar field, the bands with the SLDS tone each is drawn
 * in, forecast categories, signal severities and actions, play outcomes.
 */
export type Tone = 'success' | 'warning' | 'error' | 'info';

const HEALTH_TONES: Record<HealthBand, Tone> = { HEALTHY: 'success', WATCH: 'warning', AT_RISK: 'error', CRITICAL: 'error' };
const RENEWAL_RISK_TONES: Record<RenewalRiskBand, Tone> = { LOW: 'success', MEDIUM: 'warning', HIGH: 'error', CRITICAL: 'error' };
const DEAL_RISK_TONES: Record<DealRiskBand, Tone> = { LOW: 'success', MEDIUM: 'warning', HIGH: 'error' };
const HYGIENE_TONES: Record<HygieneBand, Tone> = { CLEAN: 'success', NEEDS_ATTENTION: 'warning', POOR: 'error' };
const SEVERITY_TONES: Record<SignalSeverity, Tone> = { CRITICAL: 'error', WARNING: 'warning', INFO: 'info' };

export const LWC_CATALOG_PATH = 'lwc/pillarCatalog/pillarCatalog.js';

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const sentence = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).toLowerCase().replace(/_/g, ' ');

function tokenName(f: CatalogField): string {
  return `${f.object}_${f.key}`.replace(/[.]/g, '_').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

function bandList(bands: readonly { key: string; label: string; min: number }[], tones: Record<string, Tone>): string {
  const rows = bands.map((b) => `    { key: ${q(b.key)}, label: ${q(b.label)}, min: ${b.min}, tone: ${q(tones[b.key]!)} }`);
  return `[\n${rows.join(',\n')}\n]`;
}

function keyedList(rows: string[]): string {
  return `[\n${rows.map((r) => `    ${r}`).join(',\n')}\n]`;
}

function fieldMap(object: 'account' | 'opportunity'): string {
  const rows = FIELD_CATALOG.filter((f) => f.object === object && !f.key.startsWith('category.')).map((f) => `    ${f.key}: ${tokenName(f)}`);
  return `{\n${rows.join(',\n')}\n}`;
}

export function lwcCatalogJs(): string {
  const imports = FIELD_CATALOG.map(
    (f) => `import ${tokenName(f)} from '@salesforce/schema/${SALESFORCE_OBJECT[f.object]}.${f.salesforce.apiName}';`,
  );
  const categories = FIELD_CATALOG.filter((f) => f.key.startsWith('category.')).map(
    (f) => `{ key: ${q(f.key.slice('category.'.length))}, label: ${q(f.label.replace(/^Pillar /, '').replace(/ Score$/, ''))}, field: ${tokenName(f)} }`,
  );
  return [
    '// Generated from the FIELD CATALOG in shared/src by backend/src/crm/salesforce/metadata/generate.ts.',
    '// Do not edit: change the catalog and run `npx tsx backend/src/crm/salesforce/metadata/generate.ts`.',
    ...imports,
    '',
    `export const ACCOUNT_FIELDS = ${fieldMap('account')};`,
    '',
    `export const ACCOUNT_CATEGORIES = ${keyedList(categories)};`,
    '',
    `export const OPPORTUNITY_FIELDS = ${fieldMap('opportunity')};`,
    '',
    `export const HEALTH_BANDS = ${bandList(HEALTH_BANDS, HEALTH_TONES)};`,
    '',
    `export const RENEWAL_RISK_BANDS = ${bandList(RENEWAL_RISK_BANDS, RENEWAL_RISK_TONES)};`,
    '',
    `export const DEAL_RISK_BANDS = ${bandList(DEAL_RISK_BANDS, DEAL_RISK_TONES)};`,
    '',
    `export const HYGIENE_BANDS = ${bandList(HYGIENE_BANDS, HYGIENE_TONES)};`,
    '',
    `export const FORECAST_CATEGORIES = ${keyedList(FORECAST_CATEGORIES.map((c) => `{ key: ${q(c.key)}, label: ${q(c.label)} }`))};`,
    '',
    `export const SIGNAL_SEVERITIES = ${keyedList(SIGNAL_SEVERITIES.map((s) => `{ key: ${q(s)}, label: ${q(sentence(s))}, tone: ${q(SEVERITY_TONES[s])} }`))};`,
    '',
    `export const SIGNAL_ACTIONS = ${keyedList(SIGNAL_ACTIONS.map((a) => `{ key: ${q(a)}, label: ${q(sentence(a))} }`))};`,
    '',
    `export const PLAY_OUTCOMES = ${keyedList(PLAY_OUTCOMES.map((o) => `{ key: ${q(o)}, label: ${q(sentence(o))} }`))};`,
    '',
  ].join('\n');
}
