export * from './actions';
export * from './bands';
export * from './categories';
export * from './profile';
export * from './reasons';
export * from './results';
export * from './rule-meta';
