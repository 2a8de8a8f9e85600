import { cutSlices, eventsOfSlices, heldEvents, PendingEvent, pendingEvent, recordsHeldTwice, sliceRange, SliceDocument } from './event-slices';
import { IndexedEvent } from './indexed-event';
import { SliceStore, SliceWriter } from './slice-writer';

/** A store keyed by _id that refuses a taken id, as a unique index does; it may fail an insert after writing part of it. */
class Store implements SliceStore {
  readonly docs = new Map<string, SliceDocument>();
  inserts = 0;
  failAfter: number | null = null;

  async insert(slices: SliceDocument[]): Promise<Map<string, string>> {
    this.inserts++;
    const taken = new Map<string, string>();
    slices.forEach((s, i) => {
      if (this.failAfter !== null && i >= this.failAfter) return;
      const stored = this.docs.get(s._id);
      if (stored) taken.set(s._id, stored.last);
      else this.docs.set(s._id, structuredClone(s));
    });
    if (this.failAfter !== null) {
      this.failAfter = null;
      throw new Error('store went away');
    }
    return taken;
  }

  /** Every stored event, and a check that no two slices of a stream hold the same offset. */
  events(): IndexedEvent[] {
    const offsets = new Set<string>();
    for (const s of this.docs.values())
      for (const e of eventsOfSlices([s])) {
        const at = `${e.aggregateId}|${e.stream}|${e.partition}|${e.offset}`;
        if (offsets.has(at)) throw new Error(`offset stored twice: ${at}`);
        offsets.add(at);
      }
    return eventsOfSlices([...this.docs.values()]);
  }
}

const event = (aggregateId: string, offset: number, version = offset, eventId = `${aggregateId}-v${version}`): IndexedEvent => ({
  eventId,
  stream: 'order',
  aggregateId,
  aggregateVersion: version,
  type: 'OrderChanged',
  schemaVersion: 1,
  occurredAt: '2026-12-05T00:00:00.000Z',
  correlationId: 'c',
  topic: 'orders.order.events',
  partition: 0,
  offset: String(offset),
  payload: { n: offset },
});

/** One partition's log: events of three aggregates interleaved, one per offset. */
const log = (length: number) => Array.from({ length }, (_, offset) => pendingEvent(event(`o${offset % 3}`, offset, Math.floor(offset / 3) + 1)));
const ids = (events: { eventId: string }[]) => events.map((e) => e.eventId).sort();
const LIMITS = { events: 3, bytes: 1 << 20 };

/** Appends `events` in flushes cut at `cuts` (offsets where a flush ends). */
async function flushIn(writer: SliceWriter, events: PendingEvent[], cuts: number[]): Promise<void> {
  let from = 0;
  for (const cut of [...cuts, events.length]) {
    if (cut > from) await writer.append(events.slice(from, cut));
    from = Math.max(from, cut);
  }
}

