import { DEAL_RISK_BANDS, HEALTH_BANDS, RENEWAL_RISK_BANDS } from './bands';
import { FORECAST_CATEGORIES } from '../forecast/categories';

/**
 * THE FIELD CATALOG: every value Pillar writes into a CRM, once. The Salesforce field metadata
 * (salesforce-lwc/…/objects/*\/fields) and the HubSpot property definitions are generated from it, write-back
 * sends exactly these fields, and the cards read them. Keys are stable; api names never change once shipped.
 */
export type CatalogObject = 'account' | 'opportunity';

export type CatalogFieldType =
  | { kind: 'number'; precision: number; scale: number }
  | { kind: 'percent'; precision: number; scale: number }
  | { kind: 'picklist'; values: readonly { value: string; label: string }[] }
  | { kind: 'text'; length: number }
  | { kind: 'longText'; length: number; visibleLines: number }
  | { kind: 'dateTime' };

export interface CatalogField {
  key: string;
  object: CatalogObject;
  label: string;
  description: string;
  helpText: string;
  type: CatalogFieldType;
  /** Salesforce custom field api name (without namespace prefix). */
  salesforce: { apiName: string; trackHistory: boolean };
  /** HubSpot custom property internal name, in the `pillar` property group. */
  hubspot: { name: string };
}

export const SALESFORCE_OBJECT: Record<CatalogObject, 'Account' | 'Opportunity'> = { account: 'Account', opportunity: 'Opportunity' };
export const HUBSPOT_OBJECT: Record<CatalogObject, 'companies' | 'deals'> = { account: 'companies', opportunity: 'deals' };
export const HUBSPOT_PROPERTY_GROUP = { name: 'pillar', label: 'Pillar' } as const;

const score = { kind: 'number', precision: 5, scale: 1 } as const;
const picklist = (bands: readonly { key: string; label: string }[]) =>
  ({ kind: 'picklist', values: bands.map((b) => ({ value: b.key, label: b.label })) }) as const;

function field(object: CatalogObject, key: string, sfName: string, label: string, type: CatalogFieldType, text: { description: string; helpText: string }, trackHistory = false): CatalogField {
  const snake = sfName.replace(/__c$/, '').toLowerCase();
  return { key, object, label, type, ...text, salesforce: { apiName: sfName, trackHistory }, hubspot: { name: snake } };
}

const CATEGORY_FIELDS = [
  ['engagement', 'Engagement', 'activity volume and recency, meetings, contact engagement, adoption'],
  ['fit', 'Fit', 'how closely the account matches the ideal customer profile'],
  ['intent', 'Intent', 'buying signals: expansion interest, RFPs, budget, demo requests'],
  ['velocity', 'Velocity', 'deal speed, stage progression and meeting cadence'],
  ['pipelineHealth', 'Pipeline Health', 'hygiene and forecast integrity of the open deals'],
  ['relationship', 'Relationship', 'champion, executive sponsor and multi-threading'],
  ['risk', 'Risk', 'churn, payment, support and competitive risk (higher = safer)'],
  ['opportunityQuality', 'Opportunity Quality', 'deal size, win likelihood and buyer readiness'],
] as const;

