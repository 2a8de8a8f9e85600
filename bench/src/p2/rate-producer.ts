import { Topic } from '@app/contracts';
import { Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { CatalogueDataset } from '../dataset/catalogue-dataset';
import { benchProducer } from '../infra/kafka';

export interface RateRun {
  rate: number;
  seconds: number;
  produced: number;
  achievedRate: number;
  sends: number;
  largestSend: number;
}

/**
 * At most this many records per send. With one send in flight, a send that takes long (a loaded broker)
 * makes the next one carry everything that fell due meanwhile; uncapped, 2 s behind at 10,000/s is 20,000
 * records, over 2 MB per partition, and the broker refuses the record batch (message.max.bytes, 1 MB):
 * "The request included a message larger than the max message size the server will accept" — the
 * earlier full run's failure. 1,500 records of ~620 bytes spread over 50 keys and 6 partitions stay
 * well under 1 MB per partition, and allow 10,000/s as long as a send takes under 150 ms.
 */
export const MAX_PER_SEND = 1_500;

/** Called just before a record is handed to KafkaJS: that instant is the event's produce time. */
export type OnProduced = (productId: string, version: number, producedAt: number) => void;

/**
 * A token bucket: every millisecond or so it sends what the rate says is due (one send in flight, so
 * records pile into the next send while Kafka acknowledges), round-robin over the products.
 */
export async function produceAtRate(kafka: Kafka, dataset: CatalogueDataset, productIds: string[], rate: number, seconds: number, onProduced: OnProduced): Promise<RateRun> {
  const producer = benchProducer(kafka);
  await producer.connect();
  const total = Math.round(rate * seconds);
  let sent = 0;
  let sends = 0;
  let largestSend = 0;
  const start = performance.now();
  try {
    while (sent < total) {
      const now = performance.now();
      const due = Math.min(MAX_PER_SEND, Math.min(total, Math.floor(((now - start) / 1000) * rate)) - sent);
      if (due <= 0) {
        await delay(1);
        continue;
      }
      const at = new Date(performance.timeOrigin + now);
      const messages = [];
      for (let k = 0; k < due; k++) {
        const productId = productIds[(sent + k) % productIds.length];
        const { record, version } = dataset.stockAdjusted(productId, at);
        onProduced(productId, version, performance.now());
        messages.push({ key: record.key, value: record.value, headers: record.headers });
      }
      await producer.send({ topic: Topic.ProductEvents, acks: -1, messages });
      sent += due;
      sends++;
      largestSend = Math.max(largestSend, due);
    }
  } finally {
    await producer.disconnect();
  }
  const elapsed = (performance.now() - start) / 1000;
  return { rate, seconds, produced: sent, achievedRate: sent / elapsed, sends, largestSend };
}
