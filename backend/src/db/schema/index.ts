// The whole data model (ARCHITECTURE.md "Data model"). Every table with an org_id column is a tenant table:
// the RLS migration protects each one, and tests/tenant-isolation.test.ts checks each one.
export * from './tenancy';
export * from './crm-mirror';
export * from './scores';
export * from './signals';
export * from './integration';
export * from './config';
export * from './notifications';
