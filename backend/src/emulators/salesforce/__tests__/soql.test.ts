import { describe, expect, it } from 'vitest';
import { SalesforceOrg } from '../org';
import { projectRecord, runQuery } from '../query-engine';
import { SoqlError, parseSoql } from '../soql';

const T0 = Date.parse('2024-03-01T12:00:00.000Z');

function org(): { org: SalesforceOrg; ids: string[] } {
  let t = T0;
  const o = new SalesforceOrg({ now: () => t });
  const ids: string[] = [];
  const rows: Array<Record<string, unknown>> = [
    { Name: 'Acme', Industry: 'Technology', NumberOfEmployees: 500, AnnualRevenue: 1_000_000 },
    { Name: 'acme labs', Industry: 'Education', NumberOfEmployees: 50, AnnualRevenue: null },
    { Name: 'Globex', Industry: null, NumberOfEmployees: 5000, AnnualRevenue: 9_000_000 },
    { Name: '100% Pure', Industry: 'Retail', NumberOfEmployees: 5, AnnualRevenue: 10 },
  ];
  for (const r of rows) {
    ids.push(o.create('Account', r));
    t += 60_000;
  }
  return { org: o, ids };
}

const names = (o: SalesforceOrg, soql: string, includeDeleted = false) =>
  runQuery(o, soql, { includeDeleted }).records.map((r) => r.values.Name);

