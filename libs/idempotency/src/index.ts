export * from './idempotency-key';
export * from './request-fingerprint';
export * from './idempotency.decider';
export * from './idempotency.config';
export * from './idempotency.store';
export * from './idempotency.interceptor';
export * from './idempotent.decorator';
export * from './idempotency.module';
