import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { uniqueName } from './unique';
import { waitFor } from './wait-for';

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

const headersOf = (m: KafkaMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString() : String(v)]));

export const testKafka = (brokers: string): Kafka => new Kafka({ clientId: uniqueName('test'), brokers: brokers.split(','), logLevel: logLevel.NOTHING });

/** Reads every record of a topic from the beginning up to its current end offsets. */
export async function readTopic(kafka: Kafka, topic: string): Promise<ReadRecord[]> {
  return readTopics(kafka, [topic]);
}

/** Reads every record of the topics from the beginning up to their current end offsets, with one consumer (one group join). */
export async function readTopics(kafka: Kafka, topics: string[]): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  try {
    for (const topic of topics) {
      for (const e of await admin.fetchTopicOffsets(topic)) if (Number(e.high) > Number(e.low)) remaining.set(`${topic}:${e.partition}`, Number(e.high));
    }
  } finally {
    await admin.disconnect();
  }
  const records: ReadRecord[] = [];
  if (remaining.size === 0) return records;
  const withData = topics.filter((t) => [...remaining.keys()].some((k) => k.startsWith(`${t}:`)));
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: withData, fromBeginning: true });
  const done = new Set<string>();
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      records.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers: headersOf(message) });
      if (Number(message.offset) + 1 >= (remaining.get(`${topic}:${partition}`) ?? 0)) done.add(`${topic}:${partition}`);
    },
  });
  try {
    await waitFor(() => done.size >= remaining.size, { timeoutMs: 60_000 * withData.length, what: `reading ${withData.join(', ')} to their ends` });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
