import { Kafka, KafkaMessage } from 'kafkajs';
import { PartitionRange, readRanges } from '../replay/read-ranges';
import { OutgoingRecord } from './outgoing-record';

/** Record timestamps are the sender's clock: look this much further back than the sender noted. */
const CLOCK_MARGIN_MS = 60_000;

export type IdentifiedRecord = OutgoingRecord & { eventId: string };

const eventIdOf = (message: KafkaMessage): string | undefined => {
  const header = message.headers?.['event-id'];
  if (header !== undefined) return (Array.isArray(header) ? header[0] : header)?.toString();
  try {
    const value = JSON.parse(message.value?.toString() ?? 'null') as { eventId?: unknown } | null;
    return typeof value?.eventId === 'string' ? value.eventId : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Which of `records` are in Kafka already: each is looked for on the partition its key goes to, from
 * the first record stamped `since` (less a margin) up to the end. For records a sender may have sent
 * before it died or before its request timed out, so that they are not sent a second time.
 */
export async function findPublished(
  kafka: Kafka,
  partitionOf: (record: OutgoingRecord) => number,
  records: readonly IdentifiedRecord[],
  since: Date,
  groupPrefix: string,
): Promise<Set<string>> {
  const wanted = new Map<string, Set<string>>();
  for (const r of records) {
    const at = `${r.topic}|${partitionOf(r)}`;
    wanted.set(at, (wanted.get(at) ?? new Set()).add(r.eventId));
  }
  const ranges: PartitionRange[] = [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of new Set(records.map((r) => r.topic))) {
      const [from, to] = await Promise.all([admin.fetchTopicOffsetsByTimestamp(topic, since.getTime() - CLOCK_MARGIN_MS), admin.fetchTopicOffsets(topic)]);
      for (const p of to) {
        if (!wanted.has(`${topic}|${p.partition}`)) continue;
        const start = from.find((f) => f.partition === p.partition)?.offset ?? p.low;
        ranges.push({ topic, partition: p.partition, from: Number(start), to: Number(p.high) });
      }
    }
  } finally {
    await admin.disconnect();
  }
  const found = new Set<string>();
  await readRanges(kafka, groupPrefix, ranges, (topic, partition, message) => {
    const id = eventIdOf(message);
    if (id !== undefined && wanted.get(`${topic}|${partition}`)?.has(id)) found.add(id);
  });
  return found;
}
