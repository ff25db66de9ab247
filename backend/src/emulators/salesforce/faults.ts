// Per-test fault injection. A fault matches requests by method and path (substring or RegExp, tested against
// the path without the query string) and applies to the next `times` matching requests (default 1).

export type FaultSpec =
  /** 401 INVALID_SESSION_ID, as for an expired or revoked token. */
  | { kind: 'invalidSession' }
  /** 403 REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded." */
  | { kind: 'requestLimit' }
  /** Any status with Salesforce's error body (e.g. 503 SERVER_UNAVAILABLE, 429). */
  | { kind: 'status'; status: number; errorCode?: string; message?: string; body?: unknown }
  /** The socket is destroyed before any response byte. */
  | { kind: 'drop' }
  /** The response is held back this long, then served normally. */
  | { kind: 'delay'; ms: number }
  /**
   * Collections, REST and Bulk writes to these record ids fail with UNABLE_TO_LOCK_ROW; `times` counts the
   * matching requests that touch at least one of the ids.
   */
  | { kind: 'lockRow'; ids: string[] };

export interface FaultMatch {
  path?: string | RegExp;
  method?: string;
  /** How many matching requests the fault applies to (default 1; Infinity for "until cleared"). */
  times?: number;
}

export type Fault = FaultSpec & FaultMatch;

export interface FaultHandle {
  /** Matching requests still to be hit. */
  remaining(): number;
  /** Requests this fault has hit so far. */
  hits(): number;
  cancel(): void;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
  hits: number;
}

export type TerminalFault = Extract<FaultSpec, { kind: 'invalidSession' | 'requestLimit' | 'status' | 'drop' }>;

export interface RequestFaults {
  delayMs: number;
  terminal: TerminalFault | null;
}

export class FaultInjector {
  private active: ActiveFault[] = [];

  inject(fault: Fault): FaultHandle {
    const entry: ActiveFault = { fault, remaining: fault.times ?? 1, hits: 0 };
    this.active.push(entry);
    return {
      remaining: () => entry.remaining,
      hits: () => entry.hits,
      cancel: () => {
        this.active = this.active.filter((a) => a !== entry);
      },
    };
  }

  clear(): void {
    this.active = [];
  }

  /** Consumes the faults that apply to one request: all matching delays, then the first terminal fault. */
  take(method: string, path: string): RequestFaults {
    const out: RequestFaults = { delayMs: 0, terminal: null };
    for (const entry of this.active) {
      const f = entry.fault;
      if (entry.remaining <= 0 || f.kind === 'lockRow' || !matches(f, method, path)) continue;
      if (f.kind === 'delay') out.delayMs += f.ms;
      else if (out.terminal) continue;
      else out.terminal = f;
      entry.remaining--;
      entry.hits++;
    }
    this.prune();
    return out;
  }

  /** The 15-char ids among `recordIds` that are locked for this write request (consumes the lock faults hit). */
  takeLocks(method: string, path: string, recordIds: Iterable<string>): Set<string> {
    const ids = new Set([...recordIds].map((id) => id.slice(0, 15)));
    const locked = new Set<string>();
    for (const entry of this.active) {
      const f = entry.fault;
      if (entry.remaining <= 0 || f.kind !== 'lockRow' || !matches(f, method, path)) continue;
      const hit = f.ids.map((id) => id.slice(0, 15)).filter((id) => ids.has(id));
      if (hit.length === 0) continue;
      for (const id of hit) locked.add(id);
      entry.remaining--;
      entry.hits++;
    }
    this.prune();
    return locked;
  }

  private prune(): void {
    this.active = this.active.filter((a) => a.remaining > 0);
  }
}

function matches(f: FaultMatch, method: string, path: string): boolean {
  if (f.method && f.method.toUpperCase() !== method.toUpperCase()) return false;
  if (f.path === undefined) return true;
  return typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path);
}
