// A local Salesforce org over loopback HTTP for tests, benchmarks and the demo sandbox (see server.ts).
export { createSalesforceEmulator, type SalesforceEmulator, type SalesforceEmulatorOptions } from './server';
export { JWT_BEARER_GRANT, type ConnectedApp } from './auth';
export type { Fault, FaultHandle, FaultSpec } from './faults';
export { SalesforceOrg, OrgWriteError, type JsonRecord, type WriteLogEntry, type WriteOptions } from './org';
export { STANDARD_STAGES, type CustomFieldSpec } from './schema';
export type { SeedResult, SeedSpec } from './seed';
export type { ApiCallKind } from './stats';
export { isWellFormedId, to18 } from './ids';
export { pillarCatalogFields } from './catalog-fields';
export { generateConnectedApp, type TestConnectedApp } from './test-credentials';