describe('SliceWriter', () => {
  it('writes one slice per stream key and flush in one insert, reading nothing, when nothing was stored before', async () => {
    const store = new Store();
    expect(await new SliceWriter(store).append(log(9))).toBe(0);
    expect(store.inserts).toBe(1);
    expect([...store.docs.keys()]).toEqual(['o0|order|0|00000000000000000000', 'o1|order|0|00000000000000000001', 'o2|order|0|00000000000000000002']);
    expect(ids(store.events())).toEqual(ids(log(9)));
  });

  it('cuts a long run into slices within the limits, in as few rounds', async () => {
    const store = new Store();
    await new SliceWriter(store, LIMITS).append(log(30));
    expect(store.docs.size).toBe(12);
    expect([...store.docs.values()].every((s) => s.events.length <= 3)).toBe(true);
    expect(store.inserts).toBe(2);
    expect(ids(store.events())).toEqual(ids(log(30)));
  });

  it('a writer that reads again from the committed offset with other flush boundaries stores every event once', async () => {
    const events = log(40);
    const store = new Store();
    // The first writer flushed up to offset 25 but had committed only up to 10 when it died.
    await flushIn(new SliceWriter(store, LIMITS), events.slice(0, 25), [4, 10, 17]);
    const second = new SliceWriter(store, LIMITS);
    // The first writer's flushes from offset 10 held one slice per stream each (starting at 10, 11, 12 and
    // 17, 18, 19): 10 and 11 are met first, then 12, 17, 18 and 19.
    expect(await second.append(events.slice(10, 12))).toBe(2);
    expect(await second.append(events.slice(12, 30))).toBe(4);
    await second.append(events.slice(30));
    expect(ids(store.events())).toEqual(ids(events));
  });

  it('a writer reading again says how far the slices it recognised reach: a commit before that would put the next writer inside one', async () => {
    const events = log(30);
    const store = new Store();
    await new SliceWriter(store).append(events); // one flush [0..29]; the commit stayed at 0
    const second = new SliceWriter(store);
    await second.append(events.slice(0, 6));
    expect(second.storedReach('order', 0)).toBe('29');
    expect(second.storedReach('order', 1)).toBeUndefined();
    // Had it committed 6 here, a third writer from 6 would store offsets 6..29 again:
    const copy = new Store();
    for (const [id, doc] of store.docs) copy.docs.set(id, structuredClone(doc));
    await new SliceWriter(copy).append(events.slice(6));
    expect(() => copy.events()).toThrow(/offset stored twice/);
    // Read on past the reach, it may commit: a writer from there starts where nothing is stored.
    await second.append(events.slice(6, 30));
    expect(second.storedReach('order', 0)).toBe('29'); // reached, not passed: 30 is where a commit may go
    expect(ids(store.events())).toEqual(ids(events));
  });

  it('holds for random flush boundaries, crash points and slice limits', async () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let run = 0; run < 300; run++) {
      const events = log(20 + random(60));
      const store = new Store();
      const limits = { events: 1 + random(6), bytes: 1 << 20 };
      let committed = 0;
      // Up to three writers in turn; each flushes at random, commits some of its flushes, and dies.
      for (let writer = 0; writer < 3; writer++) {
        const w = new SliceWriter(store, limits);
        let at = committed;
        const end = writer === 2 ? events.length : committed + random(events.length - committed + 1);
        while (at < end) {
          const next = Math.min(end, at + 1 + random(12));
          await w.append(events.slice(at, next));
          if (random(2) === 0 || writer === 2) committed = next;
          at = next;
        }
      }
      expect(ids(store.events())).toEqual(ids(events));
    }
  });

  it('a flush retried after the store failed part way stores nothing twice', async () => {
    const store = new Store();
    const writer = new SliceWriter(store, LIMITS);
    const events = log(30);
    store.failAfter = 2;
    await expect(writer.append(events)).rejects.toThrow('store went away');
    await writer.append(events);
    expect(ids(store.events())).toEqual(ids(events));
  });

  it('indexes a resent event (same id at a later offset) once', async () => {
    const store = new Store();
    await new SliceWriter(store).append([event('a', 0, 1), event('a', 1, 2), event('a', 2, 2, 'a-v2')].map(pendingEvent));
    expect(store.events().map((e) => [e.eventId, e.offset])).toEqual([
      ['a-v1', '0'],
      ['a-v2', '1'],
    ]);
  });

  it('after forgetting (state dropped, read again from the committed offset) it learns what was stored again from the taken ids', async () => {
    const store = new Store();
    const events = log(12);
    await new SliceWriter(store).append(events.slice(0, 9));
    const writer = new SliceWriter(store);
    await writer.append(events.slice(0, 6));
    writer.forget();
    await writer.append(events);
    expect(ids(store.events())).toEqual(ids(events));
    expect(store.docs.size).toBe(6);
  });
});

describe('event slices', () => {
  it('a slice range holds the ids of one aggregate (or one of its streams) and no other prefix-free id', () => {
    const range = sliceRange('p1');
    const inRange = (id: string) => id >= range.$gte && id < range.$lt;
    expect(['p1|product|0|1', 'p1|review|3|9'].every(inRange)).toBe(true);
    expect(['p10|product|0|1', 'p1', 'p|product|0|1', 'p2|product|0|1'].some(inRange)).toBe(false);
    const one = sliceRange('p1', 'review');
    expect('p1|review|3|9' >= one.$gte && 'p1|review|3|9' < one.$lt).toBe(true);
    expect('p1|product|0|1' >= one.$gte && 'p1|product|0|1' < one.$lt).toBe(false);
  });

  it('cuts by bytes as well as by count, and gives a single large event a slice of its own', () => {
    const big = { ...event('a', 1), payload: 'x'.repeat(2000) };
    const slices = cutSlices([event('a', 0), big, event('a', 2)].map(pendingEvent), { events: 10, bytes: 1500 });
    expect(slices.map((s) => [s.first, s.last])).toEqual([
      ['0', '0'],
      ['1', '1'],
      ['2', '2'],
    ]);
  });

  it('reports a topic record two slices hold, and none where each record is held once (a resent event id included)', () => {
    // A writer after a kill wrote offsets 2 and 3 again, over the slice of 0 to 2.
    const overlapping = [...cutSlices([0, 1, 2].map((o) => pendingEvent(event('a', o)))), ...cutSlices([2, 3].map((o) => pendingEvent(event('a', o))))];
    expect(recordsHeldTwice(heldEvents(overlapping))).toEqual(['orders.order.events/0/2 ×2']);
    const clean = cutSlices([event('a', 0, 1), event('a', 1, 2), event('a', 2, 2, 'a-v2')].map(pendingEvent));
    expect(recordsHeldTwice(heldEvents(clean))).toEqual([]);
  });
});
