import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  accountHealthCardSchema,
  apiErrorSchema,
  dealInsightCardSchema,
  FIELD_CATALOG,
  playCardSchema,
  playChecklistSchema,
  salesforceIdSchema,
  SALESFORCE_OBJECT,
  signalCardSchema,
  signalFeedSchema,
  type CatalogField,
} from '@pillar/shared';
import { APEX_FIXTURES } from '../backend/src/crm/salesforce/metadata/apex-fixtures';
import { SOURCE_ROOT } from '../backend/src/crm/salesforce/metadata/package-names';

/**
 * The LWC tests and the Apex tests feed the components with these JSON files. Each is named after the
 * contract it stands for (`<schema>.<variant>.json`) and must validate against the zod card schema the
 * backend answers with — or, for `getRecord.*.json`, be a UI API record holding only catalog fields with
 * values of the field's type. So the cards render exactly what the API and the write-back produce.
 */
const root = path.resolve(__dirname, '..', SOURCE_ROOT);

const SCHEMAS: Record<string, z.ZodType> = {
  accountHealthCard: accountHealthCardSchema,
  dealInsightCard: dealInsightCardSchema,
  playChecklist: playChecklistSchema,
  playCard: playCardSchema,
  signalFeed: signalFeedSchema,
  signalCard: signalCardSchema,
  apiError: apiErrorSchema,
};

function fixtureFiles(): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((p) => p.split(path.sep).join('/'))
    .filter((p) => /(^|\/)__tests__\/data\/[^/]+\.json$/.test(p))
    .sort();
}

const uiRecordSchema = z.object({
  apiName: z.enum(['Account', 'Opportunity']),
  id: salesforceIdSchema,
  fields: z.record(z.string(), z.object({ value: z.unknown(), displayValue: z.string().nullable() })),
});

/** Problems with one UI API record fixture: unknown fields, or values the field's type cannot hold. */
function uiRecordProblems(json: unknown): string[] {
  const parsed = uiRecordSchema.safeParse(json);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const record = parsed.data;
  const problems: string[] = [];
  for (const [name, { value }] of Object.entries(record.fields)) {
    const field = FIELD_CATALOG.find((f) => SALESFORCE_OBJECT[f.object] === record.apiName && f.salesforce.apiName === name);
    if (!field) {
      problems.push(`${record.apiName}.${name} is not a Pillar catalog field`);
      continue;
    }
    if (value !== null && !valueFits(field, value)) problems.push(`${record.apiName}.${name}: ${JSON.stringify(value)} does not fit ${field.type.kind}`);
  }
  return problems;
}

function valueFits(field: CatalogField, value: unknown): boolean {
  const t = field.type;
  switch (t.kind) {
    case 'number':
    case 'percent': {
      if (typeof value !== 'number') return false;
      const [whole = '', fraction = ''] = Math.abs(value).toString().split('.');
      return fraction.length <= t.scale && whole.replace(/^0$/, '').length <= t.precision - t.scale;
    }
    case 'picklist':
      return t.values.some((v) => v.value === value);
    case 'text':
    case 'longText':
      return typeof value === 'string' && value.length <= t.length;
    case 'dateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T/.test(value);
  }
}

describe('Salesforce card fixtures', () => {
  const files = fixtureFiles();

  it('exist for every card contract the components render', () => {
    const prefixes = new Set(files.map((f) => path.basename(f).split('.')[0]));
    for (const name of [...Object.keys(SCHEMAS), 'getRecord']) expect(prefixes, name).toContain(name);
  });

  it.each(files)('%s matches its contract', (file) => {
    const prefix = path.basename(file).split('.')[0]!;
    const json: unknown = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
    if (prefix === 'getRecord') {
      expect(uiRecordProblems(json)).toEqual([]);
      return;
    }
    const schema = SCHEMAS[prefix];
    expect(schema, `no contract named ${prefix}: name fixtures <contract>.<variant>.json`).toBeDefined();
    const result = schema!.safeParse(json);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('include every file the Apex tests are generated from', () => {
    for (const fixture of APEX_FIXTURES) expect(files).toContain(fixture.file);
  });

  it('reject a card that drifts from the contract', () => {
    const good = JSON.parse(fs.readFileSync(path.join(root, 'lwc/pillarHealthCard/__tests__/data/accountHealthCard.scored.json'), 'utf8'));
    const drifted = { ...good, band: 'GREEN', score: 140 };
    expect(accountHealthCardSchema.safeParse(drifted).success).toBe(false);
  });

  it('reject a UI record with an unknown field or a value outside the field type', () => {
    const problems = uiRecordProblems({
      apiName: 'Account',
      id: '001Hp00002abcDEIAY',
      fields: {
        Pillar_Health_Scor__c: { value: 10, displayValue: null },
        Pillar_Health_Band__c: { value: 'GREEN', displayValue: 'Green' },
        Pillar_Health_Score__c: { value: 64.55, displayValue: null },
      },
    });
    expect(problems).toEqual([
      'Account.Pillar_Health_Scor__c is not a Pillar catalog field',
      'Account.Pillar_Health_Band__c: "GREEN" does not fit picklist',
      'Account.Pillar_Health_Score__c: 64.55 does not fit number',
    ]);
  });
});
