import { componentName, type PackageIndex } from './package-index';
import type { Problem } from './problem';
import { child, childText, childrenNamed, type XmlElement } from './xml-tree';

/**
 * What the platform requires but neither the schema nor the converter checks: names that match files,
 * the elements each field type needs and the platform's length limits, and files that only work in pairs
 * (an Apex class without its -meta.xml is silently dropped from a deploy).
 */
const LIMITS = { label: 40, inlineHelpText: 510, description: 1000, fieldName: 40 };

function fieldProblems(path: string, field: XmlElement): string[] {
  const problems: string[] = [];
  const name = componentName(path);
  const type = childText(field, 'type');
  const label = childText(field, 'label');
  const number = (element: string) => {
    const text = childText(field, element);
    return text === undefined ? undefined : Number(text);
  };
  if (!name.endsWith('__c')) problems.push(`custom field ${name} must end with __c`);
  if (name.length > LIMITS.fieldName) problems.push(`field name ${name} is longer than ${LIMITS.fieldName} characters`);
  if (!label) problems.push('field has no <label>');
  else if (label.length > LIMITS.label) problems.push(`<label> is longer than ${LIMITS.label} characters`);
  if ((childText(field, 'inlineHelpText') ?? '').length > LIMITS.inlineHelpText) problems.push(`<inlineHelpText> is longer than ${LIMITS.inlineHelpText} characters`);
  if ((childText(field, 'description') ?? '').length > LIMITS.description) problems.push(`<description> is longer than ${LIMITS.description} characters`);
  switch (type) {
    case 'Number':
    case 'Percent':
    case 'Currency': {
      const precision = number('precision');
      const scale = number('scale');
      if (precision === undefined || scale === undefined) problems.push(`${type} field needs <precision> and <scale>`);
      else if (scale > precision || precision > 18 || precision < 1) problems.push(`${type} field needs 1 ≤ precision ≤ 18 and scale ≤ precision (got ${precision}, ${scale})`);
      break;
    }
    case 'Text': {
      const length = number('length');
      if (length === undefined || length < 1 || length > 255) problems.push('Text field needs a <length> from 1 to 255');
      break;
    }
    case 'LongTextArea': {
      const length = number('length');
      if (length === undefined || length < 256 || length > 131072) problems.push('LongTextArea field needs a <length> from 256 to 131072');
      if (number('visibleLines') === undefined) problems.push('LongTextArea field needs <visibleLines>');
      break;
    }
    case 'Picklist': {
      const values = childrenNamed(child(child(field, 'valueSet') ?? field, 'valueSetDefinition') ?? field, 'value').map((v) => childText(v, 'fullName'));
      if (values.length === 0 && !childText(child(field, 'valueSet') ?? field, 'valueSetName')) problems.push('Picklist field needs a <valueSet> with values');
      if (new Set(values).size !== values.length) problems.push('Picklist field repeats a value');
      break;
    }
    case 'Lookup':
    case 'MasterDetail':
      if (!childText(field, 'referenceTo') || !childText(field, 'relationshipName')) problems.push(`${type} field needs <referenceTo> and <relationshipName>`);
      break;
  }
  return problems;
}

export function sourceRuleProblems(index: PackageIndex): Problem[] {
  const problems: Problem[] = [];
  const add = (file: string, message: string) => problems.push({ check: 'rules', file, message });
  for (const [path, root] of index.xml) {
    const fullName = childText(root, 'fullName');
    if (fullName !== undefined && fullName !== componentName(path)) add(path, `<fullName>${fullName}</fullName> does not match the file name ${componentName(path)}`);
    if (root.name === 'CustomField') for (const message of fieldProblems(path, root)) add(path, message);
  }
  const paths = new Set(index.files.map((f) => f.path));
  for (const file of index.files) {
    if (file.path.endsWith('.cls') && !paths.has(`${file.path}-meta.xml`)) add(file.path, 'Apex class has no .cls-meta.xml (a deploy would silently leave it out)');
    if (file.path.endsWith('.cls-meta.xml') && !paths.has(file.path.replace(/-meta\.xml$/, ''))) add(file.path, 'ApexClass metadata without its .cls source');
  }
  for (const [name, bundle] of index.bundles) {
    const has = (suffix: string) => bundle.files.some((f) => f.path === `lwc/${name}/${name}${suffix}`);
    if (!has('.js')) add(`lwc/${name}`, `bundle ${name} has no ${name}.js`);
    if (!has('.js-meta.xml')) add(`lwc/${name}`, `bundle ${name} has no ${name}.js-meta.xml`);
  }
  return problems;
}
