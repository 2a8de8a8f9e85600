export * from './generation-naming';
export * from './generation-pointers';
export * from './generation-resolver';
