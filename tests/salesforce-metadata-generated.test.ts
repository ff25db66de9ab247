import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { catalogField, FIELD_CATALOG, HEALTH_BANDS } from '@pillar/shared';
import { customFieldXml } from '../backend/src/crm/salesforce/metadata/custom-field';
import { generatedPackageFiles, isGeneratedFieldPath } from '../backend/src/crm/salesforce/metadata/package-files';
import { PERMISSION_SETS, permissionSetXml } from '../backend/src/crm/salesforce/metadata/permission-sets';
import { reportTypeXml } from '../backend/src/crm/salesforce/metadata/report-type';
import { SOURCE_ROOT } from '../backend/src/crm/salesforce/metadata/package-names';

const root = path.resolve(__dirname, '..', SOURCE_ROOT);
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const parser = new XMLParser({ isArray: (name) => ['value', 'fieldPermissions', 'columns', 'sections'].includes(name) });
const parse = (xml: string) => parser.parse(xml) as Record<string, Record<string, unknown>>;

describe('generated Salesforce metadata', () => {
  const files = generatedPackageFiles(read);

  it.each(files.map((f) => [f.path, f] as const))('committed %s equals what the catalog generates', (_p, file) => {
    const onDisk = fs.existsSync(path.join(root, file.path)) ? read(file.path) : '(missing: run npx tsx backend/src/crm/salesforce/metadata/generate.ts)';
    expect(onDisk).toBe(file.content);
  });

  it('has no Pillar field file that the catalog no longer defines', () => {
    const generated = new Set(files.map((f) => f.path));
    const onDisk = ['Account', 'Opportunity'].flatMap((o) => {
      const dir = path.join(root, 'objects', o, 'fields');
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => `objects/${o}/fields/${n}`) : [];
    });
    expect(onDisk.filter((p) => isGeneratedFieldPath(p) && !generated.has(p))).toEqual([]);
  });

  it('writes one field file per catalog field', () => {
    expect(files.filter((f) => isGeneratedFieldPath(f.path))).toHaveLength(FIELD_CATALOG.length);
  });

  it('gives number fields their precision and scale and tracks history where the catalog asks', () => {
    const field = parse(customFieldXml(catalogField('account', 'healthScore'))).CustomField!;
    expect(field).toMatchObject({ fullName: 'Pillar_Health_Score__c', type: 'Number', precision: 5, scale: 1, trackHistory: true, trackTrending: false });
    const untracked = parse(customFieldXml(catalogField('account', 'priorityScore'))).CustomField!;
    expect(untracked.trackHistory).toBe(false);
  });

  it('restricts band picklists to the band keys, labelled with the band words', () => {
    const field = parse(customFieldXml(catalogField('account', 'healthBand'))).CustomField as { valueSet: { restricted: boolean; valueSetDefinition: { value: { fullName: string; label: string }[] } } };
    expect(field.valueSet.restricted).toBe(true);
    expect(field.valueSet.valueSetDefinition.value.map((v) => [v.fullName, v.label])).toEqual(HEALTH_BANDS.map((b) => [b.key, b.label]));
  });

  it('writes percent, long text, text and date-time fields with the elements their type needs', () => {
    const pct = parse(customFieldXml(catalogField('opportunity', 'winProbability'))).CustomField!;
    expect(pct).toMatchObject({ type: 'Percent', precision: 5, scale: 1 });
    const long = parse(customFieldXml(catalogField('opportunity', 'riskReasons'))).CustomField!;
    expect(long).toMatchObject({ type: 'LongTextArea', length: 32768, visibleLines: 5 });
    const text = parse(customFieldXml(catalogField('opportunity', 'nextBestAction'))).CustomField!;
    expect(text).toMatchObject({ type: 'Text', length: 255 });
    const dt = parse(customFieldXml(catalogField('opportunity', 'scoredAt'))).CustomField!;
    expect(dt.type).toBe('DateTime');
    expect(dt).not.toHaveProperty('length');
  });

  it('escapes XML special characters in labels and help text', () => {
    const xml = customFieldXml({ ...catalogField('account', 'healthScore'), helpText: 'Scores < 30 & falling' });
    expect(xml).toContain('<inlineHelpText>Scores &lt; 30 &amp; falling</inlineHelpText>');
  });

  it('grants Pillar_User read only and Pillar_Admin edit on every catalog field', () => {
    const perms = Object.fromEntries(
      PERMISSION_SETS.map((p) => [p.name, (parse(permissionSetXml(p)).PermissionSet!.fieldPermissions as { field: string; editable: boolean; readable: boolean }[])]),
    );
    expect(perms.Pillar_User).toHaveLength(FIELD_CATALOG.length);
    expect(perms.Pillar_User!.every((f) => f.readable && !f.editable)).toBe(true);
    expect(perms.Pillar_Admin!.every((f) => f.readable && f.editable)).toBe(true);
    expect(perms.Pillar_User!.map((f) => f.field)).toContain('Opportunity.Pillar_Win_Probability__c');
  });

  it('puts every catalog field in the report type, under its object', () => {
    const sections = parse(reportTypeXml()).ReportType!.sections as { masterLabel: string; columns: { field: string; table: string }[] }[];
    const columns = sections.flatMap((s) => s.columns);
    for (const f of FIELD_CATALOG) {
      const table = f.object === 'account' ? 'Account' : 'Account.Opportunities';
      expect(columns, f.salesforce.apiName).toContainEqual(expect.objectContaining({ field: f.salesforce.apiName, table }));
    }
  });
});
