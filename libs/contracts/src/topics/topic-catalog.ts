import { Topic, TopicName } from './topic-names';

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  /**
   * Broker-side topic configs; event-store topics keep every record forever. min.insync.replicas is not
   * here: it follows the cluster's replication factor (topic-settings.ts).
   */
  config: Record<string, string>;
  description: string;
}

const keepForever = {
  'cleanup.policy': 'delete',
  'retention.ms': '-1',
  'retention.bytes': '-1',
};

/** The declared topics: the explicit bootstrap creates exactly these, never broker auto-creation. */
export const TOPIC_CATALOG: readonly TopicSpec[] = [
  {
    name: Topic.CustomerChange,
    partitions: 6,
    config: keepForever,
    description: 'CustomerChanged events carrying the full customer state, keyed by customer id',
  },
  {
    name: Topic.OrderEvents,
    partitions: 6,
    config: keepForever,
    description: 'OrderChanged events carrying the full order, keyed by order id',
  },
  {
    name: Topic.OrdersDeadLetter,
    partitions: 1,
    config: keepForever,
    description: 'Messages the orders service could not process, with the reason and source offset in headers',
  },
  {
    name: Topic.ProductEvents,
    partitions: 6,
    config: keepForever,
    description: 'ProductChanged events carrying the full product (name, price, stock), keyed by product id',
  },
  {
    name: Topic.ReviewEvents,
    partitions: 6,
    config: keepForever,
    description: "ReviewAdded events, keyed by product id (a product's review stream)",
  },
  {
    name: Topic.CatalogDeadLetter,
    partitions: 1,
    config: keepForever,
    description: 'Messages the catalog service could not process, with the reason and source offset in headers',
  },
  {
    name: Topic.StockAlerts,
    partitions: 6,
    config: keepForever,
    description: 'LowStock, CriticalStock and StockRecovered business events (only when a threshold is crossed), keyed by product id',
  },
  {
    name: Topic.StreamsDeadLetter,
    partitions: 1,
    config: keepForever,
    description: 'Messages the stream processor could not process, with the reason and source offset in headers',
  },
  {
    name: Topic.AuditDeadLetter,
    partitions: 1,
    config: keepForever,
    description: 'Order events the audit service could not record (Dapr dead-letter topic: the original value, its key and headers)',
  },
  {
    name: Topic.LoyaltyPoints,
    partitions: 6,
    config: keepForever,
    description: 'LoyaltyPointsChanged events (one per awarded order), keyed by customer id',
  },
  {
    name: Topic.LoyaltyDeadLetter,
    partitions: 1,
    config: keepForever,
    description: 'Customer events the loyalty service could not apply (Dapr dead-letter topic: the original value, its key and headers)',
  },
  {
    name: Topic.RedriveLog,
    partitions: 1,
    config: keepForever,
    description: 'One record per dead letter the redrive tool sent back (key: <dead-letter topic>/<partition>/<offset>), written once the record sent back is acknowledged',
  },
];
