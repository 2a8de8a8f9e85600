import { EachBatchPayload } from 'kafkajs';
import { Logger } from 'pino';

/** How far this member has read its partitions: whether it is caught up, and where reading (re)started. */
export class ReadProgress {
  /** Partitions whose last batch had not reached the log end: caught up is none of them (one topic at its end says nothing of the others). */
  private readonly behind = new Set<string>();
  /** Partitions read since the last join or dropped state: the first batch of each says where reading (re)started (debug log). */
  private readonly reading = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /**
   * A batch read. Caught up: every partition's last batch reached the log end as it was when fetched (a
   * large fetch while catching up does not). A consumer of several topics is not caught up because a
   * quiet one is.
   */
  read(batch: EachBatchPayload['batch']): { caughtUp: boolean } {
    const partition = `${batch.topic}|${batch.partition}`;
    if (!this.reading.has(partition)) {
      this.reading.add(partition);
      this.logger.debug({ topic: batch.topic, partition: batch.partition, from: batch.firstOffset() }, 'reading a partition from');
    }
    if (batch.offsetLag() === '0') this.behind.delete(partition);
    else this.behind.add(partition);
    return { caughtUp: this.behind.size === 0 };
  }

  joined(): void {
    this.behind.clear();
    this.reading.clear();
  }

  /** The state was dropped: reading starts again from the committed offsets. */
  dropped(): void {
    this.reading.clear();
  }
}
