import { Counter, Gauge, register } from 'prom-client';

const counter = (name: string, help: string, labelNames: string[]): Counter<string> =>
  (register.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames });
const gauge = (name: string, help: string, labelNames: string[]): Gauge<string> =>
  (register.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames });

export const outboxMetrics = {
  published: counter('outbox_events_published_total', 'Events the outbox relay published to Kafka', ['collection']),
  setAside: counter('outbox_events_set_aside_total', 'Outbox entries set aside because Kafka can never take them (code: TOO_LARGE, REFUSED)', ['collection', 'code']),
  setAsideDocuments: gauge('outbox_set_aside_documents', 'Documents whose outbox waits behind a set-aside entry', ['collection']),
};
