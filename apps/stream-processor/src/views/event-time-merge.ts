import { ConsumedEvent } from '@app/kafka';

/** A partition as the merge sees it: its next record, if one is here, and whether more can come. */
export interface MergeSource {
  head(): ConsumedEvent | undefined;
  /** No record will come after the ones buffered. */
  readonly ended: boolean;
}

export const WAIT = 'wait';
export const DONE = 'done';

/**
 * Which source's head comes next by event time: the earliest occurredAt (ties: the order of `sources`).
 * Each source's own order is kept, so an aggregate's events stay in version order. The pick is only
 * made while every source that has not ended has a head (else WAIT: a record still to come may be
 * earlier), so bounded read-ahead merges exactly as if every record were at hand. DONE when all ended
 * and were drained. A rebuild fed this way sees the topics interleaved as live processing did when it
 * kept up, instead of one topic racing ahead.
 */
export function nextByEventTime(sources: readonly MergeSource[]): number | typeof WAIT | typeof DONE {
  let pick = -1;
  let earliest: ConsumedEvent | undefined;
  for (let i = 0; i < sources.length; i++) {
    const head = sources[i].head();
    if (!head) {
      if (!sources[i].ended) return WAIT;
      continue;
    }
    if (!earliest || head.event.occurredAt < earliest.event.occurredAt) {
      pick = i;
      earliest = head;
    }
  }
  return pick < 0 ? DONE : pick;
}

/** Merges whole partitions (each in offset order) into one sequence by event time. */
export function mergeByEventTime(partitions: readonly ConsumedEvent[][]): ConsumedEvent[] {
  const heads = partitions.map(() => 0);
  const sources = partitions.map((p, i): MergeSource => ({ head: () => p[heads[i]], ended: true }));
  const merged: ConsumedEvent[] = [];
  for (let pick = nextByEventTime(sources); typeof pick === 'number'; pick = nextByEventTime(sources)) merged.push(partitions[pick][heads[pick]++]);
  return merged;
}
