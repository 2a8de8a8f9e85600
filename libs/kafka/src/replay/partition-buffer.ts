import { ConsumedEvent } from '../consumer/event-consumer';

/**
 * One partition's records read ahead of a replay, oldest first, at most `capacity` of them: its reader
 * stops fetching while it is full. `ended` once the partition's end offset has been read.
 */
export class PartitionBuffer {
  private items: (ConsumedEvent | undefined)[] = [];
  private first = 0;
  ended = false;
  /** The next offset to buffer: records below it were buffered (or skipped) already. */
  nextOffset = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The end offset: records from there on are not part of the replay. */
    readonly end: number,
    readonly capacity: number,
  ) {
    this.ended = end <= 0;
  }

  get size(): number {
    return this.items.length - this.first;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  head(): ConsumedEvent | undefined {
    return this.items[this.first];
  }

  push(event: ConsumedEvent): void {
    this.items.push(event);
  }

  shift(): ConsumedEvent | undefined {
    const head = this.items[this.first];
    this.items[this.first++] = undefined;
    // Compacts once half is read, so the array does not grow with the partition.
    if (this.first * 2 >= this.items.length) {
      this.items = this.items.slice(this.first);
      this.first = 0;
    }
    return head;
  }
}
