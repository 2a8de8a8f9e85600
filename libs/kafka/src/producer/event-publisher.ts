import { IHeaders, Kafka, Partitioners, Producer } from 'kafkajs';
import { findPublished, IdentifiedRecord } from './published-records';
import { OutgoingRecord } from './outgoing-record';
import { partitionFor, TopicPartitions } from './topic-partitions';

/**
 * The one Kafka producer of a service: idempotent, acks from all in-sync replicas, one request in
 * flight so a retry can never reorder records of the same key.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;
  private readonly partitions: TopicPartitions;

  constructor(private readonly kafka: Kafka) {
    this.partitions = new TopicPartitions(kafka);
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Same key → same partition as Java clients (murmur2), so other producers agree on placement.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded (about a minute): the outbox keeps what failed and sends it again later, and consumers
      // drop the duplicates a give-up can cause; an unbounded retry would hang on a deleted topic.
      retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  /** Connects once; a failed connect is forgotten, so the next call (the outbox's next poll) tries again. */
  connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  /** Sends records in order, grouped by topic, and resolves once every record is acknowledged. */
  async publish(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, { key: string; value: string; headers?: IHeaders }[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({ key: r.key, value: r.value, ...(r.headers ? { headers: r.headers } : {}) });
      byTopic.set(r.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  /** Where each record will go: the partition the producer's partitioner picks for its key. */
  async placement(records: readonly OutgoingRecord[]): Promise<(record: OutgoingRecord) => number> {
    const counts = await this.partitions.counts(records.map((r) => r.topic));
    return (record) => partitionFor(record.topic, record.key, counts.get(record.topic) ?? 1);
  }

  /** Which of `records` are in Kafka already, sent on or after `since` (published-records.ts). */
  async findPublished(records: readonly IdentifiedRecord[], since: Date, groupPrefix: string): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    return findPublished(this.kafka, await this.placement(records), records, since, groupPrefix);
  }

  async disconnect(): Promise<void> {
    await this.partitions.disconnect();
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
