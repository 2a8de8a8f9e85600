import { ConsumedEvent, endOffsets, PartitionEnd, readUntilEnd } from '@app/kafka';
import { Kafka } from 'kafkajs';
import { mergeByEventTime } from './event-time-merge';

const CHUNK = 500;

/**
 * Rebuild mode's first pass: reads the view's topics up to their end offsets at start, applies them
 * merged by event time in chunks, and commits the rebuild group's offsets as it goes (the replay
 * tool's progress). The regular consumer then takes over in the same group from the end offsets.
 * Undecodable records are skipped: live processing dead-lettered them already.
 */
export class ReplayFeed {
  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: string[],
    private readonly sessionTimeoutMs: number,
  ) {}

  async run(apply: (events: ConsumedEvent[]) => Promise<void>): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: PartitionEnd[];
    try {
      const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: this.topics });
      if (committed.some((t) => t.partitions.some((p) => Number(p.offset) >= 0))) return; // a restarted rebuild goes on as a consumer
      ends = await endOffsets(admin, this.topics);
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, sessionTimeout: this.sessionTimeoutMs });
    await consumer.connect();
    try {
      const merged = mergeByEventTime(await readUntilEnd(consumer, this.topics, ends));
      for (let i = 0; i < merged.length; i += CHUNK) {
        const chunk = merged.slice(i, i + CHUNK);
        await apply(chunk);
        const applied = new Map(chunk.map(({ ctx }) => [`${ctx.topic}|${ctx.partition}`, { topic: ctx.topic, partition: ctx.partition, offset: String(Number(ctx.offset) + 1) }]));
        await consumer.commitOffsets([...applied.values()]);
      }
      await consumer.commitOffsets(ends.map(({ topic, partition, high }) => ({ topic, partition, offset: String(high) })));
    } finally {
      await consumer.disconnect();
    }
  }
}