describe('SOQL parser', () => {
  it('parses field lists, relationship paths, filters, ordering, limit and offset', () => {
    const q = parseSoql(
      "SELECT Id, Account.Name, Owner.Email FROM Opportunity WHERE (StageName IN ('A', 'B') OR Amount >= 10.5) AND CloseDate > 2024-01-01 AND SystemModstamp > 2024-01-01T00:00:00.000+0000 ORDER BY SystemModstamp DESC NULLS LAST, Id LIMIT 10 OFFSET 5",
    );
    expect(q.fields).toEqual([['Id'], ['Account', 'Name'], ['Owner', 'Email']]);
    expect(q.object).toBe('Opportunity');
    expect(q.where?.kind).toBe('and');
    expect(q.orderBy).toEqual([
      { path: ['SystemModstamp'], direction: 'DESC', nulls: 'LAST' },
      { path: ['Id'], direction: 'ASC', nulls: 'FIRST' },
    ]);
    expect(q.limit).toBe(10);
    expect(q.offset).toBe(5);
  });

  it('parses COUNT() and date functions', () => {
    const q = parseSoql('select count() from Task where ActivityDate = LAST_N_DAYS:30');
    expect(q.fields).toBeNull();
    expect(q.where).toMatchObject({ kind: 'compare', value: { kind: 'dateFunction', name: 'LAST_N_DAYS', n: 30 } });
  });

  it.each([
    ['SELECT FROM Account'],
    ['SELECT Id Account'],
    ["SELECT Id FROM Account WHERE Name = 'x' AND Name = 'y' OR Name = 'z'"],
    ["SELECT Id FROM Account WHERE Name = 'unterminated"],
    ['SELECT Id FROM Account LIMIT -1'],
    ['SELECT Id FROM Account WHERE CreatedDate > 2024-02-30'],
    ['SELECT Id FROM Account ORDER BY'],
  ])('rejects %s as MALFORMED_QUERY', (soql) => {
    const err = (() => {
      try {
        parseSoql(soql);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(SoqlError);
    expect((err as SoqlError).errorCode).toBe('MALFORMED_QUERY');
    expect((err as SoqlError).message).toMatch(/ERROR at Row:1:Column:\d+/);
  });
});

describe('SOQL evaluation', () => {
  it('compares text case-insensitively and matches LIKE wildcards and escapes', () => {
    const { org: o } = org();
    expect(names(o, "SELECT Name FROM Account WHERE Name = 'ACME'")).toEqual(['Acme']);
    expect(names(o, "SELECT Name FROM Account WHERE Name LIKE 'acme%' ORDER BY Name")).toEqual(['Acme', 'acme labs']);
    expect(names(o, "SELECT Name FROM Account WHERE Name LIKE '100\\% _ure'")).toEqual(['100% Pure']);
    expect(names(o, "SELECT Name FROM Account WHERE Name LIKE '_cme'")).toEqual(['Acme']);
  });

  it('treats null as neither greater nor smaller and finds it with = null', () => {
    const { org: o } = org();
    expect(names(o, 'SELECT Name FROM Account WHERE AnnualRevenue > 5')).toEqual(['Acme', 'Globex', '100% Pure']);
    expect(names(o, 'SELECT Name FROM Account WHERE AnnualRevenue = null')).toEqual(['acme labs']);
    expect(names(o, 'SELECT Name FROM Account WHERE Industry != null AND NumberOfEmployees < 100')).toEqual(['acme labs', '100% Pure']);
    expect(names(o, "SELECT Name FROM Account WHERE Industry NOT IN ('Technology', 'Retail')")).toEqual(['acme labs', 'Globex']);
  });

  it('filters on SystemModstamp with datetime literals in every accepted form', () => {
    const { org: o } = org();
    expect(names(o, 'SELECT Name FROM Account WHERE SystemModstamp > 2024-03-01T12:01:00Z')).toEqual(['Globex', '100% Pure']);
    expect(names(o, 'SELECT Name FROM Account WHERE SystemModstamp >= 2024-03-01T12:01:00.000+0000')).toEqual(['acme labs', 'Globex', '100% Pure']);
    expect(names(o, 'SELECT Name FROM Account WHERE SystemModstamp <= 2024-03-01T13:01:00+01:00')).toEqual(['Acme', 'acme labs']);
  });

  it('applies date functions relative to the org clock', () => {
    const { org: o } = org();
    expect(names(o, 'SELECT Name FROM Account WHERE CreatedDate = TODAY').length).toBe(4);
    expect(names(o, 'SELECT Name FROM Account WHERE CreatedDate = YESTERDAY')).toEqual([]);
    expect(names(o, 'SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:7').length).toBe(4);
  });

  it('compares ids given in 15 or 18 characters', () => {
    const { org: o, ids } = org();
    const id = ids[1] as string;
    expect(names(o, `SELECT Name FROM Account WHERE Id = '${id.slice(0, 15)}'`)).toEqual(['acme labs']);
    expect(names(o, `SELECT Name FROM Account WHERE Id > '${id}' ORDER BY Id`)).toEqual(['Globex', '100% Pure']);
    expect(() => runQuery(o, "SELECT Id FROM Account WHERE Id = 'abc'", { includeDeleted: false })).toThrow(/invalid ID field/);
  });

  it('sorts on several keys with nulls first ascending and last descending', () => {
    const { org: o } = org();
    expect(names(o, 'SELECT Name FROM Account ORDER BY AnnualRevenue')).toEqual(['acme labs', '100% Pure', 'Acme', 'Globex']);
    expect(names(o, 'SELECT Name FROM Account ORDER BY AnnualRevenue DESC')).toEqual(['Globex', 'Acme', '100% Pure', 'acme labs']);
    expect(names(o, 'SELECT Name FROM Account ORDER BY Industry NULLS LAST, Name DESC LIMIT 2 OFFSET 1')).toEqual(['100% Pure', 'Acme']);
  });

  it('type-checks filter values like Salesforce', () => {
    const { org: o } = org();
    const code = (soql: string) => {
      try {
        runQuery(o, soql, { includeDeleted: false });
        return null;
      } catch (e) {
        return (e as SoqlError).errorCode;
      }
    };
    expect(code("SELECT Id FROM Account WHERE SystemModstamp > '2024-01-01T00:00:00Z'")).toBe('INVALID_FIELD');
    expect(code('SELECT Id FROM Account WHERE SystemModstamp > 2024-01-01')).toBe('INVALID_FIELD');
    expect(code("SELECT Id FROM Account WHERE NumberOfEmployees = '5'")).toBe('INVALID_FIELD');
    expect(code('SELECT Id FROM Account WHERE Name LIKE 5')).toBe('MALFORMED_QUERY');
    expect(code("SELECT Id FROM Account WHERE AnnualRevenue LIKE '5%'")).toBe('INVALID_FIELD');
    expect(code('SELECT Id, Id FROM Account')).toBe('MALFORMED_QUERY');
    expect(code('SELECT Owner.Nope FROM Account')).toBe('INVALID_FIELD');
    expect(code('SELECT Nope.Name FROM Account')).toBe('INVALID_FIELD');
    expect(code('SELECT Id FROM Account OFFSET 2001')).toBe('MALFORMED_QUERY');
  });

  it('projects relationship fields, null references included, in SELECT order', () => {
    const o = new SalesforceOrg();
    const acc = o.create('Account', { Name: 'Parent Co' });
    const child = o.create('Account', { Name: 'Child', ParentId: acc });
    const q = runQuery(o, `SELECT Name, Parent.Name, Owner.Email, Parent.Owner.Username FROM Account WHERE Id = '${child}'`, { includeDeleted: false });
    const row = projectRecord(o, q, q.records[0] as never, '62.0');
    expect(Object.keys(row)).toEqual(['attributes', 'Name', 'Parent', 'Owner']);
    expect(row.Parent).toMatchObject({ attributes: { type: 'Account' }, Name: 'Parent Co', Owner: { Username: 'admin@pillar-demo.example' } });
    const orphan = runQuery(o, `SELECT Name, Parent.Name FROM Account WHERE Id = '${acc}'`, { includeDeleted: false });
    expect(projectRecord(o, orphan, orphan.records[0] as never, '62.0').Parent).toBeNull();
  });

  it('counts matching rows for COUNT() and leaves deleted rows to queryAll', () => {
    const { org: o, ids } = org();
    o.delete(ids[0] as string);
    expect(runQuery(o, 'SELECT COUNT() FROM Account', { includeDeleted: false }).count).toBe(3);
    expect(runQuery(o, 'SELECT COUNT() FROM Account', { includeDeleted: true }).count).toBe(4);
    expect(names(o, 'SELECT Name FROM Account WHERE IsDeleted = true', true)).toEqual(['Acme']);
  });
});
