export * from './dapr.config';
export * from './dapr-error';
export * from './dapr.client';
export * from './dapr.module';
export * from './dapr-delivery';
export * from './blob-binding';
export * from './dapr-unavailable.interceptor';
