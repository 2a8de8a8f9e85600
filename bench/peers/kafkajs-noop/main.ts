import { Topic } from '@app/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { peerEnv, printResult } from '../peer-env';

/**
 * Baseline (b): KafkaJS consuming the catalogue topics and doing nothing else — batches counted, not
 * decoded — with the stream processor's fetch size. Prints the rate from its first batch to its EVENTS-th message.
 */
async function main(): Promise<void> {
  const env = peerEnv('KAFKA_BROKERS', 'GROUP_ID', 'EVENTS', 'FETCH_MAX_BYTES');
  const total = Number(env.EVENTS);
  const fetchBytes = Number(env.FETCH_MAX_BYTES);
  const kafka = new Kafka({ clientId: 'bench-kafkajs-noop', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: env.GROUP_ID, maxBytesPerPartition: fetchBytes, maxBytes: Math.max(fetchBytes, 10 * 1024 * 1024) });
  let count = 0;
  let first: { at: number; count: number } | undefined;
  let finished: (at: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [Topic.ProductEvents, Topic.ReviewEvents], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      count += batch.messages.length;
      first ??= { at: performance.now(), count };
      if (count >= total) finished(performance.now());
    },
  });
  const end = await done;
  await consumer.disconnect();
  const start = first as { at: number; count: number };
  const seconds = (end - start.at) / 1000;
  printResult({ events: count, measuredEvents: count - start.count, seconds, eventsPerSecond: (count - start.count) / seconds });
}

void main().catch((error: unknown) => {
  process.stderr.write(`kafkajs-noop failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
