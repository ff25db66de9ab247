// What the emulated org has seen: requests by kind (every request, faults included) and the daily API
// allowance that `GET /limits` and the `Sforce-Limit-Info` header report.

export type ApiCallKind =
  | 'oauthToken'
  | 'oauthRevoke'
  | 'identity'
  | 'versions'
  | 'resources'
  | 'query'
  | 'queryAll'
  | 'queryMore'
  | 'limits'
  | 'describeGlobal'
  | 'describe'
  | 'sobjectInfo'
  | 'sobjectGet'
  | 'sobjectCreate'
  | 'sobjectUpdate'
  | 'sobjectDelete'
  | 'deleted'
  | 'updated'
  | 'compositeCreate'
  | 'compositeUpdate'
  | 'compositeDelete'
  | 'compositeRetrieve'
  | 'bulk2Ingest'
  | 'bulk2Query'
  | 'unknown';

export interface RequestLogEntry {
  method: string;
  path: string;
  kind: ApiCallKind;
  /** 0 when the connection was dropped. */
  status: number;
}

export class ApiStats {
  private counts = new Map<ApiCallKind, number>();
  /** The most recent requests (up to `logLimit`). */
  readonly log: RequestLogEntry[] = [];
  total = 0;

  constructor(private readonly logLimit = 10_000) {}

  record(entry: RequestLogEntry): void {
    this.total++;
    this.counts.set(entry.kind, (this.counts.get(entry.kind) ?? 0) + 1);
    this.log.push(entry);
    if (this.log.length > this.logLimit) this.log.splice(0, this.log.length - this.logLimit);
  }

  count(...kinds: ApiCallKind[]): number {
    return kinds.reduce((sum, k) => sum + (this.counts.get(k) ?? 0), 0);
  }

  byKind(): Partial<Record<ApiCallKind, number>> {
    return Object.fromEntries(this.counts);
  }

  /** Requests that count against the daily allowance (everything but OAuth and identity). */
  apiCalls(): number {
    let n = 0;
    for (const [k, v] of this.counts) if (k !== 'oauthToken' && k !== 'oauthRevoke' && k !== 'identity') n += v;
    return n;
  }

  reset(): void {
    this.counts = new Map();
    this.log.length = 0;
    this.total = 0;
  }
}

export class ApiAllowance {
  constructor(
    public dailyMax = 15_000,
    public used = 0,
  ) {}

  remaining(): number {
    return Math.max(0, this.dailyMax - this.used);
  }

  set(values: { dailyMax?: number; used?: number }): void {
    if (values.dailyMax !== undefined) this.dailyMax = values.dailyMax;
    if (values.used !== undefined) this.used = values.used;
  }

  header(): string {
    return `api-usage=${this.used}/${this.dailyMax}`;
  }
}
