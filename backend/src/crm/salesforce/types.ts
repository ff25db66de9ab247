// The Salesforce connector's vocabulary. Mapped rows ARE mirror rows (crm/mirror/rows.ts), so the sync hands
// them to the shared upserts unchanged; what only Salesforce knows (SystemModstamp watermark, last modifier,
// deletion, mapping notes) travels beside the row in `meta`.
import type { StagePhase } from '../../engine/features/stages';
import type {
  BuyingRole,
  MirrorAccount,
  MirrorActivity,
  MirrorContact,
  MirrorOpportunity,
  MirrorOpportunityContact,
  MirrorStageChange,
  MirrorUser,
} from '../mirror/rows';

export type SalesforceMappedAccount = MirrorAccount;
export type SalesforceMappedContact = MirrorContact;
export type SalesforceMappedOpportunityContact = MirrorOpportunityContact;
export type SalesforceMappedOpportunity = MirrorOpportunity;
export type SalesforceMappedActivity = MirrorActivity;
export type SalesforceMappedStageChange = MirrorStageChange;
export type SalesforceMappedUser = MirrorUser;

/** Pillar's stage vocabulary (the engine's phases); the CRM's own value is kept as `rawStage`. */
export type PillarStage = StagePhase;
export type { BuyingRole };

/** Something the mapper changed or could not interpret but that did not make the record unusable. */
export interface MappingNote {
  code: 'TRUNCATED' | 'UNKNOWN_PICKLIST' | 'OUT_OF_RANGE' | 'UNPARSEABLE_DOMAIN';
  field: string;
  message: string;
}

/** Why a record was not mapped (it is logged and skipped; stored data stays untouched). */
export interface MappingRejection {
  code: 'MALFORMED_RECORD' | 'MISSING_REQUIRED' | 'MALFORMED_DATE' | 'MALFORMED_NUMBER' | 'MALFORMED_ID' | 'MALFORMED_VALUE';
  field: string | null;
  message: string;
  /** The record's Id when it had one. */
  externalId: string | null;
}

export interface SalesforceRowMeta {
  /** The Salesforce object the row came from (Task and Event both become activities). */
  sobject: string;
  /** sha256 of the mirror row: exactly what the mirror upsert stores as source_hash. */
  sourceHash: string;
  /** SystemModstamp as ISO-8601 (UTC): the incremental-pull watermark. */
  sourceModstamp: string;
  /** LastModifiedById (or CreatedById where the object has none): tells Pillar's own writes apart. */
  lastModifiedByExternalId: string | null;
  /** The record is in the recycle bin (queryAll / deleted feed). */
  isDeleted: boolean;
  notes: MappingNote[];
}

export type MapResult<Row> = { ok: true; row: Row; meta: SalesforceRowMeta } | { ok: false; reason: MappingRejection };
