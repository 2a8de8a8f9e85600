/** Every Kafka topic the system uses. Apps never spell a topic name as a literal. */
export const Topic = {
  CustomerChange: 'accounts.customer.change',
  OrderEvents: 'orders.order.events',
  OrdersDeadLetter: 'orders.deadletter',
  ProductEvents: 'catalog.product.events',
  ReviewEvents: 'catalog.review.events',
  CatalogDeadLetter: 'catalog.deadletter',
  StockAlerts: 'streams.stock.alerts',
  StreamsDeadLetter: 'streams.deadletter',
  AuditDeadLetter: 'audit.deadletter',
  LoyaltyPoints: 'loyalty.points.events',
  LoyaltyDeadLetter: 'loyalty.deadletter',
  RedriveLog: 'redrive.log',
} as const;

export type TopicName = (typeof Topic)[keyof typeof Topic];

/** The dead-letter topics: the consumers' own (`dlq-*` headers) and Dapr's (`__topic` etc. headers). */
export const DEAD_LETTER_TOPICS: readonly TopicName[] = [
  Topic.OrdersDeadLetter,
  Topic.CatalogDeadLetter,
  Topic.StreamsDeadLetter,
  Topic.AuditDeadLetter,
  Topic.LoyaltyDeadLetter,
];

/** Dapr's dead-letter topics, each with the app (and so the default consumer group) that writes it. */
export const DAPR_DEAD_LETTER_OWNERS: Readonly<Partial<Record<TopicName, string>>> = {
  [Topic.AuditDeadLetter]: 'audit',
  [Topic.LoyaltyDeadLetter]: 'loyalty',
};
