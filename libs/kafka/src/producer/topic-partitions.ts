import { Admin, Kafka, PartitionMetadata, Partitioners } from 'kafkajs';

// The producer's own partitioner, so a record is counted on the partition it is really sent to.
const partitioner = Partitioners.DefaultPartitioner();
const metadataOf = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: -1, replicas: [], isr: [], partitionErrorCode: 0 }));

/** The partition the producer puts a keyed record on, for a topic with `count` partitions. */
export function partitionFor(topic: string, key: string, count: number): number {
  return partitioner({ topic, partitionMetadata: metadataOf(count), message: { key, value: null } });
}

/**
 * Partition counts of topics, read from the cluster and kept for a minute. Stale only after partitions
 * were added: then a size estimate can be off, which the broker's refusal and a resend record by record
 * make up for.
 */
export class TopicPartitions {
  private admin?: Promise<Admin>;
  private readonly known = new Map<string, { count: number; readAt: number }>();

  constructor(
    private readonly kafka: Kafka,
    private readonly maxAgeMs = 60_000,
  ) {}

  async counts(topics: readonly string[]): Promise<Map<string, number>> {
    const now = Date.now();
    const stale = [...new Set(topics)].filter((t) => (this.known.get(t)?.readAt ?? -Infinity) < now - this.maxAgeMs);
    if (stale.length > 0) await this.read(stale, now);
    return new Map(topics.map((t) => [t, this.known.get(t)?.count ?? 1]));
  }

  async disconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  private async read(topics: string[], now: number): Promise<void> {
    this.admin ??= this.connect();
    try {
      const { topics: metadata } = await (await this.admin).fetchTopicMetadata({ topics });
      for (const t of metadata) this.known.set(t.name, { count: t.partitions.length, readAt: now });
    } catch (error) {
      await this.disconnect();
      throw error;
    }
  }

  private async connect(): Promise<Admin> {
    const admin = this.kafka.admin();
    await admin.connect();
    return admin;
  }
}
