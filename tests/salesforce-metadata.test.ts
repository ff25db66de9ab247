import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  accountHealthCardSchema,
  CARD_ROUTES,
  dealInsightCardSchema,
  driverSchema,
  FIELD_CATALOG,
  nextActionSchema,
  playCardSchema,
  playChecklistSchema,
  playTaskCardSchema,
  recordRefSchema,
  SALESFORCE_USER_HEADER,
  signalCardSchema,
  signalFeedSchema,
} from '@pillar/shared';
import { checkPackage, type PackageCheck } from '../backend/src/crm/salesforce/metadata/check/check-package';
import { readApex, type ApexClassOutline } from '../backend/src/crm/salesforce/metadata/check/apex-source';
import { PACKAGE_DIRECTORY, SOURCE_ROOT } from '../backend/src/crm/salesforce/metadata/package-names';

const repoRoot = path.resolve(__dirname, '..');
const packageDir = path.join(repoRoot, PACKAGE_DIRECTORY);
const sourceRoot = path.join(repoRoot, SOURCE_ROOT);
const brokenDir = path.join(__dirname, 'fixtures', 'salesforce-broken');

const editSchema = z.union([
  z.object({ file: z.string(), replace: z.string(), with: z.string() }),
  z.object({ file: z.string(), delete: z.literal(true) }),
  z.object({ file: z.string(), content: z.string() }),
]);
const brokenCaseSchema = z.object({
  description: z.string(),
  edits: z.array(editSchema).min(1),
  expect: z.object({ check: z.enum(['xml', 'schema', 'rules', 'references', 'apex', 'convert']), file: z.string(), message: z.string() }),
});
type BrokenCase = z.infer<typeof brokenCaseSchema>;

