// A SOQL subset parser: SELECT field list (with relationship paths and COUNT()), FROM, WHERE (AND / OR / NOT,
// parentheses, = != <> < <= > >= LIKE IN NOT IN, null, date/datetime literals and date functions such as
// LAST_N_DAYS:n), ORDER BY (several keys, ASC/DESC, NULLS FIRST/LAST), LIMIT and OFFSET. Like Salesforce it
// refuses AND mixed with OR without parentheses. Errors carry Salesforce's MALFORMED_QUERY shape.

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: number; text: string }
  | { kind: 'dateFunction'; name: string; n: number | null; text: string };

export type Condition =
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; path: string[]; op: CompareOp; value: Literal }
  | { kind: 'in'; path: string[]; negate: boolean; values: Literal[] }
  | { kind: 'like'; path: string[]; pattern: string };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface OrderItem {
  path: string[];
  direction: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST';
}

export interface SoqlQuery {
  /** `null` for `SELECT COUNT()`. */
  fields: string[][] | null;
  object: string;
  where: Condition | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number | null;
}

export class SoqlError extends Error {
  override name = 'SoqlError';
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR',
    message: string,
  ) {
    super(message);
  }
}

type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  value: string;
  pos: number;
}

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?![\d:T])/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*/;

const STRING_ESCAPES: Record<string, string> = {
  n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\',
  // LIKE wildcards stay escaped so the LIKE matcher can tell them apart from real wildcards.
  '%': '\\%', _: '\\_',
};

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const rest = soql.slice(i);
    const ch = soql[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        const c = soql[j];
        if (c === undefined) throw malformed(soql, i, 'unterminated string literal');
        if (c === '\\') {
          const next = soql[j + 1];
          const mapped = next === undefined ? undefined : STRING_ESCAPES[next];
          if (mapped === undefined) throw malformed(soql, j, `invalid escape sequence \\${next ?? ''}`);
          value += mapped;
          j += 2;
          continue;
        }
        if (c === "'") break;
        value += c;
        j++;
      }
      tokens.push({ kind: 'string', text: soql.slice(i, j + 1), value, pos: i });
      i = j + 1;
      continue;
    }
    const dt = DATETIME_RE.exec(rest);
    if (dt) {
      tokens.push({ kind: 'datetime', text: dt[0], value: dt[0], pos: i });
      i += dt[0].length;
      continue;
    }
    const d = DATE_RE.exec(rest);
    if (d) {
      tokens.push({ kind: 'date', text: d[0], value: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const num = NUMBER_RE.exec(rest);
    const prev = tokens[tokens.length - 1];
    if (num && (ch !== '-' || !prev || prev.kind === 'op' || (prev.kind === 'punct' && prev.value !== ')'))) {
      tokens.push({ kind: 'number', text: num[0], value: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = IDENT_RE.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], value: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two, value: two === '<>' ? '!=' : two, pos: i });
      i += 2;
      continue;
    }
    if (ch === '=' || ch === '<' || ch === '>') {
      tokens.push({ kind: 'op', text: ch, value: ch, pos: i });
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '.' || ch === ':') {
      tokens.push({ kind: 'punct', text: ch, value: ch, pos: i });
      i++;
      continue;
    }
    throw malformed(soql, i, `unexpected token: ${ch}`);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', pos: soql.length });
  return tokens;
}

function malformed(soql: string, pos: number, what: string): SoqlError {
  const before = soql.slice(0, pos);
  const row = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return new SoqlError('MALFORMED_QUERY', `\n${soql}\nERROR at Row:${row}:Column:${col}\n${what}`);
}

const DATE_FUNCTIONS_WITH_N = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS']);
const DATE_FUNCTIONS = new Set(['TODAY', 'YESTERDAY', 'TOMORROW', ...DATE_FUNCTIONS_WITH_N]);

/** Parses a datetime literal (`2024-01-01T00:00:00Z`, `…000+0000`, `…+01:00`) to epoch milliseconds. */
export function parseDateTimeLiteral(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?(Z|([+-])(\d{2}):?(\d{2}))$/.exec(text);
  if (!m) return null;
  const offset = m[4] === 'Z' ? 'Z' : `${m[5]}${m[6]}:${m[7]}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '.000').padEnd(4, '0')}${offset}`);
  return Number.isNaN(ms) ? null : ms;
}

