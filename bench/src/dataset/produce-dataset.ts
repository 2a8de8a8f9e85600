import { Kafka } from 'kafkajs';
import { benchProducer } from '../infra/kafka';
import { CatalogueDataset } from './catalogue-dataset';

export interface ProduceReport {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  bytes: number;
  batchSize: number;
  compression: 'none';
}

/** A steady stream instead of as fast as Kafka takes it: at most `ratePerSecond`, each batch's progress told. */
export interface Pace {
  ratePerSecond: number;
  produced(events: number): void;
}

/**
 * Produces the dataset in big batches (acks from all replicas, idempotent, uncompressed like the
 * services' publisher), one batch in flight so a key's records keep their order.
 */
export async function produceDataset(kafka: Kafka, dataset: CatalogueDataset, batchSize: number, pace?: Pace): Promise<ProduceReport> {
  const producer = benchProducer(kafka);
  await producer.connect();
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  try {
    for (const chunk of dataset.chunks(batchSize)) {
      const byTopic = new Map<string, { key: string; value: string; headers?: Record<string, string> }[]>();
      for (const { topic, key, value, headers } of chunk) {
        const list = byTopic.get(topic) ?? [];
        list.push({ key, value, headers });
        byTopic.set(topic, list);
        bytes += value.length;
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      events += chunk.length;
      if (!pace) continue;
      pace.produced(events);
      const due = started + (1000 * events) / pace.ratePerSecond;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    }
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds, bytes, batchSize, compression: 'none' };
}
