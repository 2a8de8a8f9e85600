import { Admin, Consumer } from 'kafkajs';
import { ConsumedEvent } from '../consumer/event-consumer';
import { BoundedReader, PartitionEnd } from './bounded-reader';

/** Where each partition of `topics` ends now: a replay reads up to there. */
export async function endOffsets(admin: Admin, topics: readonly string[]): Promise<PartitionEnd[]> {
  const ends: PartitionEnd[] = [];
  for (const topic of topics) for (const o of await admin.fetchTopicOffsets(topic)) ends.push({ topic, partition: o.partition, high: Number(o.high) });
  return ends;
}

/**
 * Hands every decodable record below `ends` to `each`, partition after partition in offset order
 * (topics in the given order), read by a connected consumer that is left paused. The partitions after
 * the one being handed over are read ahead within `bufferRecords`, so memory does not grow with the
 * topics. Undecodable records are skipped: live processing dead-lettered them.
 */
export async function forEachUntilEnd(consumer: Consumer, topics: readonly string[], ends: readonly PartitionEnd[], each: (record: ConsumedEvent) => void, bufferRecords = 20_000): Promise<void> {
  const reader = new BoundedReader(consumer, topics, topics.flatMap((topic) => ends.filter((e) => e.topic === topic)), bufferRecords);
  await reader.start();
  for (const buffer of reader.buffers) {
    while (!buffer.ended || buffer.size > 0) {
      if (buffer.size === 0) await reader.changed();
      else each(reader.take(buffer));
    }
  }
}
