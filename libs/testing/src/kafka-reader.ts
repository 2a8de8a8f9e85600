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
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]));
  const records: ReadRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Set<number>();
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      records.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers: headersOf(message) });
      if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) done.add(partition);
    },
  });
  try {
    await waitFor(() => done.size >= remaining.size, { timeoutMs: 60_000, what: `reading ${topic} to its end` });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