/** A copy of the package (deployable sources only) with one case's edits applied. */
function brokenCopy(name: string, broken: BrokenCase): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pillar-sf-${name}-`));
  fs.cpSync(sourceRoot, path.join(dir, 'main', 'default'), { recursive: true, filter: (src) => !src.split(path.sep).includes('__tests__') });
  fs.copyFileSync(path.join(repoRoot, '.forceignore'), path.join(dir, '.forceignore'));
  for (const edit of broken.edits) {
    const target = path.join(dir, 'main', 'default', edit.file);
    if ('delete' in edit) fs.rmSync(target);
    else if ('content' in edit) fs.writeFileSync(target, edit.content);
    else {
      const text = fs.readFileSync(target, 'utf8');
      if (!text.includes(edit.replace)) throw new Error(`${name}: ${edit.file} no longer contains ${JSON.stringify(edit.replace)}`);
      fs.writeFileSync(target, text.replace(edit.replace, edit.with));
    }
  }
  return dir;
}

const brokenCases = fs
  .readdirSync(brokenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), brokenCaseSchema.parse(JSON.parse(fs.readFileSync(path.join(brokenDir, f), 'utf8')))] as const);

function apexOutline(className: string): ApexClassOutline {
  const source = readApex(fs.readFileSync(path.join(sourceRoot, 'classes', `${className}.cls`), 'utf8'));
  expect(source.errors).toEqual([]);
  return source.outline!;
}

function lwcSources(extension: string): { file: string; text: string }[] {
  const lwcRoot = path.join(sourceRoot, 'lwc');
  return (fs.readdirSync(lwcRoot, { recursive: true }) as string[])
    .map((p) => p.split(path.sep).join('/'))
    .filter((p) => p.endsWith(extension) && !p.includes('__tests__'))
    .map((p) => ({ file: p, text: fs.readFileSync(path.join(lwcRoot, p), 'utf8') }));
}

describe('Salesforce package, offline', () => {
  let result: PackageCheck;
  beforeAll(async () => {
    result = await checkPackage(packageDir);
  });

  it('passes every check: well-formed XML, schema, project rules, references, Apex syntax, conversion', () => {
    expect(result.problems).toEqual([]);
  });

  it('converts to metadata-API format with every component', () => {
    expect(result.zipBytes).toBeGreaterThan(0);
    const byType = (type: string) => result.components.filter((c) => c.startsWith(`${type}:`)).map((c) => c.slice(type.length + 1));
    expect(byType('CustomField')).toHaveLength(FIELD_CATALOG.length);
    expect(byType('ApexClass')).toEqual(
      expect.arrayContaining(['PillarApi', 'PillarApiException', 'PillarCardController', 'PillarCards', 'PillarJson', 'TestPillarApi', 'TestPillarCardController']),
    );
    expect(byType('LightningComponentBundle')).toEqual(
      expect.arrayContaining(['pillarHealthCard', 'pillarDealInsight', 'pillarPlayChecklist', 'pillarSignalFeed', 'errorPanel', 'ldsUtils']),
    );
    expect(byType('PermissionSet').sort()).toEqual(['Pillar_Admin', 'Pillar_User']);
    expect(byType('ExternalCredential')).toEqual(['Pillar_API']);
    expect(byType('NamedCredential')).toEqual(['Pillar_API']);
    expect(byType('ReportType')).toEqual(['Pillar_Accounts_with_Opportunities']);
    expect(byType('FlexiPage')).toHaveLength(3);
  });

  it('keeps jest tests and fixtures out of the deployable components', () => {
    expect(result.components.some((c) => c.includes('__tests__'))).toBe(false);
  });
});

describe('Salesforce package checks catch a broken package', () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cover every kind of check', () => {
    expect(new Set(brokenCases.map(([, c]) => c.expect.check))).toEqual(new Set(['xml', 'schema', 'rules', 'references', 'apex', 'convert']));
  });

  it.each(brokenCases)('%s is caught', async (name, broken) => {
    const dir = brokenCopy(name, broken);
    copies.push(dir);
    const { problems } = await checkPackage(dir);
    const match = problems.find((p) => p.check === broken.expect.check && p.file === broken.expect.file && p.message.includes(broken.expect.message));
    expect(match, `${broken.description}\nexpected a ${broken.expect.check} problem in ${broken.expect.file} containing "${broken.expect.message}", got:\n${JSON.stringify(problems, null, 2)}`).toBeDefined();
  });
});

describe('Salesforce package agrees with the card API', () => {
  it('calls exactly the Salesforce card routes, naming the acting user in the shared header', () => {
    const api = readApex(fs.readFileSync(path.join(sourceRoot, 'classes', 'PillarApi.cls'), 'utf8'));
    const routes = api.strings.filter((s) => s.startsWith('/v1/'));
    expect(new Set(routes)).toEqual(new Set(Object.values(CARD_ROUTES).map((r) => r.sf)));
    expect(api.strings).toContain(SALESFORCE_USER_HEADER);
    expect(api.strings).toContain('callout:Pillar_API');
  });

  it('gives the Apex wrappers only property names the zod contracts define', () => {
    const shapes: Record<string, z.ZodObject> = {
      RecordRef: recordRefSchema,
      Driver: driverSchema,
      HealthDrivers: accountHealthCardSchema.options[1],
      WinProbability: dealInsightCardSchema.options[1].shape.winProbability,
      DealRisk: dealInsightCardSchema.options[1].shape.dealRisk,
      Hygiene: dealInsightCardSchema.options[1].shape.hygiene,
      NextAction: nextActionSchema,
      DealInsight: dealInsightCardSchema.options[1],
      SignalCard: signalCardSchema,
      SignalFeed: signalFeedSchema,
      PlaySignal: playCardSchema.shape.signal.unwrap(),
      PlayTask: playTaskCardSchema,
      Progress: playCardSchema.shape.progress,
      PlayCard: playCardSchema,
      PlayChecklist: playChecklistSchema,
    };
    const wrappers = apexOutline('PillarCards').innerClasses;
    expect(wrappers.map((w) => w.name).sort()).toEqual(Object.keys(shapes).sort());
    for (const wrapper of wrappers) {
      const keys = Object.keys(shapes[wrapper.name]!.shape);
      expect(wrapper.fields.filter((f) => !keys.includes(f)), wrapper.name).toEqual([]);
    }
  });

  it('exposes every method the LWCs call as static @AuraEnabled, reads cacheable and mutations not', () => {
    const methods = apexOutline('PillarCardController').methods.filter((m) => m.annotations.length > 0);
    const summary = Object.fromEntries(methods.map((m) => [m.name, `${m.isStatic ? 'static ' : ''}${m.annotations.join(' ')}`]));
    expect(summary).toEqual({
      getHealthDrivers: 'static @AuraEnabled(cacheable=true)',
      getDealInsight: 'static @AuraEnabled(cacheable=true)',
      getPlays: 'static @AuraEnabled(cacheable=true)',
      getSignals: 'static @AuraEnabled(cacheable=true)',
      setTaskDone: 'static @AuraEnabled',
      completePlay: 'static @AuraEnabled',
      transitionSignal: 'static @AuraEnabled',
    });
  });
});

describe('Salesforce LWCs follow the card conventions', () => {
  it('never poll with timers', () => {
    const offenders = lwcSources('.js').filter((s) => /\bset(Timeout|Interval)\s*\(/.test(s.text)).map((s) => s.file);
    expect(offenders).toEqual([]);
  });

  it('draw colours with SLDS classes and tokens, never hard-coded values', () => {
    const colour = /#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|\bcolor\s*:\s*[a-z]+\s*;/;
    const offenders = [...lwcSources('.html'), ...lwcSources('.css')].filter((s) => colour.test(s.text)).map((s) => s.file);
    expect(offenders).toEqual([]);
  });

  it('have a jest test for every component placed on a page', () => {
    const exposed = lwcSources('.js-meta.xml').filter((s) => s.text.includes('<isExposed>true</isExposed>')).map((s) => s.file.split('/')[0]!);
    expect(exposed.sort()).toEqual(['pillarDealInsight', 'pillarHealthCard', 'pillarPlayChecklist', 'pillarSignalFeed']);
    for (const name of exposed) expect(fs.existsSync(path.join(sourceRoot, 'lwc', name, '__tests__', `${name}.test.js`)), name).toBe(true);
  });
});
