import { Admin, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

/** A KafkaJS client for the benchmark's own broker (errors only: the harness reports what matters). */
export const benchKafka = (brokers: string[], clientId = 'bench'): Kafka => new Kafka({ clientId, brokers, logLevel: logLevel.ERROR });

/** Like the services' EventPublisher: idempotent, acks from all replicas, the Java-compatible partitioner. */
export function benchProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
}

/** Records in the topics (sum of high watermarks minus low ones). */
export async function recordCount(admin: Admin, topics: string[]): Promise<number> {
  let n = 0;
  for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) n += Number(p.high) - Number(p.low);
  return n;
}
