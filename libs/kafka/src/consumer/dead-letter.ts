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
} as const;

/** The record sent to a dead-letter topic: the original key and value, the why and where in headers. */
export function deadLetterRecord(
  deadLetterTopic: string,
  source: { topic: string; partition: number; message: KafkaMessage; groupId: string },
  why: DeadLetterReason,
  now: Date,
): OutgoingRecord {
  return {
    topic: deadLetterTopic,
    key: source.message.key?.toString() ?? '',
    value: source.message.value?.toString() ?? '',
    headers: {
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
