import type { CatalogField } from '@pillar/shared';
import { el, metadataDocument, type XmlNode } from './xml';

/**
 * One catalog field → its `CustomField` source file. Pillar writes these values; nobody types them in, so
 * they are never required, never unique, and trending is off (history tracking, where the catalog asks
 * for it, is what trend reports read).
 */
export function customFieldXml(field: CatalogField): string {
  return metadataDocument('CustomField', [
    el('fullName', field.salesforce.apiName),
    el('description', field.description),
    el('externalId', false),
    el('inlineHelpText', field.helpText),
    el('label', field.label),
    ...typeElements(field),
    el('trackFeedHistory', false),
    el('trackHistory', field.salesforce.trackHistory),
    el('trackTrending', false),
  ].sort(byElementOrder));
}

function typeElements(field: CatalogField): XmlNode[] {
  const t = field.type;
  switch (t.kind) {
    case 'number':
    case 'percent':
      return [
        el('precision', t.precision),
        el('required', false),
        el('scale', t.scale),
        el('type', t.kind === 'number' ? 'Number' : 'Percent'),
        el('unique', false),
      ];
    case 'text':
      return [el('length', t.length), el('required', false), el('type', 'Text'), el('unique', false)];
    case 'longText':
      return [el('length', t.length), el('type', 'LongTextArea'), el('visibleLines', t.visibleLines)];
    case 'dateTime':
      return [el('required', false), el('type', 'DateTime')];
    case 'picklist':
      return [
        el('required', false),
        el('type', 'Picklist'),
        el('valueSet', [
          el('restricted', true),
          el('valueSetDefinition', [
            el('sorted', false),
            ...t.values.map((v) => el('value', [el('fullName', v.value), el('default', false), el('label', v.label)])),
          ]),
        ]),
      ];
  }
}

/** fullName first, then alphabetical: the order a retrieve from an org produces, so diffs stay small. */
function byElementOrder(a: XmlNode, b: XmlNode): number {
  if (a.name === 'fullName') return -1;
  if (b.name === 'fullName') return 1;
  return a.name.localeCompare(b.name);
}

/** Source path of a catalog field, relative to the package's `main/default`. */
export function customFieldPath(objectApiName: string, fieldApiName: string): string {
  return `objects/${objectApiName}/fields/${fieldApiName}.field-meta.xml`;
}
