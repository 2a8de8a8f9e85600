import { MAX_EVENT_BYTES } from '@app/contracts';
import { KafkaMessage } from 'kafkajs';
import { OutgoingRecord } from '../producer/outgoing-record';

export interface DeadLetterReason {
  code: string;
  reason: string;
  attempts: number;
  /** The handlers that rejected the record, when one consumer reads for several (their names are its dead letters' groups). */
  rejectedBy?: readonly string[];
}

const rejecters = new WeakMap<object, string[]>();

/** Notes that the handler `name` (one of several behind a consumer) threw `error`: the record's dead letter names it alone. */
export function noteRejectedBy(error: unknown, name: string): void {
  if (typeof error === 'object' && error !== null) rejecters.set(error, [...new Set([...(rejecters.get(error) ?? []), name])]);
}

/** The handlers noted as having thrown `error` (noteRejectedBy), if any. */
export function rejectersOf(error: unknown): readonly string[] | undefined {
  return typeof error === 'object' && error !== null ? rejecters.get(error) : undefined;
}

export const DLQ_HEADERS = {
  code: 'dlq-code',
  reason: 'dlq-reason',
  topic: 'dlq-source-topic',
  partition: 'dlq-source-partition',
  offset: 'dlq-source-offset',
  group: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
  /** Set when the value was too big to copy (it stays in the source topic at the offset named). */
  valueOmitted: 'dlq-value-omitted-bytes',
} as const;

/** The original record's own headers (event id, type, correlation id, a redrive mark), without earlier `dlq-*` ones. */
export function originalHeaders(message: Pick<KafkaMessage, 'headers'>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined || name.startsWith('dlq-')) continue;
    kept[name] = (Array.isArray(value) ? value[value.length - 1] : value).toString();
  }
  return kept;
}

/**
 * The record sent to a dead-letter topic: the original key, value and headers, the why and where in
 * `dlq-*` headers — everything the redrive tool needs to send it back as it was.
 */
export function deadLetterRecord(
  deadLetterTopic: string,
  source: { topic: string; partition: number; message: KafkaMessage; groupId: string },
  why: DeadLetterReason,
  now: Date,
): OutgoingRecord {
  const bytes = source.message.value?.length ?? 0;
  // A few oversized records in one batch would make a produce request the broker refuses.
  const omitted = bytes > MAX_EVENT_BYTES;
  return {
    topic: deadLetterTopic,
    key: source.message.key?.toString() ?? '',
    value: omitted ? '' : (source.message.value?.toString() ?? ''),
    headers: {
      ...originalHeaders(source.message),
      ...(omitted ? { [DLQ_HEADERS.valueOmitted]: String(bytes) } : {}),
      [DLQ_HEADERS.code]: why.code,
      [DLQ_HEADERS.reason]: why.reason.slice(0, 1000),
      [DLQ_HEADERS.topic]: source.topic,
      [DLQ_HEADERS.partition]: String(source.partition),
      [DLQ_HEADERS.offset]: source.message.offset,
      [DLQ_HEADERS.group]: source.groupId,
      [DLQ_HEADERS.attempts]: String(why.attempts),
      [DLQ_HEADERS.failedAt]: now.toISOString(),
    },
  };
}
