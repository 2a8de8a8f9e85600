/** A partition's records applied to in-memory state since its last commit: offsets `from` to `to`, inclusive. */
export interface UnflushedRange {
  topic: string;
  partition: number;
  from: string;
  to: string;
}

/**
 * What a stateful consumer has applied but not yet committed, per partition. Offsets are committed only
 * once the state they produced has been flushed; after a failed flush the partitions are read again
 * from `from`.
 */
export class UnflushedOffsets {
  private readonly ranges = new Map<string, UnflushedRange>();

  applied(topic: string, partition: number, first: string, last: string): void {
    const key = `${topic}|${partition}`;
    const known = this.ranges.get(key);
    this.ranges.set(key, { topic, partition, from: known?.from ?? first, to: last });
  }

  isEmpty(): boolean {
    return this.ranges.size === 0;
  }

  /** Everything tracked so far, forgotten here. */
  take(): UnflushedRange[] {
    const all = [...this.ranges.values()];
    this.ranges.clear();
    return all;
  }

  /** Puts ranges back (a commit that failed), merged with what was applied since. */
  restore(ranges: readonly UnflushedRange[]): void {
    for (const r of ranges) {
      const key = `${r.topic}|${r.partition}`;
      const known = this.ranges.get(key);
      this.ranges.set(key, known ? { ...known, from: BigInt(r.from) < BigInt(known.from) ? r.from : known.from } : r);
    }
  }
}

/** The offset to commit after a range: the next record to read. */
export const nextOffset = (range: Pick<UnflushedRange, 'to'>): string => String(BigInt(range.to) + 1n);
