import { Counter, Gauge, register } from 'prom-client';

function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Shared consumer metrics, labelled by group and topic. */
export const consumerMetrics = {
  messages: metric(
    'kafka_consumer_messages_total',
    () =>
      new Counter({
        name: 'kafka_consumer_messages_total',
        help: 'Messages handled by outcome (processed, dead_lettered)',
        labelNames: ['group', 'topic', 'outcome'],
      }),
  ),
  retries: metric(
    'kafka_consumer_retries_total',
    () => new Counter({ name: 'kafka_consumer_retries_total', help: 'Handler retries after transient errors', labelNames: ['group', 'topic'] }),
  ),
  lastEventTime: metric(
    'kafka_consumer_last_event_timestamp_seconds',
    () =>
      new Gauge({
        name: 'kafka_consumer_last_event_timestamp_seconds',
        help: 'Broker timestamp of the last message handled',
        labelNames: ['group', 'topic'],
      }),
  ),
};
