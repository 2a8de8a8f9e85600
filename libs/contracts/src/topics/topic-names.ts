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
} as const;

export type TopicName = (typeof Topic)[keyof typeof Topic];
