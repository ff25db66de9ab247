// Runs a parsed SOQL query against the org: resolves field paths (relationships such as Account.Name or
// Owner.Email included) against the schema, type-checks filter values the way Salesforce does, filters,
// sorts, applies LIMIT/OFFSET and projects rows into the REST record shape.
import { isWellFormedId, to18 } from './ids';
import type { SalesforceOrg, StoredRecord } from './org';
import type { FieldDef, FieldType, ObjectDef } from './schema';
import { SoqlError, parseSoql, type Condition, type Literal, type SoqlQuery } from './soql';
import { toCsvValue, toJsonValue, type Value } from './values';

interface ResolvedPath {
  /** Reference fields walked before the leaf (e.g. AccountId for Account.Name). */
  hops: FieldDef[];
  /** Relationship names as written in the output (e.g. ['Account']). */
  relationshipNames: string[];
  leaf: FieldDef;
}

export interface CompiledQuery {
  object: ObjectDef;
  soql: SoqlQuery;
  select: ResolvedPath[] | null;
  /** Matching records in result order (after ORDER BY, OFFSET and LIMIT). */
  records: StoredRecord[];
  /** For COUNT(): the number of matching rows. */
  count: number;
}

const NUMERIC: ReadonlySet<FieldType> = new Set(['double', 'currency', 'percent', 'int']);
const TEXTUAL: ReadonlySet<FieldType> = new Set(['string', 'textarea', 'picklist', 'email', 'url', 'phone']);
const DAY_MS = 86_400_000;
const MAX_OFFSET = 2000;

function soqlTypeName(t: FieldType): string {
  if (t === 'datetime') return 'dateTime';
  if (NUMERIC.has(t)) return 'number';
  if (t === 'id' || t === 'reference') return 'id';
  return t === 'boolean' || t === 'date' ? t : 'string';
}

