import { readApex, type ApexSource } from './apex-source';
import { rootTypeOf } from './metadata-schema';
import type { SourceFile } from './source-files';
import { parseXmlRoot, xmlSyntaxError, type XmlElement } from './xml-tree';

/**
 * The package's components by kind and name, parsed once: what the rule and reference checks look
 * things up in. Names come from file names, as Salesforce derives them.
 */
export interface PackageIndex {
  files: SourceFile[];
  /** Parsed metadata XML by path (only well-formed files). */
  xml: Map<string, XmlElement>;
  /** `Object.Field__c` → path and parsed CustomField. */
  fields: Map<string, { path: string; element: XmlElement }>;
  customObjects: Set<string>;
  apex: Map<string, { path: string; source: ApexSource }>;
  bundles: Map<string, { files: SourceFile[]; meta: XmlElement | undefined }>;
  byType: Map<string, Map<string, { path: string; element: XmlElement }>>;
  /** Metadata XML that is not well formed: reported by the XML check, not again as missing. */
  unreadable: Set<string>;
}

/** Standard objects and fields the package refers to (no org to describe them offline). */
export const STANDARD_FIELDS: Record<string, readonly string[]> = {
  Account: ['Id', 'Name', 'Type', 'Industry', 'AnnualRevenue', 'NumberOfEmployees', 'OwnerId', 'ParentId', 'Website', 'CreatedDate', 'LastModifiedDate'],
  Opportunity: ['Id', 'Name', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'ForecastCategoryName', 'IsClosed', 'IsWon', 'Probability', 'NextStep', 'OwnerId', 'Type', 'CreatedDate', 'LastModifiedDate'],
};
/** Standard child relationships: parent → relationship name → child object. */
export const STANDARD_CHILD_RELATIONSHIPS: Record<string, Record<string, string>> = {
  Account: { Opportunities: 'Opportunity', Contacts: 'Contact', Cases: 'Case' },
};

export function componentName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.[A-Za-z]+-meta\.xml$/, '').replace(/\.cls$/, '');
}

export function buildIndex(files: SourceFile[]): PackageIndex {
  const index: PackageIndex = { files, xml: new Map(), fields: new Map(), customObjects: new Set(), apex: new Map(), bundles: new Map(), byType: new Map(), unreadable: new Set() };
  for (const file of files) {
    const lwc = /^lwc\/([^/]+)\//.exec(file.path);
    if (lwc) {
      const bundle = index.bundles.get(lwc[1]!) ?? { files: [], meta: undefined };
      bundle.files.push(file);
      index.bundles.set(lwc[1]!, bundle);
    }
    if (file.path.endsWith('.cls')) index.apex.set(componentName(file.path), { path: file.path, source: readApex(file.text) });
    const objectDir = /^objects\/([^/]+)\//.exec(file.path);
    if (objectDir && objectDir[1]!.endsWith('__c')) index.customObjects.add(objectDir[1]!);
    if (!file.path.endsWith('.xml')) continue;
    if (xmlSyntaxError(file.text) !== null) {
      index.unreadable.add(file.path);
      continue;
    }
    const element = parseXmlRoot(file.text);
    index.xml.set(file.path, element);
    const type = rootTypeOf(file.path);
    if (!type) continue;
    const byName = index.byType.get(type) ?? new Map<string, { path: string; element: XmlElement }>();
    byName.set(componentName(file.path), { path: file.path, element });
    index.byType.set(type, byName);
    const field = /^objects\/([^/]+)\/fields\/([^/]+)\.field-meta\.xml$/.exec(file.path);
    if (field) index.fields.set(`${field[1]}.${field[2]}`, { path: file.path, element });
    if (lwc && file.path.endsWith('.js-meta.xml')) index.bundles.get(lwc[1]!)!.meta = element;
  }
  return index;
}

export function components(index: PackageIndex, type: string): Map<string, { path: string; element: XmlElement }> {
  return index.byType.get(type) ?? new Map();
}

/** A component of this type and name exists, even if its XML is not readable. */
export function componentExists(index: PackageIndex, type: string, name: string): boolean {
  return components(index, type).has(name) || [...index.unreadable].some((p) => rootTypeOf(p) === type && componentName(p) === name);
}

export function objectExists(index: PackageIndex, object: string): boolean {
  return object in STANDARD_FIELDS || index.customObjects.has(object);
}

export function fieldExists(index: PackageIndex, object: string, field: string): boolean {
  return (
    (STANDARD_FIELDS[object] ?? []).includes(field) ||
    index.fields.has(`${object}.${field}`) ||
    index.unreadable.has(`objects/${object}/fields/${field}.field-meta.xml`)
  );
}
