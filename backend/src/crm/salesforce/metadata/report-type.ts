import { catalogFields, type CatalogObject } from '@pillar/shared';
import { el, metadataDocument, type XmlNode } from './xml';
import { REPORT_TYPE } from './package-names';

/**
 * The custom report type managers build Pillar reports on: Accounts with or without Opportunities, every
 * Pillar field on both, beside the few standard columns a pipeline report always needs.
 */
export const REPORT_TYPE_TABLES = { account: 'Account', opportunity: 'Account.Opportunities' } as const;
export const STANDARD_COLUMNS: Record<CatalogObject, readonly string[]> = {
  account: ['Name', 'Type', 'Industry'],
  opportunity: ['Name', 'StageName', 'Amount', 'CloseDate', 'ForecastCategoryName', 'IsClosed', 'IsWon'],
};
/** Columns ticked when a manager starts a report. */
const CHECKED_BY_DEFAULT = new Set(['Name', 'Pillar_Health_Score__c', 'Pillar_Health_Band__c', 'Pillar_Renewal_Risk__c', 'StageName', 'Amount', 'CloseDate', 'Pillar_Win_Probability__c', 'Pillar_Deal_Risk_Band__c', 'Pillar_Forecast_Category__c']);

function column(object: CatalogObject, field: string): XmlNode {
  return el('columns', [el('checkedByDefault', CHECKED_BY_DEFAULT.has(field)), el('field', field), el('table', REPORT_TYPE_TABLES[object])]);
}

function section(object: CatalogObject, label: string): XmlNode {
  const fields = [...STANDARD_COLUMNS[object], ...catalogFields(object).map((f) => f.salesforce.apiName)];
  return el('sections', [...fields.map((f) => column(object, f)), el('masterLabel', label)]);
}

export function reportTypeXml(): string {
  return metadataDocument('ReportType', [
    el('baseObject', 'Account'),
    el('category', 'accounts'),
    el('deployed', true),
    el('description', 'Accounts with or without opportunities, with every Pillar score, band and forecast field for native reports and dashboards.'),
    el('join', [el('outerJoin', true), el('relationship', 'Opportunities')]),
    el('label', 'Pillar Accounts with Opportunities'),
    section('account', 'Accounts'),
    section('opportunity', 'Opportunities'),
  ]);
}

export const REPORT_TYPE_PATH = `reportTypes/${REPORT_TYPE}.reportType-meta.xml`;
