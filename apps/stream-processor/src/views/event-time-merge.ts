import { ConsumedEvent } from '@app/kafka';

/**
 * Merges partitions (each in offset order) into one sequence by event time: repeatedly takes the
 * partition head with the earliest occurredAt (ties: the order of `partitions`). Each partition's own
 * order is kept, so an aggregate's events stay in version order. A rebuild fed this way sees the
 * topics interleaved as live processing did when it kept up, instead of one topic racing ahead.
 */
export function mergeByEventTime(partitions: readonly ConsumedEvent[][]): ConsumedEvent[] {
  const heads = partitions.map(() => 0);
  const merged: ConsumedEvent[] = [];
  for (;;) {
    let pick = -1;
    for (let i = 0; i < partitions.length; i++) {
      const head = partitions[i][heads[i]];
      if (head && (pick < 0 || head.event.occurredAt < partitions[pick][heads[pick]].event.occurredAt)) pick = i;
    }
    if (pick < 0) return merged;
    merged.push(partitions[pick][heads[pick]++]);
  }
}
