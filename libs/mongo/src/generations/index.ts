export * from './generation-naming';
export * from './generation-pointers';
export * from './generation-resolver';
export * from './generation-switch';
