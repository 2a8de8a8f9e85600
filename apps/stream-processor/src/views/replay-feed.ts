import { BoundedReader, ConsumedEvent, endOffsets, PartitionEnd } from '@app/kafka';
import { Consumer, Kafka } from 'kafkajs';
import { DONE, nextByEventTime, WAIT } from './event-time-merge';

export interface ReplayFeedOptions {
  /** Events handed to `apply` at once (the last chunk may be smaller). */
  chunkSize: number;
  /** Records read ahead, all partitions together: what bounds the feed's memory. */
  bufferRecords: number;
  /** Upper bound of one partition's fetch: read-ahead beyond a full buffer is fetched again later. */
  maxBytesPerPartition: number;
}

const DEFAULTS: ReplayFeedOptions = { chunkSize: 2000, bufferRecords: 20_000, maxBytesPerPartition: 256 * 1024 };

/**
 * Rebuild mode's first pass: reads the view's topics up to their end offsets at start, merged by event
 * time as it reads (bounded read-ahead per partition, so memory does not grow with the topics), applies
 * them in chunks, and commits the rebuild group's offsets after each (the replay tool's progress). The
 * regular consumer then takes over in the same group from the end offsets. Undecodable records are
 * skipped: live processing dead-lettered them.
 */
export class ReplayFeed {
  private readonly options: ReplayFeedOptions;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: string[],
    private readonly sessionTimeoutMs: number,
    options: Partial<ReplayFeedOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async run(apply: (events: ConsumedEvent[]) => Promise<void>): Promise<void> {
    const ends = await this.endsUnlessStarted();
    if (!ends) return; // a restarted rebuild goes on as a consumer
    const { maxBytesPerPartition } = this.options;
    // A short fetch wait: with every buffer full the fetcher sleeps that long before it sees a resume.
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, sessionTimeout: this.sessionTimeoutMs, maxBytesPerPartition, maxBytes: Math.max(maxBytesPerPartition, 10 * 1024 * 1024), maxWaitTimeInMs: 50 });
    await consumer.connect();
    try {
      await this.feed(consumer, ends, apply);
      await consumer.commitOffsets(ends.map(({ topic, partition, high }) => ({ topic, partition, offset: String(high) })));
    } finally {
      await consumer.disconnect();
    }
  }

  private async endsUnlessStarted(): Promise<PartitionEnd[] | undefined> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: this.topics });
      if (committed.some((t) => t.partitions.some((p) => Number(p.offset) >= 0))) return undefined;
      return await endOffsets(admin, this.topics);
    } finally {
      await admin.disconnect();
    }
  }

  private async feed(consumer: Consumer, ends: PartitionEnd[], apply: (events: ConsumedEvent[]) => Promise<void>): Promise<void> {
    const reader = new BoundedReader(consumer, this.topics, ends, this.options.bufferRecords);
    await reader.start();
    const applyAndCommit = async (chunk: ConsumedEvent[]) => {
      await apply(chunk);
      const applied = new Map(chunk.map(({ ctx }) => [`${ctx.topic}|${ctx.partition}`, { topic: ctx.topic, partition: ctx.partition, offset: String(Number(ctx.offset) + 1) }]));
      await consumer.commitOffsets([...applied.values()]);
    };
    let chunk: ConsumedEvent[] = [];
    for (;;) {
      const pick = nextByEventTime(reader.buffers);
      if (pick === DONE) break;
      if (pick === WAIT) await reader.changed();
      else {
        chunk.push(reader.take(reader.buffers[pick]));
        if (chunk.length < this.options.chunkSize) continue;
        await applyAndCommit(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await applyAndCommit(chunk);
  }
}
