export * from './domain-error';
export * from './clock';
export * from './id-generator';
export * from './result';
export * from './retriable-error';
