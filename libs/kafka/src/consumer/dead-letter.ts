import { MAX_EVENT_BYTES } from '@app/contracts';
import { KafkaMessage } from 'kafkajs';
import { OutgoingRecord } from '../producer/event-publisher';

export interface DeadLetterReason {
  code: string;
  reason: string;
  attempts: number;
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

/** The record sent to a dead-letter topic: the original key and value, the why and where in headers. */
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
