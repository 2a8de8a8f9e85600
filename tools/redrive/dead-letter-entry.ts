import { DAPR_DEAD_LETTER_OWNERS, TopicName } from '@app/contracts';
import { DLQ_HEADERS } from '@app/kafka/consumer/dead-letter';

/** Dapr's Kafka pub/sub copies these metadata entries into the headers of the records it writes. */
const DAPR_METADATA = { topic: '__topic', partition: '__partition', offset: '__offset', key: '__key', timestamp: '__timestamp' } as const;
/** Code given to Dapr's dead letters, which carry no reason (daprd logs it). */
export const DAPR_DROPPED = 'DAPR_DROPPED';

/** One record of a dead-letter topic as read, before it is understood. */
export interface RawDeadLetter {
  topic: string;
  partition: number;
  offset: string;
  /** The dead-letter record's own timestamp (ms since the epoch, as a string). */
  timestamp: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** A dead letter: where it is, where it came from, why, and what to send back. */
export interface DeadLetter {
  at: { topic: string; partition: number; offset: string };
  /** The topic the record was consumed from; null when the record does not say. */
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  code: string;
  reason: string;
  group: string;
  failedAt: Date;
  key: string | null;
  value: string | null;
  /** The original record's headers, without `dlq-*` and Dapr metadata. */
  headers: Record<string, string>;
  /** Set when the dead-lettering left the value out (too large): it is only at its source offset. */
  valueOmittedBytes: number | null;
}

/** Reads a dead-letter record written by the consumers (`dlq-*` headers) or by Dapr (`__topic`, …). */
export function toDeadLetter(raw: RawDeadLetter): DeadLetter {
  const h = raw.headers;
  const dapr = DAPR_DEAD_LETTER_OWNERS[raw.topic as TopicName];
  const fromDapr = dapr !== undefined && h[DLQ_HEADERS.code] === undefined;
  const failedAt = new Date(fromDapr ? Number(raw.timestamp) : (h[DLQ_HEADERS.failedAt] ?? Number(raw.timestamp)));
  const omitted = h[DLQ_HEADERS.valueOmitted];
  return {
    at: { topic: raw.topic, partition: raw.partition, offset: raw.offset },
    originalTopic: (fromDapr ? h[DAPR_METADATA.topic] : h[DLQ_HEADERS.topic]) ?? null,
    originalPartition: numberOrNull(fromDapr ? h[DAPR_METADATA.partition] : h[DLQ_HEADERS.partition]),
    originalOffset: (fromDapr ? h[DAPR_METADATA.offset] : h[DLQ_HEADERS.offset]) ?? null,
    code: fromDapr ? DAPR_DROPPED : (h[DLQ_HEADERS.code] ?? 'UNKNOWN'),
    reason: h[DLQ_HEADERS.reason] ?? '',
    group: fromDapr ? dapr : (h[DLQ_HEADERS.group] ?? ''),
    failedAt: Number.isNaN(failedAt.getTime()) ? new Date(0) : failedAt,
    key: raw.key ?? (fromDapr ? (h[DAPR_METADATA.key] ?? null) : null),
    value: raw.value,
    headers: Object.fromEntries(Object.entries(h).filter(([name]) => !name.startsWith('dlq-') && !name.startsWith('__'))),
    valueOmittedBytes: numberOrNull(omitted),
  };
}

/** The stable id of a dead letter: its own place, never reused. */
export const deadLetterId = (at: DeadLetter['at']): string => `${at.topic}/${at.partition}/${at.offset}`;

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const n = Number(text);
  return Number.isInteger(n) ? n : null;
}
