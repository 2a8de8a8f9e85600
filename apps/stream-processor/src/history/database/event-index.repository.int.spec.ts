import { loadInfra, uniqueName } from '@app/testing';
import { MongoClient } from 'mongodb';
import { ViewGenerations } from '../../views/view-generations';
import { pendingEvent, sliceRange, SliceDocument } from '../domain/event-slices';
import { IndexedEvent } from '../domain/indexed-event';
import { SliceWriter } from '../domain/slice-writer';
import { EventIndexRepository } from './event-index.repository';

const infra = loadInfra();
const mongo = new MongoClient(infra.mongoUrl);
const dbName = uniqueName('event_index').replace(/-/g, '_');

const event = (aggregateId: string, stream: string, offset: number, version: number): IndexedEvent => ({
  eventId: `${aggregateId}-${stream}-v${version}`,
  stream,
  aggregateId,
  aggregateVersion: version,
  type: 'Changed',
  schemaVersion: 1,
  occurredAt: '2026-12-05T00:00:00.000Z',
  correlationId: 'c',
  topic: `${stream}.events`,
  partition: 1,
  offset: String(offset),
  payload: { version },
});

describe('EventIndexRepository (real MongoDB wire)', () => {
  let repository: EventIndexRepository;

  beforeAll(async () => {
    await mongo.connect();
    const generations = { collection: (_view: string, name: string) => mongo.db(dbName).collection(name) } as unknown as ViewGenerations;
    repository = new EventIndexRepository(generations);
  });

  afterAll(async () => {
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  });

  it('a writer that reads again from the committed offset after a crash stores every event once, and a stream reads back in version order', async () => {
    // Two aggregates whose ids share a prefix, two streams of one of them, interleaved in one partition.
    const log = Array.from({ length: 60 }, (_, offset) => {
      const version = Math.floor(offset / 3) + 1;
      return offset % 3 === 0 ? event('p1', 'product', offset, version) : offset % 3 === 1 ? event('p1', 'review', offset, version) : event('p10', 'product', offset, version);
    });
    const limits = { events: 4, bytes: 1 << 20 };
    const first = new SliceWriter(repository, limits);
    await first.append(log.slice(0, 20).map(pendingEvent));
    await first.append(log.slice(20, 45).map(pendingEvent)); // flushed, never committed: the writer dies here
    const second = new SliceWriter(repository, limits);
    await second.append(log.slice(20, 33).map(pendingEvent));
    await second.append(log.slice(33).map(pendingEvent));

    const versions = (events: IndexedEvent[]) => events.map((e) => `${e.stream}:${e.aggregateVersion}`);
    const p1 = await repository.read('p1', { fromVersion: 1, limit: 1000 });
    expect(versions(p1)).toEqual([...Array.from({ length: 20 }, (_, i) => `product:${i + 1}`), ...Array.from({ length: 20 }, (_, i) => `review:${i + 1}`)]);
    expect(p1.every((e) => e.aggregateId === 'p1')).toBe(true);
    expect(versions(await repository.read('p1', { stream: 'review', fromVersion: 18, limit: 2 }))).toEqual(['review:18', 'review:19']);
    expect(await repository.read('p10', { fromVersion: 1, limit: 1000 })).toEqual(log.filter((e) => e.aggregateId === 'p10'));
    expect(await repository.read('p', { fromVersion: 1, limit: 1000 })).toEqual([]);
  });

  it('answers the stored slice\'s last offset for each taken id, and nothing for ids it inserted', async () => {
    const [a, b] = [event('t1', 'order', 5, 1), event('t1', 'order', 6, 2)].map((e) => JSON.stringify(e));
    const stored: SliceDocument = { _id: 't1|order|1|00000000000000000005', aggregateId: 't1', stream: 'order', partition: 1, first: '5', last: '6', events: [a, b] };
    expect(await repository.insert([stored])).toEqual(new Map());
    const again = { ...stored, last: '5', events: [a] };
    const other = { ...stored, _id: 't1|order|1|00000000000000000007', first: '7', last: '7', events: [JSON.stringify(event('t1', 'order', 7, 3))] };
    expect(await repository.insert([again, other])).toEqual(new Map([[stored._id, '6']]));
  });

  it('a range of ids finds every id in it, ids with characters JSON escapes included (the store may narrow it through the _id index)', async () => {
    const collection = mongo.db(dbName).collection<{ _id: string }>('ranges');
    const ids = ['p1|', 'p1|a', 'p1|a|b', 'p1|a|"', 'p1|a}', 'p1|"q', 'p1|\\x', 'p1|<b>&', 'p1|\u2028', 'p1|é', 'p1|~', 'p1|\u007f', 'p1}', 'p1{', 'p1', 'p0|z', 'p10|a', 'p1 |a', 'p2|a', 'q'];
    await collection.insertMany(ids.map((_id) => ({ _id })));
    for (const range of [sliceRange('p1'), sliceRange('p1', 'a'), { $gt: 'p1|', $lt: 'p1}' }]) {
      const found = (await collection.find({ _id: range }).toArray()).map((d) => d._id).sort();
      const lower = '$gte' in range ? range.$gte : range.$gt;
      const expected = ids.filter((id) => ('$gte' in range ? id >= lower : id > lower) && id < range.$lt).sort();
      expect(found).toEqual(expected);
      expect(found.length).toBeGreaterThan(0);
    }
  });
});