/** A real calendar date in YYYY-MM-DD form. */
export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly soql: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private fail(t: Token = this.peek()): never {
    throw malformed(this.soql, t.pos, `unexpected token: ${t.text}`);
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.value.toUpperCase() === word;
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.fail();
    this.next();
  }

  private expectPunct(p: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.value !== p) this.fail();
    this.next();
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === p;
  }

  parse(): SoqlQuery {
    this.expectKeyword('SELECT');
    let fields: string[][] | null;
    if (this.isKeyword('COUNT') && this.peek(1).value === '(') {
      this.next();
      this.expectPunct('(');
      this.expectPunct(')');
      fields = null;
    } else {
      fields = [this.fieldPath()];
      while (this.isPunct(',')) {
        this.next();
        fields.push(this.fieldPath());
      }
    }
    this.expectKeyword('FROM');
    const obj = this.next();
    if (obj.kind !== 'ident') this.fail(obj);
    let where: Condition | null = null;
    if (this.isKeyword('WHERE')) {
      this.next();
      where = this.condition();
    }
    const orderBy: OrderItem[] = [];
    if (this.isKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      orderBy.push(this.orderItem());
      while (this.isPunct(',')) {
        this.next();
        orderBy.push(this.orderItem());
      }
    }
    let limit: number | null = null;
    let offset: number | null = null;
    if (this.isKeyword('LIMIT')) {
      this.next();
      limit = this.nonNegativeInt();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      offset = this.nonNegativeInt();
    }
    if (this.peek().kind !== 'eof') this.fail();
    return { fields, object: obj.value, where, orderBy, limit, offset };
  }

  private nonNegativeInt(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) this.fail(t);
    return Number(t.value);
  }

  private fieldPath(): string[] {
    const first = this.next();
    if (first.kind !== 'ident') this.fail(first);
    const path = [first.value];
    while (this.isPunct('.')) {
      this.next();
      const part = this.next();
      if (part.kind !== 'ident') this.fail(part);
      path.push(part.value);
    }
    return path;
  }

  private orderItem(): OrderItem {
    const path = this.fieldPath();
    let direction: 'ASC' | 'DESC' = 'ASC';
    if (this.isKeyword('ASC') || this.isKeyword('DESC')) direction = this.next().value.toUpperCase() as 'ASC' | 'DESC';
    let nulls: 'FIRST' | 'LAST' = direction === 'ASC' ? 'FIRST' : 'LAST';
    if (this.isKeyword('NULLS')) {
      this.next();
      if (!this.isKeyword('FIRST') && !this.isKeyword('LAST')) this.fail();
      nulls = this.next().value.toUpperCase() as 'FIRST' | 'LAST';
    }
    return { path, direction, nulls };
  }

  private condition(): Condition {
    const first = this.unary();
    let joiner: 'AND' | 'OR' | null = null;
    const items = [first];
    while (this.isKeyword('AND') || this.isKeyword('OR')) {
      const word = this.peek().value.toUpperCase() as 'AND' | 'OR';
      if (joiner && joiner !== word) this.fail();
      joiner = word;
      this.next();
      items.push(this.unary());
    }
    if (!joiner) return first;
    return joiner === 'AND' ? { kind: 'and', items } : { kind: 'or', items };
  }

  private unary(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    if (this.isPunct('(')) {
      this.next();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const path = this.fieldPath();
    if (this.isKeyword('LIKE')) {
      this.next();
      const t = this.next();
      if (t.kind !== 'string') this.fail(t);
      return { kind: 'like', path, pattern: t.value };
    }
    let negate = false;
    if (this.isKeyword('NOT') && this.isKeyword('IN', 1)) {
      this.next();
      negate = true;
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectPunct('(');
      const values = [this.literal()];
      while (this.isPunct(',')) {
        this.next();
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { kind: 'in', path, negate, values };
    }
    const op = this.next();
    if (op.kind !== 'op') this.fail(op);
    return { kind: 'compare', path, op: op.value as CompareOp, value: this.literal() };
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value };
      case 'number':
        return { kind: 'number', value: Number(t.value) };
      case 'date':
        if (!isValidDate(t.value)) throw malformed(this.soql, t.pos, `invalid date: ${t.value}`);
        return { kind: 'date', value: t.value };
      case 'datetime': {
        const ms = parseDateTimeLiteral(t.value);
        if (ms === null) throw malformed(this.soql, t.pos, `invalid datetime: ${t.value}`);
        return { kind: 'datetime', value: ms, text: t.value };
      }
      case 'ident': {
        const word = t.value.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE' };
        if (word === 'NULL') return { kind: 'null' };
        if (DATE_FUNCTIONS.has(word)) {
          if (DATE_FUNCTIONS_WITH_N.has(word)) {
            this.expectPunct(':');
            const n = this.nonNegativeInt();
            return { kind: 'dateFunction', name: word, n, text: `${word}:${n}` };
          }
          return { kind: 'dateFunction', name: word, n: null, text: word };
        }
        return this.fail(t);
      }
      default:
        return this.fail(t);
    }
  }
}

export function parseSoql(soql: string): SoqlQuery {
  return new Parser(soql, tokenize(soql)).parse();
}
