import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';
import { RawDeadLetter } from './dead-letter-entry';

const headersOf = (m: KafkaMessage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (value !== undefined) out[name] = (Array.isArray(value) ? value[value.length - 1] : value).toString();
  }
  return out;
};

/**
 * Reads every committed record of the topics up to their end offsets as of now (read_committed, so a
 * transaction still open or aborted is not seen), with a throwaway group that commits nothing.
 * The end is found from each fetched batch's last offset: a partition can end on a transaction
 * marker, which no message carries.
 */
export async function readToEnd(kafka: Kafka, topics: readonly string[], onRecord: (raw: RawDeadLetter) => void, timeoutMs: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.high) > Number(p.low)) ends.set(`${topic}/${p.partition}`, Number(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return;
  const withData = topics.filter((t) => [...ends.keys()].some((k) => k.startsWith(`${t}/`)));
  const consumer = kafka.consumer({ groupId: `redrive-reader-${randomUUID()}`, allowAutoTopicCreation: false, readUncommitted: false });
  const reached = new Set<string>();
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const finished = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const check = () => reached.size >= ends.size && finish();
  const timer = setTimeout(() => fail(new Error(`reading ${withData.join(', ')} did not reach their ends within ${timeoutMs / 1000} s`)), timeoutMs);
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const key = `${payload.topic}/${payload.partition}`;
    if (Number(payload.lastOffset) + 1 >= (ends.get(key) ?? 0)) reached.add(key);
    check();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: withData, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(`${batch.topic}/${batch.partition}`) ?? 0;
        for (const m of batch.messages) {
          if (Number(m.offset) >= end) break;
          onRecord({ topic: batch.topic, partition: batch.partition, offset: m.offset, timestamp: m.timestamp, key: m.key?.toString() ?? null, value: m.value?.toString() ?? null, headers: headersOf(m) });
        }
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
