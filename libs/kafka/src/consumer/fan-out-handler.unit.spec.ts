import { KnownEvent } from '@app/contracts';
import { ConsumedEvent } from './consumed-event';
import { rejectersOf } from './dead-letter';
import { FanOutHandler } from './fan-out-handler';
import { StatefulHandler } from './stateful-handler';

const NO_EVICTION = { evictAt: Number.POSITIVE_INFINITY };

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
    /** Resets that came while one of its writes ran: the write's state dropped under it. */
    resetsUnderWrite: 0,
    assignments: [] as Record<string, number[]>[],
    writing: 0,
    mostWritingAtOnce: 0,
    /** How many records a flush's call saw applied (what it took). */
    snapshots: [] as number[],
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
      state.snapshots.push(state.applied.length);
      state.flushes++;
      state.writing++;
      state.mostWritingAtOnce = Math.max(state.mostWritingAtOnce, state.writing);
      const taken = state.pending;
      await new Promise((r) => setTimeout(r, 5));
      state.writing--;
      const outcome = fail.flush?.();
      if (outcome === 'conflict') return 'conflict';
      if (outcome) throw outcome;
      state.pending -= taken;
      return 'ok';
    },
    reset: () => {
      state.resets++;
      if (state.writing > 0) state.resetsUnderWrite++;
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
    ], NO_EVICTION);
    await fanOut.apply([record('products', 1), record('products', 2)]);
    await fanOut.apply([record('customers', 7)]);
    expect(catalogue.state.applied).toEqual(['products@1', 'products@2']);
    expect(history.state.applied).toEqual(['products@1', 'products@2', 'customers@7']);
    // A member's own bound counts, not the sum.
    expect(fanOut.pending()).toBe(3);
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
    ], NO_EVICTION);
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
    const fanOut = new FanOutHandler([{ name: 'a', topics: ['t'], handler: only.handler }], NO_EVICTION);
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
    ], NO_EVICTION);
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
    ], NO_EVICTION);
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
    ], NO_EVICTION);
    await fanOut.apply([record('t', 1)]);
    await expect(fanOut.flush()).rejects.toThrow('store down');
    expect(slow.state.flushes).toBe(1);
    expect(slow.state.pending).toBe(0);
  });

  it('writes a member that reaches its bound alone, between flushes, while applying goes on; the flush then writes what is left of every member', async () => {
    const history = member();
    const catalogue = member();
    const fanOut = new FanOutHandler([
      { name: 'history', topics: ['t'], handler: history.handler },
      { name: 'catalogue', topics: ['t'], handler: catalogue.handler },
    ], { evictAt: 3 });
    await fanOut.apply([record('t', 1), record('t', 2), record('t', 3)]);
    // Both reached 3 keys: each is written alone, and the apply did not wait for the writes.
    expect([history.state.flushes, catalogue.state.flushes]).toEqual([1, 1]);
    expect(history.state.writing + catalogue.state.writing).toBe(2);
    // Nothing may be committed while an eviction is written.
    expect(fanOut.pending()).toBeGreaterThan(0);
    await fanOut.apply([record('t', 4)]);
    expect(await fanOut.flush()).toBe('ok');
    expect(fanOut.pending()).toBe(0);
    expect([history.state.mostWritingAtOnce, catalogue.state.mostWritingAtOnce]).toEqual([1, 1]);
  });

  it('keeps each member to its own bound: a member filling up fast does not make the others write', async () => {
    const history = member();
    const catalogue = member();
    const fanOut = new FanOutHandler([
      { name: 'history', topics: ['t', 'u'], handler: history.handler },
      { name: 'catalogue', topics: ['t'], handler: catalogue.handler },
    ], { evictAt: 3 });
    await fanOut.apply([record('u', 1), record('u', 2), record('u', 3)]);
    await fanOut.apply([record('t', 1)]);
    expect([history.state.flushes, catalogue.state.flushes]).toEqual([1, 0]);
    expect(await fanOut.flush()).toBe('ok');
    expect([history.state.flushes, catalogue.state.flushes]).toEqual([2, 1]);
  });

  it('a member still over its bound while its eviction is written waits for it (what bounds its memory)', async () => {
    const history = member();
    const fanOut = new FanOutHandler([{ name: 'history', topics: ['t'], handler: history.handler }], { evictAt: 2 });
    await fanOut.apply([record('t', 1), record('t', 2)]);
    expect(history.state.writing).toBe(1);
    await fanOut.apply([record('t', 3), record('t', 4), record('t', 5)]);
    // The first eviction had landed before the second started: never two writes of one member at once.
    expect(history.state.flushes).toBe(2);
    expect(history.state.mostWritingAtOnce).toBe(1);
    expect(await fanOut.flush()).toBe('ok');
  });

  it('an eviction that met a conflict makes the next flush a conflict, and a reset forgets it', async () => {
    let conflict = true;
    const history = member({ flush: () => (conflict ? 'conflict' : undefined) });
    const fanOut = new FanOutHandler([{ name: 'history', topics: ['t'], handler: history.handler }], { evictAt: 1 });
    await fanOut.apply([record('t', 1)]);
    await new Promise((r) => setTimeout(r, 20));
    expect(fanOut.full()).toBe(true);
    expect(await fanOut.flush()).toBe('conflict');
    conflict = false;
    fanOut.reset();
    await fanOut.apply([record('t', 1)]);
    expect(await fanOut.flush()).toBe('ok');
  });

  it('a failed eviction is reported and its keys wait for the flush, which writes them', async () => {
    let down = true;
    const failures: string[] = [];
    const history = member({ flush: () => (down ? new Error('store down') : undefined) });
    const fanOut = new FanOutHandler([{ name: 'history', topics: ['t'], handler: history.handler }], { evictAt: 1, evictionFailed: (name, error) => failures.push(`${name}: ${(error as Error).message}`) });
    await fanOut.apply([record('t', 1)]);
    expect(fanOut.full()).toBe(false);
    await expect(fanOut.flush()).rejects.toThrow('store down');
    expect(failures).toEqual(['history: store down']);
    // The consumer flushes at once (and retries under its failure policy); the member is not evicted again meanwhile.
    expect(fanOut.full()).toBe(true);
    await fanOut.apply([record('t', 2)]);
    expect(history.state.flushes).toBe(2);
    down = false;
    expect(await fanOut.flush()).toBe('ok');
    expect(history.state.pending).toBe(0);
    expect(fanOut.full()).toBe(false);
  });

  it('a reset while a member\'s eviction is written drops the state only once the write has ended; what is applied after the reset waits for it', async () => {
    const history = member();
    const fanOut = new FanOutHandler([{ name: 'history', topics: ['t'], handler: history.handler }], { evictAt: 1 });
    await fanOut.apply([record('t', 1)]);
    expect(history.state.writing).toBe(1);
    fanOut.reset();
    expect(history.state.resets).toBe(0);
    // The records read again after the reset: applied onto the dropped state, after the write ended.
    await fanOut.apply([record('t', 1)]);
    expect(history.state.resets).toBe(1);
    expect(history.state.writing).toBe(1);
    expect(history.state.applied).toEqual(['t@1', 't@1']);
    expect(await fanOut.flush()).toBe('ok');
    expect(history.state.mostWritingAtOnce).toBe(1);
  });

  it('a flush takes every member\'s state as it was when it was called, though an eviction was in flight: what is applied meanwhile waits', async () => {
    const catalogue = member();
    const history = member();
    const fanOut = new FanOutHandler([
      { name: 'catalogue', topics: ['a'], handler: catalogue.handler },
      { name: 'history', topics: ['b'], handler: history.handler },
    ], { evictAt: 2 });
    await fanOut.apply([record('b', 1), record('b', 2)]);
    expect(history.state.writing).toBe(1);
    await fanOut.apply([record('a', 1)]);
    // The consumer took the offsets up to a@1 and calls the flush; a@2 comes while the history's eviction ends.
    const flushing = fanOut.flush();
    const applying = fanOut.apply([record('a', 2)]);
    expect(await flushing).toBe('ok');
    await applying;
    expect(catalogue.state.snapshots).toEqual([1]);
    expect(catalogue.state.applied).toEqual(['a@1', 'a@2']);
    expect(catalogue.state.pending).toBe(1);
  });

  it('a reset while a flush waits for an eviction in flight drops the state only once the flush\'s own writes have ended', async () => {
    const catalogue = member();
    const history = member();
    const fanOut = new FanOutHandler([
      { name: 'catalogue', topics: ['a'], handler: catalogue.handler },
      { name: 'history', topics: ['b'], handler: history.handler },
    ], { evictAt: 2 });
    await fanOut.apply([record('a', 1), record('b', 1), record('b', 2)]);
    expect(history.state.writing).toBe(1);
    // The consumer took the offsets up to b@2 and calls the flush, then a rejoin drops the state in the next turn.
    const flushing = fanOut.flush();
    fanOut.reset();
    // Read again after the reset: waits until the state is dropped.
    const applying = fanOut.apply([record('b', 1)]);
    expect(await flushing).toBe('ok');
    await applying;
    // The flush wrote what the offsets it commits produced, each member's state dropped only after its write.
    expect(catalogue.state.snapshots).toEqual([1]);
    expect(history.state.snapshots).toEqual([2]);
    expect([catalogue.state.resetsUnderWrite, history.state.resetsUnderWrite]).toEqual([0, 0]);
    expect([catalogue.state.resets, history.state.resets]).toEqual([1, 1]);
    expect(history.state.applied).toEqual(['b@1', 'b@2', 'b@1']);
  });

  it('an eviction\'s conflict still makes the flush called before a reset a conflict: its offsets are not committed', async () => {
    let conflicts = 1; // the member reports it once, as a member that forgets a key it could not write would
    const history = member({ flush: () => (conflicts-- > 0 ? 'conflict' : undefined) });
    const fanOut = new FanOutHandler([{ name: 'history', topics: ['t'], handler: history.handler }], { evictAt: 1 });
    await fanOut.apply([record('t', 1)]);
    await new Promise((r) => setTimeout(r, 20));
    const flushing = fanOut.flush();
    fanOut.reset();
    expect(await flushing).toBe('conflict');
    await fanOut.apply([record('t', 1)]);
    expect(fanOut.full()).toBe(false);
    expect(await fanOut.flush()).toBe('ok');
  });

  it('a reset right after a flush was called, nothing in flight, still lets the flush write the state it was called for', async () => {
    const catalogue = member();
    const fanOut = new FanOutHandler([{ name: 'catalogue', topics: ['a'], handler: catalogue.handler }], NO_EVICTION);
    await fanOut.apply([record('a', 1), record('a', 2)]);
    const flushing = fanOut.flush();
    fanOut.reset();
    expect(await flushing).toBe('ok');
    expect(catalogue.state.snapshots).toEqual([2]);
    // What is applied next sees the dropped state.
    await fanOut.apply([record('a', 1)]);
    expect(catalogue.state.resetsUnderWrite).toBe(0);
    expect(catalogue.state.resets).toBe(1);
    expect(catalogue.state.pending).toBe(1);
  });

  it('tells every member its assignment', () => {
    const a = member();
    const b = member();
    const fanOut = new FanOutHandler([
      { name: 'a', topics: ['t'], handler: a.handler },
      { name: 'b', topics: ['u'], handler: b.handler },
    ], NO_EVICTION);
    fanOut.assigned({ t: [0], u: [0] });
    expect([a.state.assignments, b.state.assignments]).toEqual([[{ t: [0], u: [0] }], [{ t: [0], u: [0] }]]);
  });
});