function resolvePath(org: SalesforceOrg, root: ObjectDef, rawPath: string[]): ResolvedPath {
  const path = rawPath.length > 1 && rawPath[0]?.toLowerCase() === root.name.toLowerCase() ? rawPath.slice(1) : rawPath;
  let current = root;
  const hops: FieldDef[] = [];
  const relationshipNames: string[] = [];
  for (let i = 0; i < path.length - 1; i++) {
    const rel = (path[i] as string).toLowerCase();
    const ref = [...current.fields.values()].find((f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === rel);
    const target = ref?.referenceTo[0] ? org.schema.object(ref.referenceTo[0]) : undefined;
    if (!ref || !target) {
      throw new SoqlError(
        'INVALID_FIELD',
        `Didn't understand relationship '${path[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    hops.push(ref);
    relationshipNames.push(ref.relationshipName as string);
    current = target;
  }
  const leafName = path[path.length - 1] as string;
  const leaf = current.fields.get(leafName.toLowerCase());
  if (!leaf) {
    throw new SoqlError(
      'INVALID_FIELD',
      `No such column '${leafName}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return { hops, relationshipNames, leaf };
}

function readPath(org: SalesforceOrg, rec: StoredRecord, path: ResolvedPath): Value {
  let current: StoredRecord | undefined = rec;
  for (const hop of path.hops) {
    const id: Value | undefined = current.values[hop.name];
    current = typeof id === 'string' ? org.raw(id) : undefined;
    if (!current) return null;
  }
  return current.values[path.leaf.name] ?? null;
}

type Predicate = (rec: StoredRecord) => boolean;

function literalMismatch(field: FieldDef, lit: Literal): SoqlError {
  const quoted = lit.kind === 'string';
  return new SoqlError(
    'INVALID_FIELD',
    `value of filter criterion for field '${field.name}' must be of type ${soqlTypeName(field.type)}${quoted ? ' and should not be enclosed in quotes' : ''}`,
  );
}

/** [start, end) of a date function in epoch ms (UTC days). */
function dateRange(lit: Extract<Literal, { kind: 'dateFunction' }>, now: number): [number, number] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const n = lit.n ?? 0;
  switch (lit.name) {
    case 'TODAY':
      return [today, today + DAY_MS];
    case 'YESTERDAY':
      return [today - DAY_MS, today];
    case 'TOMORROW':
      return [today + DAY_MS, today + 2 * DAY_MS];
    case 'LAST_N_DAYS':
      return [today - n * DAY_MS, today + DAY_MS];
    case 'NEXT_N_DAYS':
      return [today + DAY_MS, today + (n + 1) * DAY_MS];
    default:
      throw new SoqlError('MALFORMED_QUERY', `unsupported date literal ${lit.text}`);
  }
}

/** A comparable form of a literal for a field, or a range for date functions. */
function literalValue(field: FieldDef, lit: Literal, now: number): Value | [Value, Value] {
  if (lit.kind === 'null') return null;
  switch (field.type) {
    case 'datetime':
      if (lit.kind === 'datetime') return lit.value;
      if (lit.kind === 'dateFunction') return dateRange(lit, now);
      throw literalMismatch(field, lit);
    case 'date':
      if (lit.kind === 'date') return lit.value;
      if (lit.kind === 'dateFunction') {
        const [a, b] = dateRange(lit, now);
        return [new Date(a).toISOString().slice(0, 10), new Date(b).toISOString().slice(0, 10)];
      }
      throw literalMismatch(field, lit);
    case 'boolean':
      if (lit.kind === 'boolean') return lit.value;
      throw literalMismatch(field, lit);
    case 'id':
    case 'reference':
      if (lit.kind !== 'string') throw literalMismatch(field, lit);
      if (!isWellFormedId(lit.value)) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${lit.value}`);
      return to18(lit.value);
    default:
      if (NUMERIC.has(field.type)) {
        if (lit.kind === 'number') return lit.value;
        throw literalMismatch(field, lit);
      }
      if (lit.kind !== 'string') throw literalMismatch(field, lit);
      return lit.value.replace(/\\([%_])/g, '$1');
  }
}

function compareValues(field: FieldDef, a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  if (field.type === 'id' || field.type === 'reference' || field.type === 'date') return sa < sb ? -1 : sa > sb ? 1 : 0;
  const la = sa.toLowerCase();
  const lb = sb.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      re += pattern[i + 1];
      i++;
    } else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

function compileCondition(org: SalesforceOrg, root: ObjectDef, cond: Condition, now: number): Predicate {
  switch (cond.kind) {
    case 'and': {
      const parts = cond.items.map((c) => compileCondition(org, root, c, now));
      return (r) => parts.every((p) => p(r));
    }
    case 'or': {
      const parts = cond.items.map((c) => compileCondition(org, root, c, now));
      return (r) => parts.some((p) => p(r));
    }
    case 'not': {
      const inner = compileCondition(org, root, cond.item, now);
      return (r) => !inner(r);
    }
    case 'like': {
      const path = resolvePath(org, root, cond.path);
      if (!TEXTUAL.has(path.leaf.type)) {
        throw new SoqlError('INVALID_FIELD', `invalid operator on ${soqlTypeName(path.leaf.type)} field: ${path.leaf.name}`);
      }
      const re = likeToRegExp(cond.pattern);
      return (r) => {
        const v = readPath(org, r, path);
        return typeof v === 'string' && re.test(v);
      };
    }
    case 'in': {
      const path = resolvePath(org, root, cond.path);
      const values = cond.values.map((l) => literalValue(path.leaf, l, now));
      if (values.some(Array.isArray)) throw new SoqlError('MALFORMED_QUERY', 'date functions are not allowed in IN lists');
      const plain = values as Value[];
      const matches = (v: Value) => plain.some((x) => (x === null ? v === null : v !== null && compareValues(path.leaf, v, x) === 0));
      return (r) => {
        const v = readPath(org, r, path);
        return cond.negate ? !matches(v) : matches(v);
      };
    }
    case 'compare': {
      const path = resolvePath(org, root, cond.path);
      const lit = literalValue(path.leaf, cond.value, now);
      const op = cond.op;
      if (lit === null) {
        if (op !== '=' && op !== '!=') throw new SoqlError('MALFORMED_QUERY', `null can only be compared with = or !=`);
        return (r) => (readPath(org, r, path) === null) === (op === '=');
      }
      if (Array.isArray(lit)) {
        const [start, end] = lit as [Value, Value];
        return (r) => {
          const v = readPath(org, r, path);
          if (v === null || start === null || end === null) return op === '!=' && v === null;
          const geStart = compareValues(path.leaf, v, start) >= 0;
          const ltEnd = compareValues(path.leaf, v, end) < 0;
          switch (op) {
            case '=':
              return geStart && ltEnd;
            case '!=':
              return !(geStart && ltEnd);
            case '<':
              return !geStart;
            case '<=':
              return ltEnd;
            case '>':
              return !ltEnd;
            case '>=':
              return geStart;
          }
        };
      }
      return (r) => {
        const v = readPath(org, r, path);
        if (v === null) return op === '!=';
        const c = compareValues(path.leaf, v, lit);
        switch (op) {
          case '=':
            return c === 0;
          case '!=':
            return c !== 0;
          case '<':
            return c < 0;
          case '<=':
            return c <= 0;
          case '>':
            return c > 0;
          case '>=':
            return c >= 0;
        }
      };
    }
  }
}

/** Parses, validates and runs a query. `includeDeleted` is queryAll. */
export function runQuery(org: SalesforceOrg, soqlText: string, options: { includeDeleted: boolean }): CompiledQuery {
  const soql = parseSoql(soqlText);
  const object = org.schema.object(soql.object);
  if (!object) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${soql.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  let select: ResolvedPath[] | null = null;
  if (soql.fields) {
    select = soql.fields.map((p) => resolvePath(org, object, p));
    const seen = new Set<string>();
    for (const s of select) {
      const key = [...s.relationshipNames, s.leaf.name].join('.').toLowerCase();
      if (seen.has(key)) throw new SoqlError('MALFORMED_QUERY', `duplicate field selected: ${[...s.relationshipNames, s.leaf.name].join('.')}`);
      seen.add(key);
    }
  }
  if (soql.offset !== null && soql.offset > MAX_OFFSET) {
    throw new SoqlError('MALFORMED_QUERY', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  const now = org.now();
  const predicate = soql.where ? compileCondition(org, object, soql.where, now) : () => true;
  const order = soql.orderBy.map((o) => ({ ...o, resolved: resolvePath(org, object, o.path) }));
  let matched: StoredRecord[] = [];
  for (const rec of org.rawRecords(object.name)) {
    if (!options.includeDeleted && rec.values.IsDeleted === true) continue;
    if (predicate(rec)) matched.push(rec);
  }
  if (order.length) {
    const keyed = matched.map((rec) => ({ rec, keys: order.map((o) => readPath(org, rec, o.resolved)) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const o = order[i] as (typeof order)[number];
        const va = a.keys[i] as Value;
        const vb = b.keys[i] as Value;
        if (va === null && vb === null) continue;
        if (va === null || vb === null) return (va === null) === (o.nulls === 'FIRST') ? -1 : 1;
        const c = compareValues(o.resolved.leaf, va, vb);
        if (c !== 0) return o.direction === 'ASC' ? c : -c;
      }
      return 0;
    });
    matched = keyed.map((k) => k.rec);
  }
  const count = matched.length;
  const start = soql.offset ?? 0;
  const end = soql.limit === null ? undefined : start + soql.limit;
  if (start > 0 || end !== undefined) matched = matched.slice(start, end);
  return { object, soql, select, records: soql.fields ? matched : [], count: soql.fields ? matched.length : Math.min(count, soql.limit ?? count) };
}

/** One row in the REST shape: fields in SELECT order, relationship fields nested under their relationship. */
export function projectRecord(org: SalesforceOrg, q: CompiledQuery, rec: StoredRecord, apiVersion: string): Record<string, unknown> {
  const id = rec.values.Id as string;
  const row: Record<string, unknown> = { attributes: { type: q.object.name, url: `/services/data/v${apiVersion}/sobjects/${q.object.name}/${id}` } };
  for (const path of q.select ?? []) {
    if (path.hops.length === 0) {
      row[path.leaf.name] = toJsonValue(path.leaf, rec.values[path.leaf.name] ?? null);
      continue;
    }
    let container = row;
    let current: StoredRecord | undefined = rec;
    for (let i = 0; i < path.hops.length; i++) {
      const hop = path.hops[i] as FieldDef;
      const relName = path.relationshipNames[i] as string;
      const refId: Value | undefined = current?.values[hop.name];
      current = typeof refId === 'string' ? org.raw(refId) : undefined;
      if (!current) {
        if (!(relName in container)) container[relName] = null;
        break;
      }
      const existing = container[relName];
      if (existing && typeof existing === 'object') {
        container = existing as Record<string, unknown>;
      } else {
        const nested: Record<string, unknown> = {
          attributes: { type: current.type, url: `/services/data/v${apiVersion}/sobjects/${current.type}/${current.values.Id as string}` },
        };
        container[relName] = nested;
        container = nested;
      }
      if (i === path.hops.length - 1) container[path.leaf.name] = toJsonValue(path.leaf, current.values[path.leaf.name] ?? null);
    }
  }
  return row;
}

/** CSV header and rows for a Bulk API 2.0 query job (relationship columns as `Account.Name`). */
export function projectCsv(org: SalesforceOrg, q: CompiledQuery): { header: string[]; rows: string[][] } {
  const paths = q.select ?? [];
  const header = paths.map((p) => [...p.relationshipNames, p.leaf.name].join('.'));
  const rows = q.records.map((rec) => paths.map((p) => toCsvValue(p.leaf, readPath(org, rec, p))));
  return { header, rows };
}
