export * from './mongo.module';
export * from './mongo.readiness';
export * from './mongo-errors';
export * from './bulk-versioned';
export * from './generations';
export * from './mongo-client-options';
export * from './find-by-ids';
