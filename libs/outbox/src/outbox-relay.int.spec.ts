import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { createTestTopics, deleteTestTopics, loadInfra, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { OutboxEntry } from './outbox-entry';
import { OutboxRelay } from './outbox-relay';

const infra = loadInfra();
const kafka = testKafka(infra.kafkaBrokers);
const mongo = new MongoClient(infra.mongoUrl, { maxPoolSize: 30 });
const dbName = uniqueName('outbox').replace(/-/g, '_');
const logger = pino({ level: 'silent' });
const options = { batchSize: 50, pollIntervalMs: 100, leaseMs: 2000 };

interface Doc {
  _id: string;
  version: number;
  outbox: OutboxEntry[];
  outboxLease?: { owner: string; until: Date };
}

const entry = (topic: string, id: string, version: number): OutboxEntry => ({
  eventId: `${id}-v${version}`,
  topic,
  key: id,
  value: JSON.stringify({ id, version }),
  headers: { 'event-id': `${id}-v${version}` },
});

describe('OutboxRelay (real Kafka and MongoDB wire)', () => {
  let topic: string;
  const publishers: EventPublisher[] = [];
  const relays: OutboxRelay[] = [];
  const relay = (collection: string) => {
    const publisher = new EventPublisher(kafka);
    publishers.push(publisher);
    const r = new OutboxRelay(mongo.db(dbName).collection(collection), publisher, options, logger);
    relays.push(r);
    return r;
  };

  beforeAll(async () => {
    await mongo.connect();
    [topic] = await createTestTopics(kafka, ['outbox'], 3);
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(publishers.map((p) => p.disconnect()));
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
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

  it('a lease left by a crashed relay expires and another relay publishes the events', async () => {
    const col = mongo.db(dbName).collection<Doc>('leased');
    const [crashTopic] = await createTestTopics(kafka, ['lease']);
    await col.insertOne({ _id: 'x', version: 1, outbox: [entry(crashTopic, 'x', 1)], outboxLease: { owner: 'dead-relay', until: new Date(Date.now() + 1500) } });
    await relay('leased').start();
    await waitFor(async () => (await col.findOne({ _id: 'x' }))?.outbox.length === 0, { timeoutMs: 10_000, what: 'the expired lease to be taken over' });
    expect((await readTopic(kafka, crashTopic)).map((r) => r.headers['event-id'])).toEqual(['x-v1']);
    await deleteTestTopics(kafka, [crashTopic]);
  });
});
