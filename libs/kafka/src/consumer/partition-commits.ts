import { Consumer, EachBatchPayload } from 'kafkajs';
import { Logger } from 'pino';
import { isRebalanceError } from './retry-loop';
import { StatefulHandler } from './stateful-handler';
import { nextOffset, UnflushedOffsets, UnflushedRange } from './unflushed-offsets';

/**
 * The stateful consumer's commit path: which partitions this member has owned, and since when, and the
 * commit of flushed offsets for those alone.
 *
 * Per owned partition it keeps the generation since which this member has owned it without a break.
 * Offsets applied or taken before that are never committed: the partition was another member's in
 * between, which read it from the committed offset and may have written past them (its event index
 * slices would straddle such a commit). A join under a new member id (this one was dropped from the
 * group) breaks every ownership: the generations in between are unknown.
 */
export class PartitionCommits {
  private current = 0;
  private readonly ownedSince = new Map<string, number>();
  private memberId?: string;
  private joinedOnce = false;
  /**
   * The latest batch's commitOffsetsIfNecessary: commits at once under KafkaJS' generation of the moment,
   * and fails rather than retries. consumer.commitOffsets retries a failed commit inside KafkaJS, and a
   * retry after a join goes out under the new generation, which the broker accepts, for partitions this
   * member may no longer own (proof 38: a partition's committed offset went back and forth between two
   * members' offsets within one generation).
   */
  private commitNow?: EachBatchPayload['commitOffsetsIfNecessary'];

  constructor(
    private readonly unflushed: UnflushedOffsets,
    private readonly handler: Pick<StatefulHandler, 'holdsCommit'>,
    private readonly consumer: Pick<Consumer, 'commitOffsets'>,
    private readonly logger: Logger,
  ) {}

  /** Bumped on every join. */
  get generation(): number {
    return this.current;
  }

  /** A join: ownership of the partitions kept goes on, and what was applied to one not owned throughout is never committed (it is read again). */
  joined(assignment: Record<string, number[]>, memberId?: string): void {
    this.current++;
    this.joinedOnce = true;
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}|${p}`)));
    const sameMember = memberId === this.memberId;
    this.memberId = memberId;
    for (const key of [...this.ownedSince.keys()]) if (!owned.has(key) || !sameMember) this.ownedSince.delete(key);
    for (const key of owned) if (!this.ownedSince.has(key)) this.ownedSince.set(key, this.current);
    this.unflushed.restore(this.unflushed.take().filter((r) => this.ownedThroughout(r, this.current - 1)));
  }

  /** Commits go through the latest batch's payload (see commitNow). */
  batchCommits(commit: EachBatchPayload['commitOffsetsIfNecessary']): void {
    this.commitNow = commit;
  }

  /** The ranges taken in generation `since`, less those of partitions this member has not owned throughout since (none without a join since). */
  stillOwned(ranges: UnflushedRange[], since: number): UnflushedRange[] {
    return since === this.current ? ranges : ranges.filter((r) => this.ownedThroughout(r, since));
  }

  /** Whether this member has owned the range's partition without a break since generation `since` (or before it). */
  ownedThroughout(range: Pick<UnflushedRange, 'topic' | 'partition'>, since: number): boolean {
    if (!this.joinedOnce) return true;
    return (this.ownedSince.get(`${range.topic}|${range.partition}`) ?? Infinity) <= since;
  }

  /** Commits the flushed ranges this member owns. False when Kafka refused it: the offsets are kept for the next flush to commit. */
  async commit(ranges: UnflushedRange[]): Promise<boolean> {
    const mine = ranges.filter((r) => this.ownedThroughout(r, this.current));
    // Held by the handler: kept for a later flush to commit (written already; read again after a crash, and recognised).
    const held = mine.filter((r) => this.handler.holdsCommit?.(r.topic, r.partition, r.to) ?? false);
    this.unflushed.restore(held);
    const owned = mine.filter((r) => !held.includes(r));
    if (owned.length === 0) return true;
    try {
      const offsets = owned.map((r) => ({ topic: r.topic, partition: r.partition, offset: nextOffset(r) }));
      if (this.commitNow) await this.commitNow({ topics: [...new Set(offsets.map((o) => o.topic))].map((topic) => ({ topic, partitions: offsets.filter((o) => o.topic === topic).map(({ partition, offset }) => ({ partition, offset })) })) });
      else await this.consumer.commitOffsets(offsets);
      this.logger.debug({ offsets, from: owned.map((r) => r.from) }, 'offsets committed');
      return true;
    } catch (error) {
      // Flushed already: the next due flush commits them, or they are read again (and recognised) after a rejoin.
      this.unflushed.restore(owned);
      this.logger.warn({ err: error, rebalancing: isRebalanceError(error) }, 'could not commit flushed offsets; the next due flush commits them');
      return false;
    }
  }
}
