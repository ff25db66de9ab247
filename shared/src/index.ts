// @pillar/shared: the vocabulary the backend and the CRM cards share. Pure: no I/O.
export * from './tenancy/roles';
export * from './catalog/bands';
export * from './catalog/field-catalog';
export * from './forecast/categories';
export * from './signals/lifecycle';
export * from './contracts/common';
export * from './contracts/cards';
export * from './contracts/routes';
export * from './scoring';
