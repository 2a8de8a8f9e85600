import { KnownEvent } from '@app/contracts';
import { ConsumedEvent } from './consumed-event';
import { rejectersOf } from './dead-letter';
import { FanOutHandler } from './fan-out-handler';
import { StatefulHandler } from './stateful-handler';

const record = (topic: string, offset: number, id = `e${offset}`, partition = 0): ConsumedEvent => ({
  event: { eventId: id, aggregateId: id } as unknown as KnownEvent,
  ctx: { topic, partition, offset: String(offset), key: id, timestamp: '0' },
});

/** A member that records what it was given, and fails (or conflicts) as the test says. */
function member(fail: { apply?: () => Error | undefined; flush?: () => Error | 'conflict' | undefined } = {}) {
  const state = {
    applied: [] as string[],
    pending: 0,
    flushes: 0,
    resets: 0,
    assignments: [] as Record<string, number[]>[],
  };
  const handler: StatefulHandler = {
    apply: async (events) => {
      const error = fail.apply?.();
      if (error) throw error;
      state.applied.push(...events.map((e) => `${e.ctx.topic}@${e.ctx.offset}`));
      state.pending += events.length;
    },
    pending: () => state.pending,
    flush: async () => {
      state.flushes++;
      const taken = state.pending;
      await new Promise((r) => setTimeout(r, 5));
      const outcome = fail.flush?.();
      if (outcome === 'conflict') return 'conflict';
      if (outcome) throw outcome;
      state.pending -= taken;
      return 'ok';
    },
    reset: () => {
      state.resets++;
      state.pending = 0;
    },
    assigned: (assignment) => void state.assignments.push(assignment),
  };
  return { state, handler };
}

describe('FanOutHandler: one consumer for several stateful handlers (no servers)', () => {
  it('gives each record to every member that reads its topic, and to no other', async () => {
    const catalogue = member();
    const history = member();
    const fanOut = new FanOutHandler([
      { name: 'sp.catalogue', topics: ['products'], handler: catalogue.handler },
      { name: 'sp.history', topics: ['products', 'customers'], handler: history.handler },
    ]);
    await fanOut.apply([record('products', 1), record('products', 2)]);
    await fanOut.apply([record('customers', 7)]);
    expect(catalogue.state.applied).toEqual(['products@1', 'products@2']);
    expect(history.state.applied).toEqual(['products@1', 'products@2', 'customers@7']);
    expect(fanOut.pending()).toBe(5);
    expect(fanOut.readersOf('products')).toEqual(['sp.catalogue', 'sp.history']);
    expect(fanOut.readersOf('customers')).toEqual(['sp.history']);
  });

  it('a batch retried after one member failed is not applied again to the members that took it; a reset gives it to all again', async () => {
    let down = true;
    const first = member();
    const second = member({ apply: () => (down ? new Error('store down') : undefined) });
    const fanOut = new FanOutHandler([
      { name: 'a', topics: ['t'], handler: first.handler },
      { name: 'b', topics: ['t'], handler: second.handler },
    ]);
    const batch = [record('t', 10), record('t', 11)];
    await expect(fanOut.apply(batch)).rejects.toThrow('store down');
    down = false;
    await fanOut.apply(batch);
    // The record-by-record replay of a rejected batch is a retry too.
    await fanOut.apply([batch[1]]);
    expect(first.state.applied).toEqual(['t@10', 't@11']);
    expect(second.state.applied).toEqual(['t@10', 't@11']);

    fanOut.reset();
    expect([first.state.resets, second.state.resets]).toEqual([1, 1]);
    await fanOut.apply(batch);
    expect(first.state.applied).toEqual(['t@10', 't@11', 't@10', 't@11']);
    expect(second.state.applied).toEqual(['t@10', 't@11', 't@10', 't@11']);
  });

  it('keeps what each member took per partition: a later batch of another partition is not taken for a redelivery', async () => {
    const only = member();
    const fanOut = new FanOutHandler([{ name: 'a', topics: ['t'], handler: only.handler }]);
    await fanOut.apply([record('t', 50, 'x', 0)]);
    await fanOut.apply([record('t', 3, 'y', 1)]);
    await fanOut.apply([record('t', 50, 'x', 0)]);
    expect(only.state.applied).toEqual(['t@50', 't@3']);
  });

  it('notes which member rejected a record, so its dead letter names that member only', async () => {
    const rejection = new Error('no such product');
    const fanOut = new FanOutHandler([
      { name: 'sp.catalogue', topics: ['t'], handler: member().handler },
      { name: 'sp.alerts', topics: ['t'], handler: member({ apply: () => rejection }).handler },
    ]);
    await expect(fanOut.apply([record('t', 1)])).rejects.toBe(rejection);
    expect(rejectersOf(rejection)).toEqual(['sp.alerts']);
  });

  it('flushes only the members with something pending, all at once; a conflict in one is a conflict of the whole', async () => {
    let conflict = false;
    const a = member({ flush: () => (conflict ? 'conflict' : undefined) });
    const b = member();
    const idle = member();
    const fanOut = new FanOutHandler([
      { name: 'a', topics: ['t'], handler: a.handler },
      { name: 'b', topics: ['t'], handler: b.handler },
      { name: 'idle', topics: ['other'], handler: idle.handler },
    ]);
    await fanOut.apply([record('t', 1)]);
    expect(await fanOut.flush()).toBe('ok');
    expect([a.state.flushes, b.state.flushes, idle.state.flushes]).toEqual([1, 1, 0]);
    expect(fanOut.pending()).toBe(0);

    conflict = true;
    await fanOut.apply([record('t', 2)]);
    expect(await fanOut.flush()).toBe('conflict');
    expect(b.state.pending).toBe(0);
  });

  it('a failed flush is thrown only once every member\'s flush has ended, so a retry never overlaps one still writing', async () => {
    const failing = member({ flush: () => new Error('store down') });
    const slow = member();
    const fanOut = new FanOutHandler([
      { name: 'failing', topics: ['t'], handler: failing.handler },
      { name: 'slow', topics: ['t'], handler: { ...slow.handler, flush: async () => { await new Promise((r) => setTimeout(r, 30)); return slow.handler.flush(); } } },
    ]);
    await fanOut.apply([record('t', 1)]);
    await expect(fanOut.flush()).rejects.toThrow('store down');
    expect(slow.state.flushes).toBe(1);
    expect(slow.state.pending).toBe(0);
  });

  it('tells every member its assignment', () => {
    const a = member();
    const b = member();
    const fanOut = new FanOutHandler([
      { name: 'a', topics: ['t'], handler: a.handler },
      { name: 'b', topics: ['u'], handler: b.handler },
    ]);
    fanOut.assigned({ t: [0], u: [0] });
    expect([a.state.assignments, b.state.assignments]).toEqual([[{ t: [0], u: [0] }], [{ t: [0], u: [0] }]]);
  });
});
