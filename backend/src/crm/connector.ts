// The provider-neutral face of a CRM connection. Salesforce implements it (crm/salesforce/connection.ts);
// HubSpot will. The cycle (sync → score → write-back) talks to this interface only: pull what changed since
// the stored cursors, write back what Pillar computed and the CRM does not have yet, and check that the
// fields Pillar writes exist.

export type CrmProvider = 'salesforce' | 'hubspot';

/** How a run ended. `paused`: stopped on purpose (API budget); `partial`: done, some records failed. */
export type RunStatus = 'succeeded' | 'partial' | 'paused' | 'failed';

/** Per CRM object, what one pull saw and did. */
export interface ObjectPullCounts {
  /** Records received from the CRM. */
  read: number;
  /** Of those, records past the cursor the run started from (the rest were re-read in the overlap window). */
  new: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records the CRM reported deleted (soft-deleted, or removed where the mirror keeps no deleted rows). */
  deleted: number;
  /** Records not stored, each logged with its reason (malformed input, a required parent missing). */
  skipped: number;
  /** Records stored with a remark (truncated text, an unknown picklist value…), logged. */
  noted: number;
  pages: number;
}

export interface PullProgress {
  object: string;
  /** Pages committed so far for this object in this run. */
  page: number;
  counts: ObjectPullCounts;
}

export interface PullRequest {
  /** Ignore the cursors and read everything again (deleted records included). */
  full?: boolean;
  /** Checked between pages: an aborted pull stops after the page in hand is committed. */
  signal?: AbortSignal;
  /** Called after each committed page. */
  onProgress?: (progress: PullProgress) => void | Promise<void>;
  /** Called before the first request for an object. */
  onObjectStart?: (object: string) => void | Promise<void>;
}

export interface PullReport {
  /** The sync_runs row; null when the run was refused before it started. */
  runId: string | null;
  kind: 'pull' | 'full';
  status: RunStatus;
  /** Why the run is not `succeeded` (a sentence for people). */
  reason: string | null;
  objects: Record<string, ObjectPullCounts>;
  apiCalls: number;
  durationMs: number;
}

export interface ObjectWritebackCounts {
  /** Records whose desired values were compared with what was last written. */
  considered: number;
  /** Records with nothing to send. */
  unchanged: number;
  /** Records sent (any field changed, or a failed write retried). */
  sent: number;
  /** Of the sent records, those that had failed before (pending). */
  retried: number;
  succeeded: number;
  /** Failed this time; kept as pending and retried next cycle. */
  failed: number;
  /** Pending records not sent again: the same values failed for good reasons too often (still kept). */
  held: number;
  /** Field values sent. */
  fields: number;
  method: 'none' | 'collections' | 'bulk';
  apiCalls: number;
}

export interface WritebackRequest {
  /** Above this many records per object, use the bulk API instead of batched calls. */
  bulkThreshold?: number;
}

export interface WritebackReport {
  runId: string | null;
  status: RunStatus;
  reason: string | null;
  objects: Record<string, ObjectWritebackCounts>;
  /** Per-record failures of this run (capped), for the report. */
  failures: Array<{ object: string; externalId: string; code: string; message: string }>;
  apiCalls: number;
  durationMs: number;
}

export interface ProvisionedField {
  object: string;
  field: string;
  state: 'present' | 'missing' | 'read_only';
}

export interface ProvisionReport {
  fields: ProvisionedField[];
  /** True when every field Pillar writes exists and is writable by the integration user. */
  ready: boolean;
  apiCalls: number;
}

export interface CrmConnector {
  readonly provider: CrmProvider;
  /** Pull everything changed since the stored cursors into the mirror. */
  pull(request?: PullRequest): Promise<PullReport>;
  /** Write the stored scores that differ from what was last written. */
  writeBack(request?: WritebackRequest): Promise<WritebackReport>;
  /** Check (or create, where the CRM allows it) the fields Pillar writes. */
  provisionFields(): Promise<ProvisionReport>;
}

export function emptyPullCounts(): ObjectPullCounts {
  return { read: 0, new: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0, noted: 0, pages: 0 };
}

export function emptyWritebackCounts(): ObjectWritebackCounts {
  return { considered: 0, unchanged: 0, sent: 0, retried: 0, succeeded: 0, failed: 0, held: 0, fields: 0, method: 'none', apiCalls: 0 };
}
