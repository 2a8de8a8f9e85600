import { decodeEvent, PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { isDuplicateKeyError } from '@app/mongo/mongo-errors';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { peerEnv, printResult } from '../peer-env';

interface CatalogueDoc {
  _id: string;
  name?: string;
  description?: string;
  price?: number;
  stock?: number;
  productVersion: number;
  reviewCount: number;
  ratingSum: number;
  reviewSeq: number;
}

/**
 * Baseline (a), the original design: KafkaJS eachMessage and one `updateOne` per consumed message
 * (guarded by the event's version so a redelivery changes nothing). Stops after EVENTS messages (of
 * products whose id starts with ID_PREFIX, if set) and
 * prints the rate from the first message to the last write.
 */
async function main(): Promise<void> {
  const env = peerEnv('KAFKA_BROKERS', 'MONGO_URL', 'MONGO_DB', 'GROUP_ID', 'EVENTS');
  const total = Number(env.EVENTS);
  // On a shared runtime the topics hold other runs' events too: only this run's products (keys) count.
  const prefix = process.env.ID_PREFIX ?? '';
  const mongo = await new MongoClient(env.MONGO_URL).connect();
  const catalogue = mongo.db(env.MONGO_DB).collection<CatalogueDoc>('catalogue');
  const kafka = new Kafka({ clientId: 'bench-naive-catalogue', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: env.GROUP_ID });
  let count = 0;
  let firstAt = 0;
  let finished: (at: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));

  await consumer.connect();
  await consumer.subscribe({ topics: [Topic.ProductEvents, Topic.ReviewEvents], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (count >= total || !(message.key?.toString() ?? '').startsWith(prefix)) return;
      firstAt ||= performance.now();
      const decoded = decodeEvent(message.value);
      if (!decoded.ok) throw new Error(`undecodable record: ${decoded.reason}`);
      const { event } = decoded;
      try {
        if (event.type === PRODUCT_CHANGED) {
          const { name, description, price, stock } = event.payload.product;
          await catalogue.updateOne(
            { _id: event.aggregateId, productVersion: { $lt: event.aggregateVersion } },
            { $set: { name, description, price, stock, productVersion: event.aggregateVersion }, $setOnInsert: { reviewCount: 0, ratingSum: 0, reviewSeq: 0 } },
            { upsert: true },
          );
        } else if (event.type === REVIEW_ADDED) {
          await catalogue.updateOne(
            { _id: event.aggregateId, reviewSeq: { $lt: event.aggregateVersion } },
            { $inc: { reviewCount: 1, ratingSum: event.payload.rating }, $set: { reviewSeq: event.aggregateVersion }, $setOnInsert: { productVersion: 0 } },
            { upsert: true },
          );
        }
      } catch (error) {
        // The upsert collides with a document already at this version or beyond: a redelivery, nothing to do.
        if (!isDuplicateKeyError(error)) throw error;
      }
      if (++count === total) finished(performance.now());
    },
  });
  const end = await done;
  await consumer.disconnect();
  await mongo.close();
  const seconds = (end - firstAt) / 1000;
  printResult({ events: count, seconds, eventsPerSecond: count / seconds });
}

void main().catch((error: unknown) => {
  process.stderr.write(`naive-catalogue failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
