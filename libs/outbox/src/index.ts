export * from './outbox-entry';
export * from './outbox-relay';
export * from './outbox.config';
export * from './outbox.module';
export * from './consumer-service.config';
export * from './outbox.readiness';
export * from './set-aside-store';
