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
