export * from './topics/topic-names';
export * from './topics/topic-catalog';
export * from './events/event-envelope';
export * from './events/customer-changed.event';
export * from './events/order-changed.event';
export * from './schema/event-registry';
export * from './schema/decode-event';
