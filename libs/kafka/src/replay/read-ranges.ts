import { Kafka, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** Offsets [from, to) of one partition. */
export interface PartitionRange {
  topic: string;
  partition: number;
  from: number;
  to: number;
}

/**
 * Hands every record of the ranges to `each` (in offset order per partition), read by a consumer of a
 * throwaway group that commits nothing and is deleted afterwards (KafkaJS has no group-less fetch).
 * Rejects if the ranges are not read within `timeoutMs`.
 */
export async function readRanges(
  kafka: Kafka,
  groupPrefix: string,
  ranges: readonly PartitionRange[],
  each: (topic: string, partition: number, message: KafkaMessage) => void,
  timeoutMs = 60_000,
): Promise<void> {
  const wanted = new Map(ranges.filter((r) => r.to > r.from).map((r) => [`${r.topic}|${r.partition}`, r]));
  if (wanted.size === 0) return;
  const groupId = `${groupPrefix}.read-back.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, retry: { retries: 3 } });
  const admin = kafka.admin();
  const topics = [...new Set([...wanted.values()].map((r) => r.topic))];
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.all([consumer.connect(), admin.connect()]);
    await consumer.subscribe({ topics });
    const done = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`reading back ${wanted.size} partition range(s) took over ${timeoutMs} ms`)), timeoutMs);
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      const left = new Set(wanted.keys());
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const key = `${batch.topic}|${batch.partition}`;
            const range = wanted.get(key);
            if (!range || !left.has(key)) return;
            for (const message of batch.messages) {
              const offset = Number(message.offset);
              if (offset >= range.from && offset < range.to) each(range.topic, range.partition, message);
            }
            if (Number(batch.lastOffset()) >= range.to - 1) {
              left.delete(key);
              consumer.pause([{ topic: range.topic, partitions: [range.partition] }]);
              if (left.size === 0) resolve();
            }
            await Promise.resolve();
          },
        })
        .catch(reject);
    });
    // Only the ranges' partitions are fetched, each from where its range begins.
    for (const topic of topics) {
      const inRange = [...wanted.values()].filter((r) => r.topic === topic);
      const others = (await admin.fetchTopicOffsets(topic)).map((p) => p.partition).filter((p) => !inRange.some((r) => r.partition === p));
      if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
      for (const r of inRange) consumer.seek({ topic, partition: r.partition, offset: String(r.from) });
    }
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
