import { FIELD_CATALOG, SALESFORCE_OBJECT } from '@pillar/shared';
import { customFieldPath, customFieldXml } from './custom-field';
import { PERMISSION_SETS, permissionSetPath, permissionSetXml } from './permission-sets';
import { REPORT_TYPE_PATH, reportTypeXml } from './report-type';
import { LWC_CATALOG_PATH, lwcCatalogJs } from './lwc-catalog';
import { APEX_FIXTURES_CLASS, apexClassMetaXml, apexFixturesClass } from './apex-fixtures';

/** A file the generator owns, with its path relative to the package's `main/default`. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * Every generated file of the Salesforce package, from the FIELD CATALOG (and, for the Apex test fixtures,
 * the card fixture JSON read through `readSource`). Pure: the CLI writes them, the test compares them.
 */
export function generatedPackageFiles(readSource: (path: string) => string): GeneratedFile[] {
  return [
    ...FIELD_CATALOG.map((f) => ({ path: customFieldPath(SALESFORCE_OBJECT[f.object], f.salesforce.apiName), content: customFieldXml(f) })),
    ...PERMISSION_SETS.map((p) => ({ path: permissionSetPath(p.name), content: permissionSetXml(p) })),
    { path: REPORT_TYPE_PATH, content: reportTypeXml() },
    { path: LWC_CATALOG_PATH, content: lwcCatalogJs() },
    { path: `classes/${APEX_FIXTURES_CLASS}.cls`, content: apexFixturesClass(readSource) },
    { path: `classes/${APEX_FIXTURES_CLASS}.cls-meta.xml`, content: apexClassMetaXml() },
  ];
}

/** Field files the generator owns: every `Pillar_*` field on the catalog's objects (to find stale ones). */
export function isGeneratedFieldPath(path: string): boolean {
  return /^objects\/(Account|Opportunity)\/fields\/Pillar_[A-Za-z0-9_]+__c\.field-meta\.xml$/.test(path);
}
