import { auraEnabled } from './apex-source';
import { componentExists, components, fieldExists, objectExists, STANDARD_CHILD_RELATIONSHIPS, type PackageIndex } from './package-index';
import type { Problem } from './problem';
import { child, childText, childrenNamed, type XmlElement } from './xml-tree';

/**
 * Every name one component uses for another resolves inside the package (or to a known standard
 * object/field): permission set → field, Apex class, custom permission, credential principal, tab;
 * report type → object, relationship, columns; Named Credential → External Credential; flexipage → LWC
 * placed where its targets allow; tab → app page; LWC → fields, @AuraEnabled Apex, child components;
 * Apex `callout:` → Named Credential.
 */
type Add = (file: string, message: string) => void;

function permissionSetReferences(index: PackageIndex, add: Add): void {
  const credentials = components(index, 'ExternalCredential');
  for (const [name, { path, element }] of components(index, 'PermissionSet')) {
    for (const fp of childrenNamed(element, 'fieldPermissions')) {
      const ref = childText(fp, 'field') ?? '';
      const [object = '', field = ''] = ref.split('.');
      if (!fieldExists(index, object, field)) {
        add(path, `${name} grants field ${ref}, which does not exist`);
        continue;
      }
      const target = index.fields.get(ref)?.element;
      if (target && (childText(target, 'type') === 'MasterDetail' || childText(target, 'required') === 'true')) {
        add(path, `${name} sets field permissions on ${ref}, which is required or master-detail (not allowed)`);
      }
    }
    for (const access of childrenNamed(element, 'classAccesses')) {
      const apexClass = childText(access, 'apexClass') ?? '';
      if (!index.apex.has(apexClass)) add(path, `${name} grants Apex class ${apexClass}, which does not exist`);
    }
    for (const permission of childrenNamed(element, 'customPermissions')) {
      const custom = childText(permission, 'name') ?? '';
      if (!componentExists(index, 'CustomPermission', custom)) add(path, `${name} grants custom permission ${custom}, which does not exist`);
    }
    for (const access of childrenNamed(element, 'externalCredentialPrincipalAccesses')) {
      const principalRef = childText(access, 'externalCredentialPrincipal') ?? '';
      const [credential = '', principal = ''] = principalRef.split(/-(.*)/s);
      const ec = credentials.get(credential)?.element;
      const principals = ec
        ? childrenNamed(ec, 'externalCredentialParameters')
            .filter((p) => ['NamedPrincipal', 'PerUserPrincipal'].includes(childText(p, 'parameterType') ?? ''))
            .map((p) => childText(p, 'parameterName'))
        : [];
      if (!ec && componentExists(index, 'ExternalCredential', credential)) continue;
      if (!ec) add(path, `${name} grants principal ${principalRef} of external credential ${credential}, which does not exist`);
      else if (!principals.includes(principal)) add(path, `${name} grants principal ${principalRef}, but ${credential} has no principal ${principal} (has ${principals.join(', ')})`);
    }
    for (const setting of childrenNamed(element, 'tabSettings')) {
      const tab = childText(setting, 'tab') ?? '';
      if (!tab.startsWith('standard-') && !componentExists(index, 'CustomTab', tab)) add(path, `${name} sets visibility of tab ${tab}, which does not exist`);
    }
  }
}

function reportTypeReferences(index: PackageIndex, add: Add): void {
  for (const [name, { path, element }] of components(index, 'ReportType')) {
    const base = childText(element, 'baseObject') ?? '';
    if (!objectExists(index, base)) {
      add(path, `${name}: base object ${base} does not exist`);
      continue;
    }
    const tables = new Map<string, string>([[base, base]]);
    let parent = base;
    let table = base;
    for (let join = child(element, 'join'); join; join = child(join, 'join')) {
      const relationship = childText(join, 'relationship') ?? '';
      const childObject = STANDARD_CHILD_RELATIONSHIPS[parent]?.[relationship];
      if (!childObject) {
        add(path, `${name}: ${parent} has no child relationship ${relationship}`);
        break;
      }
      table = `${table}.${relationship}`;
      tables.set(table, childObject);
      parent = childObject;
    }
    for (const section of childrenNamed(element, 'sections')) {
      for (const column of childrenNamed(section, 'columns')) {
        const columnTable = childText(column, 'table') ?? '';
        const field = childText(column, 'field') ?? '';
        const object = tables.get(columnTable);
        if (!object) add(path, `${name}: column ${field} uses table ${columnTable}, which is not joined`);
        else if (!fieldExists(index, object, field)) add(path, `${name}: column ${columnTable}.${field} is not a field of ${object}`);
      }
    }
  }
}

function credentialReferences(index: PackageIndex, add: Add): void {
  for (const [name, { path, element }] of components(index, 'NamedCredential')) {
    const parameters = childrenNamed(element, 'namedCredentialParameters');
    if (!parameters.some((p) => childText(p, 'parameterType') === 'Url' && childText(p, 'parameterValue'))) add(path, `${name} has no Url parameter`);
    for (const p of parameters.filter((p) => childText(p, 'parameterType') === 'Authentication')) {
      const ec = childText(p, 'externalCredential') ?? '';
      if (!componentExists(index, 'ExternalCredential', ec)) add(path, `${name} authenticates with external credential ${ec}, which does not exist`);
    }
  }
}

function targetsOf(meta: XmlElement | undefined): string[] {
  return meta ? childrenNamed(child(meta, 'targets') ?? meta, 'target').map((t) => t.text) : [];
}

