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
}

const MAX_PER_SEND = 500;

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
  const start = performance.now();
  try {
    while (sent < total) {
      const now = performance.now();
      // Capped so one request stays far below the broker's 1 MB record-batch limit when sends fall behind.
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
    }
  } finally {
    await producer.disconnect();
  }
  const elapsed = (performance.now() - start) / 1000;
  return { rate, seconds, produced: sent, achievedRate: sent / elapsed };
}
