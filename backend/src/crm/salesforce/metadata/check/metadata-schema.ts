import fs from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
import type { XmlElement } from './xml-tree';

/**
 * The Metadata API's element names and enum values, read from the TypeScript types @salesforce/types
 * generates from the WSDL: for each type its properties (scalar, enum, nested type; repeated or not;
 * required or not), and each enum's values. Array members are optional (minOccurs=0) even where the TS
 * marks them required. A few source-format shapes the WSDL only knows as strings (the LWC bundle's
 * targetConfigs and targets) get a hand-written schema.
 */
export type PropType = { kind: 'string' } | { kind: 'number' } | { kind: 'boolean' } | { kind: 'ref'; name: string };

export interface Prop {
  type: PropType;
  array: boolean;
  optional: boolean;
}

export interface ObjectType {
  props: Map<string, Prop>;
  /** Attributes allowed on the element (source-format extras only). */
  attributes?: Map<string, PropType>;
}

export interface MetadataSchema {
  objects: Map<string, ObjectType>;
  enums: Map<string, string[]>;
}

/** Root element of each source file kind this package uses. */
export const ROOT_TYPE_BY_SUFFIX: Record<string, string> = {
  '.field-meta.xml': 'CustomField',
  '.object-meta.xml': 'CustomObject',
  '.permissionset-meta.xml': 'PermissionSet',
  '.reportType-meta.xml': 'ReportType',
  '.externalCredential-meta.xml': 'ExternalCredential',
  '.namedCredential-meta.xml': 'NamedCredential',
  '.customPermission-meta.xml': 'CustomPermission',
  '.tab-meta.xml': 'CustomTab',
  '.flexipage-meta.xml': 'FlexiPage',
  '.cls-meta.xml': 'ApexClass',
  '.js-meta.xml': 'LightningComponentBundle',
};

export function rootTypeOf(path: string): string | undefined {
  const suffix = Object.keys(ROOT_TYPE_BY_SUFFIX).find((s) => path.endsWith(s));
  return suffix ? ROOT_TYPE_BY_SUFFIX[suffix] : undefined;
}

const prop = (type: PropType, array = false, optional = true): Prop => ({ type, array, optional });
const str: PropType = { kind: 'string' };
const bool: PropType = { kind: 'boolean' };
const ref = (name: string): PropType => ({ kind: 'ref', name });

/** Where the LWC can be placed (js-meta.xml <target> and targetConfig targets="…"). */
export const LWC_TARGETS = [
  'lightning__AppPage',
  'lightning__RecordPage',
  'lightning__HomePage',
  'lightning__Tab',
  'lightning__UtilityBar',
  'lightning__FlowScreen',
  'lightning__RecordAction',
  'lightning__GlobalAction',
  'lightning__Inbox',
  'lightning__UrlAddressable',
  'lightning__Dashboard',
  'lightningCommunity__Page',
  'lightningCommunity__Default',
  'lightningSnapin__ChatMessage',
  'lightningSnapin__Minimized',
  'lightningSnapin__PreChat',
  'lightningSnapin__ChatHeader',
];

function addSourceFormatTypes(schema: MetadataSchema): void {
  schema.enums.set('LwcTarget', LWC_TARGETS);
  schema.objects.set('LwcTargets', { props: new Map([['target', prop(ref('LwcTarget'), true)]]) });
  schema.objects.set('LwcTargetConfigs', { props: new Map([['targetConfig', prop(ref('LwcTargetConfig'), true)]]) });
  schema.objects.set('LwcTargetConfig', {
    props: new Map([
      ['objects', prop(ref('LwcObjects'))],
      ['property', prop(ref('LwcProperty'), true)],
      ['supportedFormFactors', prop(ref('LwcFormFactors'))],
    ]),
    attributes: new Map([
      ['targets', ref('LwcTarget')],
      ['configurationEditor', str],
    ]),
  });
  schema.objects.set('LwcObjects', { props: new Map([['object', prop(str, true)]]) });
  schema.objects.set('LwcProperty', {
    props: new Map(),
    attributes: new Map(['name', 'type', 'label', 'description', 'default', 'datasource', 'required', 'min', 'max', 'placeholder'].map((a) => [a, str])),
  });
  schema.objects.set('LwcFormFactors', { props: new Map([['supportedFormFactor', prop(ref('LwcFormFactor'), true)]]) });
  schema.objects.set('LwcFormFactor', { props: new Map(), attributes: new Map([['type', str]]) });
  const bundle = schema.objects.get('LightningComponentBundle');
  if (bundle) {
    bundle.props.set('targets', prop(ref('LwcTargets')));
    bundle.props.set('targetConfigs', prop(ref('LwcTargetConfigs')));
  }
  void bool;
}