export const FIELD_CATALOG: readonly CatalogField[] = [
  field('account', 'healthScore', 'Pillar_Health_Score__c', 'Pillar Health Score', score, {
    description: 'Account health 0–100 computed by Pillar from 97 rules in 8 categories.',
    helpText: 'Higher is healthier. Open the Pillar card and choose "Why?" to see what drives it.',
  }, true),
  field('account', 'healthBand', 'Pillar_Health_Band__c', 'Pillar Health Band', picklist(HEALTH_BANDS), {
    description: 'Band of the health score: Healthy ≥ 70, Watch ≥ 50, At Risk ≥ 30, Critical below.',
    helpText: 'Healthy, Watch, At Risk or Critical, from the Pillar health score.',
  }, true),
  field('account', 'healthTrend30d', 'Pillar_Health_Trend_30d__c', 'Pillar Health Change (30 days)', { kind: 'number', precision: 5, scale: 1 }, {
    description: 'Health score now minus the score 30 days ago.',
    helpText: 'Positive means the account got healthier over the last 30 days.',
  }),
  ...CATEGORY_FIELDS.map(([key, label, what]) =>
    field('account', `category.${key}`, `Pillar_${label.replace(/ /g, '_')}_Score__c`, `Pillar ${label} Score`, score, {
      description: `Pillar ${label} category score 0–100: ${what}.`,
      helpText: `0–100; part of the Pillar health score (${what}).`,
    }),
  ),
  field('account', 'renewalRisk', 'Pillar_Renewal_Risk__c', 'Pillar Renewal Risk', score, {
    description: 'Renewal risk 0–100 from 8 weighted variables, amplified as the renewal date nears.',
    helpText: 'Higher is riskier. 85+ is critical.',
  }, true),
  field('account', 'renewalRiskBand', 'Pillar_Renewal_Risk_Band__c', 'Pillar Renewal Risk Band', picklist(RENEWAL_RISK_BANDS), {
    description: 'Band of the renewal risk: Low < 30, Medium < 50, High < 85, Critical 85+.',
    helpText: 'Low, Medium, High or Critical renewal risk.',
  }, true),
  field('account', 'priorityScore', 'Pillar_Priority_Score__c', 'Pillar Priority Score', score, {
    description: 'Where to spend time first: ARR, risk urgency, expansion potential and trend combined.',
    helpText: 'Higher means this account deserves attention sooner.',
  }),
  field('account', 'topDrivers', 'Pillar_Top_Drivers__c', 'Pillar Top Drivers', { kind: 'longText', length: 4000, visibleLines: 5 }, {
    description: 'The rules that move the health score most, one per line with their contribution.',
    helpText: 'Why the health score is what it is.',
  }),
  field('account', 'openSignals', 'Pillar_Open_Signals__c', 'Pillar Open Signals', { kind: 'number', precision: 4, scale: 0 }, {
    description: 'Number of Pillar signals on this account that are not resolved, expired or suppressed.',
    helpText: 'Open Pillar signals that need attention.',
  }),
  field('account', 'dataSufficiency', 'Pillar_Data_Sufficiency__c', 'Pillar Data Sufficiency', { kind: 'percent', precision: 5, scale: 1 }, {
    description: 'Share of the scoring weight whose inputs were present. Low values mean the score rests on little data.',
    helpText: 'How much of the health score is backed by data.',
  }),
  field('account', 'scoredAt', 'Pillar_Scored_At__c', 'Pillar Scored At', { kind: 'dateTime' }, {
    description: 'When Pillar last computed the scores on this record.',
    helpText: 'Time of the last Pillar scoring.',
  }),
  field('opportunity', 'winProbability', 'Pillar_Win_Probability__c', 'Pillar Win Probability', { kind: 'percent', precision: 5, scale: 1 }, {
    description: 'Probability this deal closes won, learned from this org\u2019s closed deals (rule-based until enough history).',
    helpText: 'Pillar\u2019s estimate that the deal will be won.',
  }, true),
  field('opportunity', 'dealRisk', 'Pillar_Deal_Risk__c', 'Pillar Deal Risk', score, {
    description: 'Deal risk 0–100: inactivity, stage velocity against this org\u2019s history, competition, champion silence, pushes.',
    helpText: 'Higher is riskier. 60+ is high risk.',
  }, true),
  field('opportunity', 'dealRiskBand', 'Pillar_Deal_Risk_Band__c', 'Pillar Deal Risk Band', picklist(DEAL_RISK_BANDS), {
    description: 'Band of the deal risk: Low < 40, Medium < 60, High 60+.',
    helpText: 'Low, Medium or High deal risk.',
  }, true),
  field('opportunity', 'forecastCategory', 'Pillar_Forecast_Category__c', 'Pillar Forecast Category', picklist(FORECAST_CATEGORIES), {
    description: 'Pillar\u2019s forecast category (Won, Commit, Probable, Upside, Projection); maps to the native forecast category.',
    helpText: 'Where Pillar places this deal in the forecast.',
  }, true),
  field('opportunity', 'hygiene', 'Pillar_Hygiene_Score__c', 'Pillar Hygiene Score', score, {
    description: 'Pipeline hygiene 0–100 from 6 variables (velocity, slips, next step, contacts, economic buyer, meetings). Higher = more gaps.',
    helpText: 'Higher means the deal record has more gaps to fix.',
  }),
  field('opportunity', 'confidence', 'Pillar_Forecast_Confidence__c', 'Pillar Forecast Confidence', score, {
    description: 'Forecast confidence 0–100 from 7 variables. Higher = more confident.',
    helpText: 'How much to trust this deal\u2019s place in the forecast.',
  }),
  field('opportunity', 'riskReasons', 'Pillar_Risk_Reasons__c', 'Pillar Risk Reasons', { kind: 'longText', length: 32768, visibleLines: 5 }, {
    description: 'The reasons behind the deal risk, most important first.',
    helpText: 'Why Pillar considers this deal at risk.',
  }),
  field('opportunity', 'nextBestAction', 'Pillar_Next_Best_Action__c', 'Pillar Next Best Action', { kind: 'text', length: 255 }, {
    description: 'The action Pillar recommends for the most important risk reason.',
    helpText: 'What to do next on this deal.',
  }),
  field('opportunity', 'scoredAt', 'Pillar_Scored_At__c', 'Pillar Scored At', { kind: 'dateTime' }, {
    description: 'When Pillar last computed the scores on this record.',
    helpText: 'Time of the last Pillar scoring.',
  }),
];

export function catalogFields(object: CatalogObject): CatalogField[] {
  return FIELD_CATALOG.filter((f) => f.object === object);
}

export function catalogField(object: CatalogObject, key: string): CatalogField {
  const found = FIELD_CATALOG.find((f) => f.object === object && f.key === key);
  if (!found) throw new Error(`No catalog field ${object}.${key}`);
  return found;
}