function recordPageObjects(meta: XmlElement): string[] | null {
  const config = childrenNamed(child(meta, 'targetConfigs') ?? meta, 'targetConfig').find((c) => (c.attributes.targets ?? '').split(',').map((s) => s.trim()).includes('lightning__RecordPage'));
  const objects = config ? child(config, 'objects') : undefined;
  return objects ? childrenNamed(objects, 'object').map((o) => o.text) : null;
}

function pageReferences(index: PackageIndex, add: Add): void {
  const pageTargets: Record<string, string> = { RecordPage: 'lightning__RecordPage', AppPage: 'lightning__AppPage', HomePage: 'lightning__HomePage' };
  for (const [name, { path, element }] of components(index, 'FlexiPage')) {
    const pageType = childText(element, 'type') ?? '';
    const sobject = childText(element, 'sobjectType');
    if (sobject && !objectExists(index, sobject)) add(path, `${name}: object ${sobject} does not exist`);
    for (const region of childrenNamed(element, 'flexiPageRegions')) {
      for (const item of childrenNamed(region, 'itemInstances')) {
        const component = childText(child(item, 'componentInstance') ?? item, 'componentName');
        if (!component || component.includes(':')) continue;
        const bundle = index.bundles.get(component);
        if (!bundle || !bundle.meta) {
          add(path, `${name} places component ${component}, which is not an LWC of this package`);
          continue;
        }
        const target = pageTargets[pageType];
        if (childText(bundle.meta, 'isExposed') !== 'true') add(path, `${name} places ${component}, which is not exposed`);
        else if (target && !targetsOf(bundle.meta).includes(target)) add(path, `${name} places ${component} on a ${pageType}, but it does not target ${target}`);
        else if (pageType === 'RecordPage' && sobject) {
          const objects = recordPageObjects(bundle.meta);
          if (objects && !objects.includes(sobject)) add(path, `${name} places ${component} on ${sobject} records, but it is limited to ${objects.join(', ')}`);
        }
      }
    }
  }
  for (const [name, { path, element }] of components(index, 'CustomTab')) {
    const page = childText(element, 'flexiPage');
    if (page === undefined) continue;
    const flexipage = components(index, 'FlexiPage').get(page);
    if (!flexipage) add(path, `tab ${name} opens flexipage ${page}, which does not exist`);
    else if (childText(flexipage.element, 'type') !== 'AppPage') add(path, `tab ${name} opens ${page}, which is not an app page`);
  }
}

const kebabToCamel = (tag: string) => tag.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function lwcReferences(index: PackageIndex, add: Add): void {
  for (const [name, bundle] of index.bundles) {
    for (const file of bundle.files) {
      if (file.path.endsWith('.js')) {
        const wired = new Set([...file.text.matchAll(/@wire\(\s*(\w+)/g)].map((m) => m[1]));
        for (const m of file.text.matchAll(/import\s+(\w+)\s+from\s+['"]@salesforce\/(schema|apex)\/([^'"]+)['"]/g)) {
          const [, local, kind, target = ''] = m;
          const [owner = '', member = ''] = target.split('.');
          if (kind === 'schema') {
            if (!member) continue;
            if (!fieldExists(index, owner, member)) add(file.path, `${name} imports field ${target}, which does not exist`);
            continue;
          }
          const apex = index.apex.get(owner);
          const method = apex?.source.outline?.methods.find((x) => x.name === member);
          if (apex && apex.source.errors.length > 0) continue;
          if (!apex) add(file.path, `${name} imports Apex ${target}, but class ${owner} does not exist`);
          else if (!method) add(file.path, `${name} imports Apex ${target}, but ${owner} has no method ${member}`);
          else {
            const { enabled, cacheable } = auraEnabled(method);
            if (!enabled || !method.isStatic) add(file.path, `${name} imports Apex ${target}, which is not a static @AuraEnabled method`);
            else if (wired.has(local) && !cacheable) add(file.path, `${name} wires Apex ${target}, which is not cacheable=true`);
          }
        }
        for (const m of file.text.matchAll(/from\s+['"]c\/(\w+)['"]/g)) {
          if (!index.bundles.has(m[1]!)) add(file.path, `${name} imports c/${m[1]}, which is not a component of this package`);
        }
      }
      if (file.path.endsWith('.html')) {
        for (const m of file.text.matchAll(/<c-([a-z0-9-]+)/g)) {
          const used = kebabToCamel(m[1]!);
          if (!index.bundles.has(used)) add(file.path, `${name} uses <c-${m[1]}>, which is not a component of this package`);
        }
      }
    }
  }
}

function apexReferences(index: PackageIndex, add: Add): void {
  for (const [name, { path, source }] of index.apex) {
    for (const literal of source.strings.filter((s) => s.startsWith('callout:'))) {
      const credential = literal.slice('callout:'.length).split('/')[0] ?? '';
      if (!componentExists(index, 'NamedCredential', credential)) add(path, `${name} calls out through ${literal}, but Named Credential ${credential} does not exist`);
    }
  }
}

export function referenceProblems(index: PackageIndex): Problem[] {
  const problems: Problem[] = [];
  const add: Add = (file, message) => problems.push({ check: 'references', file, message });
  permissionSetReferences(index, add);
  reportTypeReferences(index, add);
  credentialReferences(index, add);
  pageReferences(index, add);
  lwcReferences(index, add);
  apexReferences(index, add);
  return problems;
}