function propType(node: ts.TypeNode): { type: PropType; array: boolean } {
  if (ts.isArrayTypeNode(node)) return { type: propType(node.elementType).type, array: true };
  switch (node.kind) {
    case ts.SyntaxKind.NumberKeyword:
      return { type: { kind: 'number' }, array: false };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: { kind: 'boolean' }, array: false };
    case ts.SyntaxKind.StringKeyword:
      return { type: { kind: 'string' }, array: false };
  }
  if (ts.isTypeReferenceNode(node)) return { type: { kind: 'ref', name: node.typeName.getText() }, array: false };
  return { type: { kind: 'string' }, array: false };
}

function collectProps(node: ts.TypeNode, aliases: Map<string, ts.TypeNode>, into: Map<string, Prop>): void {
  if (ts.isIntersectionTypeNode(node)) {
    for (const part of node.types) collectProps(part, aliases, into);
  } else if (ts.isTypeReferenceNode(node)) {
    const target = aliases.get(node.typeName.getText());
    if (target) collectProps(target, aliases, into);
  } else if (ts.isTypeLiteralNode(node)) {
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const { type, array } = propType(member.type);
      into.set(member.name.getText(), { type, array, optional: array || member.questionToken !== undefined });
    }
  }
}

let cached: MetadataSchema | undefined;

export function loadMetadataSchema(): MetadataSchema {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const aliases = new Map<string, ts.TypeNode>();
  source.forEachChild((node) => {
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
  });
  const schema: MetadataSchema = { objects: new Map(), enums: new Map() };
  for (const [name, node] of aliases) {
    if (ts.isUnionTypeNode(node) && node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
      schema.enums.set(name, node.types.map((t) => ((t as ts.LiteralTypeNode).literal as ts.StringLiteral).text));
    } else if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
      schema.enums.set(name, [node.literal.text]);
    } else {
      const props = new Map<string, Prop>();
      collectProps(node, aliases, props);
      schema.objects.set(name, { props });
    }
  }
  addSourceFormatTypes(schema);
  cached = schema;
  return schema;
}

function scalarProblem(type: PropType, value: string, schema: MetadataSchema): string | null {
  switch (type.kind) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) ? null : `"${value}" is not a number`;
    case 'boolean':
      return value === 'true' || value === 'false' ? null : `"${value}" is not true or false`;
    case 'ref': {
      const values = schema.enums.get(type.name);
      return values && !values.includes(value) ? `"${value}" is not a ${type.name} (${values.slice(0, 12).join(', ')}${values.length > 12 ? ', …' : ''})` : null;
    }
    case 'string':
      return null;
  }
}

/**
 * Problems with an element against a Metadata API type: unknown or repeated elements, missing required
 * ones, values that are not of their type (number, boolean, enum), unexpected attributes.
 */
export function schemaProblems(element: XmlElement, typeName: string, schema: MetadataSchema, where = element.name): string[] {
  const type = schema.objects.get(typeName);
  if (!type) return [`${where}: no Metadata API type ${typeName}`];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(element.attributes)) {
    if (where === element.name && name === 'xmlns') continue;
    const attribute = type.attributes?.get(name);
    if (!attribute) problems.push(`${where}: unexpected attribute ${name}`);
    else for (const v of value.split(',').map((s) => s.trim())) {
      const problem = scalarProblem(attribute, v, schema);
      if (problem) problems.push(`${where}@${name}: ${problem}`);
    }
  }
  const seen = new Map<string, number>();
  for (const c of element.children) {
    const path = `${where}.${c.name}`;
    const p = type.props.get(c.name);
    if (!p) {
      problems.push(`${path}: <${c.name}> is not an element of ${typeName}`);
      continue;
    }
    seen.set(c.name, (seen.get(c.name) ?? 0) + 1);
    if (!p.array && seen.get(c.name) === 2) problems.push(`${path}: <${c.name}> may appear only once in ${typeName}`);
    const nested = p.type.kind === 'ref' ? schema.objects.get(p.type.name) : undefined;
    if (nested && p.type.kind === 'ref') problems.push(...schemaProblems(c, p.type.name, schema, path));
    else if (c.children.length > 0) problems.push(`${path}: <${c.name}> holds a value, not elements`);
    else {
      const problem = scalarProblem(p.type, c.text, schema);
      if (problem) problems.push(`${path}: ${problem}`);
    }
  }
  for (const [name, p] of type.props) {
    if (!p.optional && name !== 'fullName' && !seen.has(name)) problems.push(`${where}: required <${name}> is missing from ${typeName}`);
  }
  return problems;
}
