import { decodeEvent } from '@app/contracts';
import { Consumer, EachBatchPayload } from 'kafkajs';
import { ConsumedEvent } from '../consumer/event-consumer';
import { PartitionBuffer } from './partition-buffer';

/** Where a replay stops reading a partition: its end offset when the replay began (endOffsets). */
export interface PartitionEnd {
  topic: string;
  partition: number;
  high: number;
}

/**
 * Reads partitions up to their end offsets into bounded buffers, concurrently: a partition's fetching
 * is paused while its buffer is full and resumed once half of it was taken, so memory depends on the
 * budget, not on the topics' size. The buffers come in `ends` order. Undecodable records are skipped:
 * live processing dead-lettered them. Offsets are left to the caller to commit.
 */
export class BoundedReader {
  readonly buffers: PartitionBuffer[];
  private readonly byKey: Map<string, PartitionBuffer>;
  private readonly paused = new Set<PartitionBuffer>();
  private wake?: { resolve: () => void; reject: (error: Error) => void };
  private failure?: Error;

  /** `bufferRecords` is the budget of all buffers together, shared evenly by the partitions (at least one record each). */
  constructor(
    private readonly consumer: Consumer,
    private readonly topics: readonly string[],
    ends: readonly PartitionEnd[],
    bufferRecords: number,
  ) {
    const capacity = Math.max(1, Math.floor(bufferRecords / Math.max(1, ends.length)));
    this.buffers = ends.map((e) => new PartitionBuffer(e.topic, e.partition, e.high, capacity));
    this.byKey = new Map(this.buffers.map((b) => [`${b.topic}|${b.partition}`, b]));
  }

  /** Subscribes and starts fetching from the beginning; the consumer must be connected. */
  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.fail(payload.error);
    });
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.fill(payload) });
    this.buffers.filter((b) => b.ended).forEach((b) => this.pause(b));
  }

  /** Resolves once some buffer got records or ended; rejects if the consumer died. */
  changed(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.wake = { resolve, reject }));
  }

  /** Takes the head of a buffer, resuming its fetching once half of it has room again. */
  take(buffer: PartitionBuffer): ConsumedEvent {
    const event = buffer.shift();
    if (!event) throw new Error(`nothing buffered for ${buffer.topic}[${buffer.partition}]`);
    if (this.paused.has(buffer) && !buffer.ended && buffer.size * 2 <= buffer.capacity) {
      this.paused.delete(buffer);
      this.consumer.resume([{ topic: buffer.topic, partitions: [buffer.partition] }]);
    }
    return event;
  }

  private async fill({ batch, resolveOffset }: EachBatchPayload): Promise<void> {
    const buffer = this.byKey.get(`${batch.topic}|${batch.partition}`);
    if (!buffer || buffer.ended) return;
    let whole = true;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset >= buffer.end) break;
      // Unresolved records are fetched again after a resume, and a restarted consumer starts at the commits.
      if (offset >= buffer.nextOffset) {
        if (buffer.full) {
          whole = false;
          break;
        }
        const decoded = decodeEvent(message.value);
        if (decoded.ok) buffer.push({ event: decoded.event, ctx: { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString(), timestamp: message.timestamp } });
        buffer.nextOffset = offset + 1;
      }
      resolveOffset(message.offset);
    }
    if (buffer.nextOffset >= buffer.end || (whole && Number(batch.lastOffset()) + 1 >= buffer.end)) buffer.ended = true;
    if (buffer.ended || buffer.full) this.pause(buffer);
    this.notify();
  }

  private pause(buffer: PartitionBuffer): void {
    if (this.paused.has(buffer)) return;
    this.paused.add(buffer);
    this.consumer.pause([{ topic: buffer.topic, partitions: [buffer.partition] }]);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.resolve();
  }

  private fail(error: Error): void {
    this.failure = error;
    const wake = this.wake;
    this.wake = undefined;
    wake?.reject(error);
  }
}
