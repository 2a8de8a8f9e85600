import { EventEnvelope, Topic } from '@app/contracts';

/** One indexed event: the envelope plus where it sits in Kafka. */
export interface IndexedEvent {
  eventId: string;
  stream: string;
  aggregateId: string;
  aggregateVersion: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  correlationId: string;
  causationId?: string;
  topic: string;
  partition: number;
  offset: string;
  payload: unknown;
}

/** Stream order: by stream, then version (events of one version by id), as `GET /streams/{id}/events` answers. */
export function byStreamAndVersion(a: IndexedEvent, b: IndexedEvent): number {
  if (a.stream !== b.stream) return a.stream < b.stream ? -1 : 1;
  if (a.aggregateVersion !== b.aggregateVersion) return a.aggregateVersion - b.aggregateVersion;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** The stream an event belongs to, named after its topic: one aggregate id can have several streams. */
export const STREAM_OF_TOPIC: Record<string, string> = {
  [Topic.CustomerChange]: 'customer',
  [Topic.OrderEvents]: 'order',
  [Topic.ProductEvents]: 'product',
  [Topic.ReviewEvents]: 'review',
  [Topic.StockAlerts]: 'stock-alert',
};

/** What the index keeps of an event read at `at`. */
export function indexedEvent(event: EventEnvelope, at: Pick<IndexedEvent, 'topic' | 'partition' | 'offset'>): IndexedEvent {
  return {
    eventId: event.eventId,
    stream: STREAM_OF_TOPIC[at.topic] ?? at.topic,
    aggregateId: event.aggregateId,
    aggregateVersion: event.aggregateVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    ...(event.causationId ? { causationId: event.causationId } : {}),
    topic: at.topic,
    partition: at.partition,
    offset: at.offset,
    payload: event.payload,
  };
}
