import { EventEnvelope } from '@app/contracts';
import { OutgoingRecord } from '@app/kafka/producer/outgoing-record';

/** A pending event kept inside the aggregate's own document, written in the same atomic update. */
export interface OutboxEntry extends OutgoingRecord {
  eventId: string;
  /** The event's time (ISO 8601): the relay publishes the documents with the oldest pending entry first. Absent on entries written before it was kept. */
  occurredAt?: string;
}

/**
 * The fields the relay owns on an aggregate document. Contract: every write that appends to `outbox`
 * also increments the document's `version` (the relay's release is conditioned on it).
 */
export interface OutboxFields {
  outbox: OutboxEntry[];
  /** `since`: when it was taken (absent on leases written before it was kept). */
  outboxLease?: { owner: string; until: Date; since?: Date };
}

export function toOutboxEntry(topic: string, event: EventEnvelope): OutboxEntry {
  return {
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    topic,
    key: event.aggregateId,
    value: JSON.stringify(event),
    headers: { 'event-type': event.type, 'event-id': event.eventId, 'correlation-id': event.correlationId },
  };
}
