// Pillar's own custom fields, as the managed package deploys them: one CustomFieldSpec per FIELD CATALOG entry.
import { FIELD_CATALOG, SALESFORCE_OBJECT, type CatalogField } from '@pillar/shared';
import type { CustomFieldSpec } from './schema';

function spec(field: CatalogField, namespacePrefix: string): CustomFieldSpec & { object: string } {
  const base = { object: SALESFORCE_OBJECT[field.object], name: `${namespacePrefix}${field.salesforce.apiName}`, label: field.label };
  const t = field.type;
  switch (t.kind) {
    case 'number':
      return { ...base, type: 'double', precision: t.precision, scale: t.scale };
    case 'percent':
      return { ...base, type: 'percent', precision: t.precision, scale: t.scale };
    case 'picklist':
      return { ...base, type: 'picklist', picklistValues: t.values.map((v) => v.value), restrictedPicklist: true };
    case 'text':
      return { ...base, type: 'string', length: t.length };
    case 'longText':
      return { ...base, type: 'textarea', length: t.length };
    case 'dateTime':
      return { ...base, type: 'datetime' };
  }
}

/** Every catalog field as a custom field to declare on the emulated org (`ns__` prefix for a namespaced package). */
export function pillarCatalogFields(namespace?: string): Array<CustomFieldSpec & { object: string }> {
  const prefix = namespace ? `${namespace}__` : '';
  return FIELD_CATALOG.map((f) => spec(f, prefix));
}
