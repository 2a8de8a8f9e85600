/** The envelope every event travels in; the Kafka key is always `aggregateId`. */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  eventId: string;
  type: TType;
  schemaVersion: number;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: string;
  correlationId: string;
  causationId?: string;
  payload: TPayload;
}

export interface EnvelopeMeta {
  eventId: string;
  occurredAt: Date;
  correlationId: string;
  causationId?: string;
}

/** Builds an envelope from a decided payload and the injected id/time metadata. */
export function envelope<TType extends string, TPayload>(
  type: TType,
  schemaVersion: number,
  aggregateId: string,
  aggregateVersion: number,
  payload: TPayload,
  meta: EnvelopeMeta,
): EventEnvelope<TType, TPayload> {
  return {
    eventId: meta.eventId,
    type,
    schemaVersion,
    aggregateId,
    aggregateVersion,
    occurredAt: meta.occurredAt.toISOString(),
    correlationId: meta.correlationId,
    ...(meta.causationId ? { causationId: meta.causationId } : {}),
    payload,
  };
}
