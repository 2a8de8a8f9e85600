import { Counter, register } from 'prom-client';

const name = 'outbox_events_published_total';

export const outboxMetrics = {
  published:
    (register.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help: 'Events the outbox relay published to Kafka', labelNames: ['collection'] }),
};
