// Scoring a tenant from Postgres: bulk loads → pure row mappings → the engine → stored scores.
export { scoreTenant, ScoringProfileError, DEFAULT_CHUNK_SIZE, type ScoreTenantOptions, type ScoredBatch } from './score-tenant';
export { formatScoreSummary, type ScoreTenantSummary, type DriverTotal, type SkippedAccount } from './tenant-summary';
export { CLOSED_DEAL_WINDOW_DAYS, isScoredDeal } from './assemble-inputs';
