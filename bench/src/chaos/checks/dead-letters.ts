import { Topic, TOPIC_CATALOG } from '@app/contracts';
import { DLQ_HEADERS } from '@app/kafka/consumer/dead-letter';
import { readTopic, ReadRecord } from '@app/testing/kafka-reader';
import { Kafka } from 'kafkajs';

export interface DeadLetter {
  dlt: string;
  group: string;
  code: string;
  reason: string;
  sourceTopic: string;
  key: string | null;
  headers: Record<string, string>;
}

/** Consumer dead-letter topics (audit's belongs to Dapr and carries CloudEvents, not these headers). */
const CONSUMER_DLTS = TOPIC_CATALOG.map((t) => t.name).filter((name) => name.endsWith('.deadletter') && name !== Topic.AuditDeadLetter && name !== Topic.LoyaltyDeadLetter);

/** Every dead letter written by a consumer group whose id starts with the prefix. */
export async function deadLettersOf(kafka: Kafka, groupPrefix: string): Promise<DeadLetter[]> {
  const found: DeadLetter[] = [];
  for (const dlt of CONSUMER_DLTS) {
    for (const r of await readTopic(kafka, dlt)) {
      const group = r.headers[DLQ_HEADERS.group] ?? '';
      if (group.startsWith(groupPrefix)) found.push(toDeadLetter(dlt, r, group));
    }
  }
  return found;
}

function toDeadLetter(dlt: string, r: ReadRecord, group: string): DeadLetter {
  return { dlt, group, code: r.headers[DLQ_HEADERS.code] ?? '', reason: r.headers[DLQ_HEADERS.reason] ?? '', sourceTopic: r.headers[DLQ_HEADERS.topic] ?? '', key: r.key, headers: r.headers };
}
