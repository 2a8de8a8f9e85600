import { ConsumedEvent } from '@app/kafka';
import { mergeByEventTime } from './event-time-merge';

const at = (topic: string, offset: number, occurredAt: string): ConsumedEvent =>
  ({ event: { occurredAt } as ConsumedEvent['event'], ctx: { topic, partition: 0, offset: String(offset), key: undefined, timestamp: '0' } });
const ids = (events: ConsumedEvent[]) => events.map((e) => `${e.ctx.topic}${e.ctx.offset}`);

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
});
