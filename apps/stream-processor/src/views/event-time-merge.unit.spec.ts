import { ConsumedEvent, PartitionBuffer } from '@app/kafka';
import { DONE, mergeByEventTime, nextByEventTime, WAIT } from './event-time-merge';

const at = (topic: string, offset: number, occurredAt: string): ConsumedEvent =>
  ({ event: { occurredAt } as ConsumedEvent['event'], ctx: { topic, partition: 0, offset: String(offset), key: undefined, timestamp: '0' } });
const ids = (events: ConsumedEvent[]) => events.map((e) => `${e.ctx.topic}${e.ctx.offset}`);
const time = (n: number) => `2024-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;

/** A small deterministic generator, so a failing interleaving can be reproduced. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % below;
  };
}

/**
 * Merges `partitions` through buffers of `capacity` records, fed in random portions at random moments
 * (a partition is fed only while its buffer has room, as the reader does), and checks the bound.
 */
function mergeBounded(partitions: ConsumedEvent[][], capacity: number, seed: number): ConsumedEvent[] {
  const next = random(seed);
  const read = partitions.map(() => 0);
  const buffers = partitions.map((p, i) => new PartitionBuffer(`t${i}`, 0, p.length, capacity));
  const feed = (i: number) => {
    const count = 1 + next(buffers[i].capacity - buffers[i].size);
    for (let n = 0; n < count && read[i] < partitions[i].length; n++) buffers[i].push(partitions[i][read[i]++]);
    if (read[i] === partitions[i].length) buffers[i].ended = true;
  };
  const merged: ConsumedEvent[] = [];
  let mostBuffered = 0;
  for (;;) {
    const feedable = buffers.map((_, i) => i).filter((i) => !buffers[i].ended && !buffers[i].full);
    if (feedable.length > 0 && next(3) === 0) feed(feedable[next(feedable.length)]);
    const pick = nextByEventTime(buffers);
    if (pick === DONE) {
      expect(mostBuffered).toBeLessThanOrEqual(capacity);
      return merged;
    }
    if (pick === WAIT) {
      if (feedable.length === 0) throw new Error('the merge waits for a partition that cannot be fed');
      feed(feedable[next(feedable.length)]);
    } else merged.push(buffers[pick].shift()!);
    mostBuffered = Math.max(mostBuffered, ...buffers.map((b) => b.size));
  }
}

describe('merging partitions by event time', () => {
  it('interleaves topics by event time, ties in the order the partitions were given', () => {
    const products = [at('p', 0, 'T1'), at('p', 1, 'T3')];
    const alerts = [at('a', 0, 'T1'), at('a', 1, 'T4')];
    const orders = [at('o', 0, 'T2')];
    expect(ids(mergeByEventTime([products, alerts, orders]))).toEqual(['p0', 'a0', 'o0', 'p1', 'a1']);
  });

  it("keeps each partition's own order even when its event times go backwards", () => {
    expect(ids(mergeByEventTime([[at('p', 0, 'T5'), at('p', 1, 'T1')], [at('o', 0, 'T3')]]))).toEqual(['o0', 'p0', 'p1']);
  });

  describe('with bounded read-ahead', () => {
    const sources = (...heads: (ConsumedEvent | undefined)[]) => heads.map((head) => ({ head: () => head, ended: false }));

    it('waits while a partition that has not ended has nothing buffered, even if the others have', () => {
      expect(nextByEventTime(sources(at('p', 0, 'T1'), undefined))).toBe(WAIT);
    });

    it('goes on without a partition that ended early, and without empty ones', () => {
      const ended = { head: () => undefined, ended: true };
      expect(nextByEventTime([ended, ...sources(at('p', 0, 'T2'), at('o', 0, 'T1')), ended])).toBe(2);
    });

    it('is done once every partition ended and was drained, also when all were empty', () => {
      expect(nextByEventTime([{ head: () => undefined, ended: true }])).toBe(DONE);
      expect(nextByEventTime([])).toBe(DONE);
    });

    it('picks ties in the order of the partitions', () => {
      expect(nextByEventTime(sources(at('p', 0, 'T1'), at('a', 0, 'T1')))).toBe(0);
    });

    it('merges exactly as with every record at hand, whatever the buffer size and the order the buffers fill in', () => {
      const gen = random(7);
      for (let round = 0; round < 40; round++) {
        // Few distinct times, so ties are frequent; some partitions short or empty, some going backwards.
        const partitions = Array.from({ length: 1 + gen(5) }, (_, p) => Array.from({ length: gen(3) === 0 ? gen(3) : gen(40) }, (_, o) => at(`t${p}-`, o, time(gen(4) === 0 ? gen(60) : Math.min(59, o + gen(5))))));
        const expected = ids(mergeByEventTime(partitions));
        expect(expected).toHaveLength(partitions.flat().length);
        for (const capacity of [1, 2, 5, 100]) expect(ids(mergeBounded(partitions, capacity, round * 31 + capacity))).toEqual(expected);
      }
    });
  });
});
