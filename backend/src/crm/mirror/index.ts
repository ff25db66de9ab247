// The mirror every connector writes into: row vocabulary, change hash, and the bulk upserts (SQL in db/queries/mirror.ts).
export * from './rows';
export * from './source-hash';
export {
  DEFAULT_MIRROR_BATCH_SIZE,
  addUpsertResults,
  emptyUpsertResult,
  managerLevels,
  mirrorUpsertSql,
  upsertAccounts,
  upsertActivities,
  upsertContacts,
  upsertLeads,
  upsertMirrorBatch,
  upsertMirrorRows,
  upsertOpportunities,
  upsertOpportunityContacts,
  upsertProducts,
  upsertRenewals,
  upsertStageHistory,
  upsertUsers,
  type MirrorExecutor,
  type UnresolvedReference,
  type UpsertCounts,
  type UpsertResult,
} from '../../db/queries/mirror';
