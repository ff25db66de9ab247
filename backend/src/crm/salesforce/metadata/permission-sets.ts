import { FIELD_CATALOG, SALESFORCE_OBJECT } from '@pillar/shared';
import { el, metadataDocument, type XmlNode } from './xml';
import { CARD_CONTROLLER, CREDENTIAL_PRINCIPAL, CUSTOM_PERMISSION, EXTERNAL_CREDENTIAL, SIGNALS_TAB } from './package-names';

export interface PermissionSetSpec {
  name: string;
  label: string;
  description: string;
  /** Edit on the Pillar fields (write-back user, admins) rather than read only. */
  editFields: boolean;
}

export const PERMISSION_SETS: readonly PermissionSetSpec[] = [
  {
    name: 'Pillar_User',
    label: 'Pillar User',
    description:
      'Reps and managers: read the Pillar fields, see the Pillar cards, and act on signals and plays through the Pillar API.',
    editFields: false,
  },
  {
    name: 'Pillar_Admin',
    label: 'Pillar Admin',
    description:
      'Everything in Pillar User plus edit on the Pillar fields. Assign to the Pillar integration user that writes scores back and to the admins who manage Pillar.',
    editFields: true,
  },
];

/** `Object.Field` for every catalog field, sorted (how Salesforce orders fieldPermissions). */
export function pillarFieldReferences(): string[] {
  return FIELD_CATALOG.map((f) => `${SALESFORCE_OBJECT[f.object]}.${f.salesforce.apiName}`).sort();
}

export function permissionSetXml(spec: PermissionSetSpec): string {
  const fieldPermissions: XmlNode[] = pillarFieldReferences().map((field) =>
    el('fieldPermissions', [el('editable', spec.editFields), el('field', field), el('readable', true)]),
  );
  return metadataDocument('PermissionSet', [
    el('classAccesses', [el('apexClass', CARD_CONTROLLER), el('enabled', true)]),
    el('customPermissions', [el('enabled', true), el('name', CUSTOM_PERMISSION)]),
    el('description', spec.description),
    el('externalCredentialPrincipalAccesses', [
      el('enabled', true),
      el('externalCredentialPrincipal', `${EXTERNAL_CREDENTIAL}-${CREDENTIAL_PRINCIPAL}`),
    ]),
    ...fieldPermissions,
    el('hasActivationRequired', false),
    el('label', spec.label),
    el('tabSettings', [el('tab', SIGNALS_TAB), el('visibility', 'Visible')]),
  ]);
}

export function permissionSetPath(name: string): string {
  return `permissionsets/${name}.permissionset-meta.xml`;
}
