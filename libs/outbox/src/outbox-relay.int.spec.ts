import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { createTestTopics, deleteTestTopics, loadInfra, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { OutboxEntry } from './outbox-entry';
import { outboxMetrics } from './outbox-metrics';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';
import { OutboxReadiness } from './outbox.readiness';
import { SET_ASIDE_COLLECTION, SetAsideRecord } from './set-aside-store';

const infra = loadInfra();
const kafka = testKafka(infra.kafkaBrokers);
const mongo = new MongoClient(infra.mongoUrl, { maxPoolSize: 30 });
const dbName = uniqueName('outbox').replace(/-/g, '_');
const logger = pino({ level: 'silent' });
const options: OutboxRelayOptions = { batchSize: 50, pollIntervalMs: 100, leaseMs: 5000, publishTimeoutMs: 3000, maxBatchBytes: 900_000 };
// Backlog tests: requests of up to ~900 KB on a busy machine get more time.
const backlogOptions: OutboxRelayOptions = { ...options, batchSize: 500, leaseMs: 40_000, publishTimeoutMs: 20_000 };

interface Doc {
  _id: string;
  version: number;
  outbox: OutboxEntry[];
  outboxLease?: { owner: string; until: Date; since?: Date };
}

const entry = (topic: string, id: string, version: number, extra: { bytes?: number; occurredAt?: Date; key?: string } = {}): OutboxEntry => ({
  eventId: `${id}-v${version}`,
  topic,
  key: extra.key ?? id,
  value: JSON.stringify({ id, version, ...(extra.bytes ? { pad: 'x'.repeat(extra.bytes) } : {}) }),
  headers: { 'event-id': `${id}-v${version}` },
  ...(extra.occurredAt ? { occurredAt: extra.occurredAt.toISOString() } : {}),
});
const versionOf = (value: Buffer | null): number => (JSON.parse(value!.toString()) as { version: number }).version;
const setAsideGauge = async (collection: string): Promise<number | undefined> =>
  (await outboxMetrics.setAsideDocuments.get()).values.find((v) => v.labels.collection === collection)?.value;

beforeAll(() => mongo.connect());
afterAll(async () => {
  await mongo.db(dbName).dropDatabase();
  await mongo.close();
});

describe('OutboxRelay (real Kafka and MongoDB wire)', () => {
  let topic: string;
  const publishers: EventPublisher[] = [];
  const relays: OutboxRelay[] = [];
  const relay = (collection: string, relayOptions = options) => {
    const publisher = new EventPublisher(kafka);
    publishers.push(publisher);
    const db = mongo.db(dbName);
    const r = new OutboxRelay(db.collection(collection), db.collection<SetAsideRecord>(SET_ASIDE_COLLECTION), publisher, relayOptions, logger);
    relays.push(r);
    return r;
  };

  beforeAll(async () => {
    [topic] = await createTestTopics(kafka, ['outbox'], 3);
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(publishers.map((p) => p.disconnect()));
    await deleteTestTopics(kafka, [topic]);
  });

  it('two relays and concurrent appends: every event is published exactly once, in version order per aggregate', async () => {
    const col = mongo.db(dbName).collection<Doc>('aggregates');
    const ids = Array.from({ length: 60 }, (_, i) => `agg-${i}`);
    await col.insertMany(ids.map((id) => ({ _id: id, version: 1, outbox: [entry(topic, id, 1)] })));
    await Promise.all([relay('aggregates').start(), relay('aggregates').start()]);
    // Commands keep appending (and bumping the version) while the relays publish.
    for (let v = 2; v <= 4; v++) {
      await Promise.all(ids.map((id) => col.updateOne({ _id: id, version: v - 1 }, { $set: { version: v }, $push: { outbox: entry(topic, id, v) } })));
      relays.forEach((r) => r.notify());
    }
    await waitFor(async () => (await col.countDocuments({ 'outbox.0': { $exists: true } })) === 0, { what: 'outboxes to drain' });

    const records = await readTopic(kafka, topic);
    expect(records).toHaveLength(ids.length * 4);
    expect(new Set(records.map((r) => r.headers['event-id'])).size).toBe(ids.length * 4);
    for (const id of ids) {
      const versions = records.filter((r) => r.key === id).map((r) => (JSON.parse(r.value!.toString()) as { version: number }).version);
      expect(versions).toEqual([1, 2, 3, 4]);
    }
    expect(await col.countDocuments({ outboxLease: { $exists: true } })).toBe(0);
  });

  it('documents handed over by id are claimed by id: published in order without a scan, while a document not named waits for the scan', async () => {
    const col = mongo.db(dbName).collection<Doc>('by-id');
    const [idTopic] = await createTestTopics(kafka, ['by-id']);
    const r = relay('by-id', { ...options, pollIntervalMs: 3_600_000 });
    await r.start();
    await r.flushPending(); // the start's scan is over (it found nothing): no scan runs after the inserts
    await col.insertMany([
      { _id: 'a', version: 2, outbox: [entry(idTopic, 'a', 1), entry(idTopic, 'a', 2)] },
      { _id: 'b', version: 1, outbox: [entry(idTopic, 'b', 1)] },
    ]);
    r.handOffIds(['a']);
    await waitFor(async () => (await col.findOne({ _id: 'a' }))?.outbox.length === 0, { timeoutMs: 10_000, what: 'the document handed over by id to be published' });
    expect((await readTopic(kafka, idTopic)).map((rec) => rec.headers['event-id'])).toEqual(['a-v1', 'a-v2']);
    expect((await col.findOne({ _id: 'b' }))?.outbox.map((e) => e.eventId)).toEqual(['b-v1']);

    r.notify();
    await waitFor(async () => (await col.findOne({ _id: 'b' }))?.outbox.length === 0, { timeoutMs: 10_000, what: 'the scan to publish the document not named' });
    expect((await readTopic(kafka, idTopic)).map((rec) => rec.headers['event-id']).sort()).toEqual(['a-v1', 'a-v2', 'b-v1']);
    await deleteTestTopics(kafka, [idTopic]);
  });

  it('one notify drains a backlog larger than a request: the scan goes on by itself, without waiting for a poll', async () => {
    const col = mongo.db(dbName).collection<Doc>('scan-more');
    const [moreTopic] = await createTestTopics(kafka, ['scan-more']);
    await col.insertMany(Array.from({ length: 35 }, (_, i) => ({ _id: `m${i}`, version: 1, outbox: [entry(moreTopic, `m${i}`, 1)] })));
    // Requests of 10 and no poll within the test: only the start's scan and the scans it asks for run.
    const r = relay('scan-more', { ...options, batchSize: 10, pollIntervalMs: 3_600_000 });
    await r.start();
    await waitFor(async () => (await col.countDocuments({ 'outbox.0': { $exists: true } })) === 0, { timeoutMs: 20_000, what: 'the whole backlog to be published' });
    expect((await readTopic(kafka, moreTopic)).map((rec) => rec.headers['event-id']).sort()).toEqual(Array.from({ length: 35 }, (_, i) => `m${i}-v1`).sort());
    await deleteTestTopics(kafka, [moreTopic]);
  });

  it('a lease left by a crashed relay expires and another relay publishes the events', async () => {
    const col = mongo.db(dbName).collection<Doc>('leased');
    const [crashTopic] = await createTestTopics(kafka, ['lease']);
    await col.insertOne({ _id: 'x', version: 1, outbox: [entry(crashTopic, 'x', 1)], outboxLease: { owner: 'dead-relay', until: new Date(Date.now() + 1500) } });
    await relay('leased').start();
    await waitFor(async () => (await col.findOne({ _id: 'x' }))?.outbox.length === 0, { timeoutMs: 10_000, what: 'the expired lease to be taken over' });
    expect((await readTopic(kafka, crashTopic)).map((r) => r.headers['event-id'])).toEqual(['x-v1']);
    await deleteTestTopics(kafka, [crashTopic]);
  });

  it('a relay that died after Kafka acknowledged its request: the relay taking over reads back and sends nothing twice', async () => {
    const col = mongo.db(dbName).collection<Doc>('acknowledged');
    const [ackTopic] = await createTestTopics(kafka, ['acked'], 3);
    const ids = ['a', 'b', 'c', 'd'];
    const entries = new Map(ids.map((id) => [id, [entry(ackTopic, id, 1), entry(ackTopic, id, 2)]]));
    // The dead relay got all of a, and b's first entry, acknowledged; c and d it never sent.
    const deadRelaysPublisher = new EventPublisher(kafka);
    publishers.push(deadRelaysPublisher);
    const since = new Date();
    await deadRelaysPublisher.publish([...entries.get('a')!, entries.get('b')![0]]);
    const until = new Date(Date.now() + 1500);
    await col.insertMany(ids.map((id) => ({
      _id: id,
      version: 2,
      outbox: entries.get(id)!,
      // d's lease was written before leases kept when they were taken: from `until` less the lease length.
      outboxLease: id === 'd' ? { owner: 'dead-relay', until } : { owner: 'dead-relay', until, since },
    })));
    await relay('acknowledged').start();
    await waitFor(async () => (await col.countDocuments({ 'outbox.0': { $exists: true } })) === 0, { timeoutMs: 30_000, what: 'the expired leases to be taken over' });

    const records = await readTopic(kafka, ackTopic);
    const published = records.map((r) => String(r.headers['event-id']));
    expect([...published].sort()).toEqual(['a-v1', 'a-v2', 'b-v1', 'b-v2', 'c-v1', 'c-v2', 'd-v1', 'd-v2']);
    for (const id of ids) expect(records.filter((r) => r.key === id).map((r) => versionOf(r.value))).toEqual([1, 2]);
    // The read-back's throwaway consumer group is gone.
    const admin = kafka.admin();
    await admin.connect();
    const { groups } = await admin.listGroups();
    await admin.disconnect();
    expect(groups.map((g) => g.groupId).filter((g) => g.startsWith(`outbox.${dbName}.acknowledged`))).toEqual([]);
    await deleteTestTopics(kafka, [ackTopic]);
  });
});

describe('OutboxRelay after an outage: large backlogs and entries Kafka can never take', () => {
  const publishers: EventPublisher[] = [];
  const relays: OutboxRelay[] = [];
  const topics: string[] = [];
  const start = async (collection: string) => {
    const publisher = new EventPublisher(kafka);
    publishers.push(publisher);
    const db = mongo.db(dbName);
    const r = new OutboxRelay(db.collection(collection), db.collection<SetAsideRecord>(SET_ASIDE_COLLECTION), publisher, backlogOptions, logger);
    relays.push(r);
    await r.start();
    return r;
  };
  const pending = (collection: string) => mongo.db(dbName).collection<Doc>(collection).countDocuments({ 'outbox.0': { $exists: true } });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(publishers.map((p) => p.disconnect()));
    await deleteTestTopics(kafka, topics);
  });

  it('a backlog of 400 entries of 12 KB (4.8 MB, over 1 MB per partition) is published completely, oldest first, each key in version order', async () => {
    const [topic] = await createTestTopics(kafka, ['backlog'], 3);
    topics.push(topic);
    const col = mongo.db(dbName).collection<Doc>('backlog');
    // Written in the opposite order of their time, so an unsorted relay would not publish the oldest first.
    const base = Date.parse('2026-01-01T00:00:00Z');
    const docs = Array.from({ length: 100 }, (_, i) => {
      const id = `order-${i}`;
      const at = (v: number) => new Date(base + (100 - i) * 60_000 + v * 1000);
      return { _id: id, version: 4, outbox: [1, 2, 3, 4].map((v) => entry(topic, id, v, { bytes: 12_000, occurredAt: at(v) })) };
    });
    await col.insertMany(docs);
    await start('backlog');
    await waitFor(async () => (await pending('backlog')) === 0, { timeoutMs: 120_000, what: 'the backlog to drain' });

    const records = await readTopic(kafka, topic);
    expect(records).toHaveLength(400);
    expect(new Set(records.map((r) => r.headers['event-id'])).size).toBe(400);
    for (const d of docs) expect(records.filter((r) => r.key === d._id).map((r) => versionOf(r.value))).toEqual([1, 2, 3, 4]);
    // Oldest first: on every partition the aggregates' first events come in time order (order-99 is the oldest).
    for (const partition of new Set(records.map((r) => r.partition))) {
      const firsts = records.filter((r) => r.partition === partition && versionOf(r.value) === 1).map((r) => Number(r.key!.split('-')[1]));
      expect(firsts).toEqual([...firsts].sort((a, b) => b - a));
    }
    expect(await col.countDocuments({ outboxLease: { $exists: true } })).toBe(0);
  });

  it('an entry larger than a batch may be is set aside with its reason; its later versions and key wait, everything else is published; /health and the metric show it', async () => {
    const [topic] = await createTestTopics(kafka, ['oversized'], 3);
    topics.push(topic);
    const col = mongo.db(dbName).collection<Doc>('oversized');
    const others = Array.from({ length: 30 }, (_, i) => `small-${i}`);
    await col.insertMany([
      { _id: 'big', version: 3, outbox: [entry(topic, 'big', 1), entry(topic, 'big', 2, { bytes: 1_000_000 }), entry(topic, 'big', 3)] },
      // Another document with the same key (as reviews share their product's key): must not overtake.
      { _id: 'big-later', version: 1, outbox: [entry(topic, 'big-later', 4, { key: 'big' })] },
      ...others.map((id) => ({ _id: id, version: 2, outbox: [entry(topic, id, 1, { bytes: 50_000 }), entry(topic, id, 2, { bytes: 50_000 })] })),
    ]);
    const relay = await start('oversized');
    await waitFor(async () => (await pending('oversized')) === 2, { timeoutMs: 60_000, what: 'everything but the set-aside key to be published' });

    const records = await readTopic(kafka, topic);
    for (const id of others) expect(records.filter((r) => r.key === id).map((r) => versionOf(r.value))).toEqual([1, 2]);
    expect(records.filter((r) => r.key === 'big').map((r) => r.headers['event-id'])).toEqual(['big-v1']);
    expect((await col.findOne({ _id: 'big' }))?.outbox.map((e) => e.eventId)).toEqual(['big-v2', 'big-v3']);
    expect((await col.findOne({ _id: 'big-later' }))?.outbox).toHaveLength(1);

    const health = await new OutboxReadiness(new Map([['oversized', relay]])).probe();
    expect(health).toEqual({
      setAside: {
        oversized: {
          count: 1,
          entries: [expect.objectContaining({ documentId: 'big', eventId: 'big-v2', topic, key: 'big', code: 'TOO_LARGE', reason: expect.stringMatching(/exceeds the 900000-byte batch limit/) })],
        },
      },
    });
    expect(await setAsideGauge('oversized')).toBe(1);
    expect((await outboxMetrics.setAside.get()).values.find((v) => v.labels.collection === 'oversized')?.value).toBe(1);
  });

  it('a record the broker refuses on its own is set aside with the broker’s reason; the request it came in is resent record by record', async () => {
    // The topic takes batches of at most 20 KB: a 30 KB record is refused by Kafka itself (MESSAGE_TOO_LARGE).
    const [topic] = await createTestTopics(kafka, ['refused'], 1, [{ name: 'max.message.bytes', value: '20000' }]);
    topics.push(topic);
    const col = mongo.db(dbName).collection<Doc>('refused');
    const at = (s: number) => new Date(Date.parse('2026-02-01T00:00:00Z') + s * 1000);
    await col.insertMany([
      { _id: 'a', version: 1, outbox: [entry(topic, 'a', 1, { bytes: 1000, occurredAt: at(1) })] },
      { _id: 'huge', version: 2, outbox: [entry(topic, 'huge', 1, { bytes: 30_000, occurredAt: at(2) }), entry(topic, 'huge', 2, { occurredAt: at(3) })] },
      { _id: 'b', version: 1, outbox: [entry(topic, 'b', 1, { bytes: 1000, occurredAt: at(4) })] },
    ]);
    const relay = await start('refused');
    await waitFor(async () => (await pending('refused')) === 1, { timeoutMs: 60_000, what: 'a and b to be published' });

    const records = await readTopic(kafka, topic);
    expect(records.map((r) => r.headers['event-id']).sort()).toEqual(['a-v1', 'b-v1']);
    const report = await relay.setAsideReport();
    expect(report).toEqual({ count: 1, entries: [expect.objectContaining({ documentId: 'huge', eventId: 'huge-v1', code: 'REFUSED', reason: expect.stringContaining('MESSAGE_TOO_LARGE') })] });
    expect(await setAsideGauge('refused')).toBe(1);

    // Once the operator fixes the cause (here: the topic takes larger messages) and deletes the record, the document goes out in order.
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: 'max.message.bytes', value: '1048588' }] }] });
    await admin.disconnect();
    await mongo.db(dbName).collection(SET_ASIDE_COLLECTION).deleteOne({ collection: 'refused', documentId: 'huge' });
    relay.notify();
    await waitFor(async () => (await pending('refused')) === 0, { timeoutMs: 60_000, what: 'the set-aside document to be published after the fix' });
    expect((await readTopic(kafka, topic)).filter((r) => r.key === 'huge').map((r) => versionOf(r.value))).toEqual([1, 2]);
  });
});
