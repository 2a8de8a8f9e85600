import { decodeEvent } from '@app/contracts';
import { Admin, Consumer } from 'kafkajs';
import { ConsumedEvent } from '../consumer/event-consumer';

export interface PartitionEnd {
  topic: string;
  partition: number;
  high: number;
}

/** Where each partition of `topics` ends now: a replay reads up to there. */
export async function endOffsets(admin: Admin, topics: readonly string[]): Promise<PartitionEnd[]> {
  const ends: PartitionEnd[] = [];
  for (const topic of topics) for (const o of await admin.fetchTopicOffsets(topic)) ends.push({ topic, partition: o.partition, high: Number(o.high) });
  return ends;
}

/**
 * Every decodable record below `ends`, one array per partition in offset order (topics in the given
 * order), read by a connected consumer that is left paused. Undecodable records are skipped: live
 * processing dead-lettered them.
 */
export async function readUntilEnd(consumer: Consumer, topics: readonly string[], ends: readonly PartitionEnd[]): Promise<ConsumedEvent[][]> {
  const byPartition = new Map(ends.map((e) => [`${e.topic}|${e.partition}`, [] as ConsumedEvent[]]));
  const endOf = new Map(ends.filter((e) => e.high > 0).map((e) => [`${e.topic}|${e.partition}`, e.high]));
  const reached = new Set<string>();
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const check = () => [...endOf.keys()].every((k) => reached.has(k)) && done();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const key = `${batch.topic}|${batch.partition}`;
      const high = endOf.get(key) ?? 0;
      if (reached.has(key)) return;
      for (const message of batch.messages) {
        if (Number(message.offset) >= high) break;
        const decoded = decodeEvent(message.value);
        const ctx = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString(), timestamp: message.timestamp };
        if (decoded.ok) byPartition.get(key)?.push({ event: decoded.event, ctx });
      }
      if (Number(batch.lastOffset()) + 1 >= high) reached.add(key);
      check();
    },
  });
  check();
  await finished;
  consumer.pause(topics.map((topic) => ({ topic })));
  return topics.flatMap((topic) => ends.filter((e) => e.topic === topic).map((e) => byPartition.get(`${topic}|${e.partition}`) ?? []));
}
