import { envelope } from '@app/contracts';
import { IdGenerator } from '@app/core';
import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { createTestTopics, deleteTestTopics, loadInfra, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { CommandWriter, NewEvent } from './command-writer';
import { OutboxEntry } from './outbox-entry';
import { Outbox } from './outbox';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';
import { OutboxConfig } from './outbox.config';
import { SET_ASIDE_COLLECTION, SetAsideRecord } from './set-aside-store';

const infra = loadInfra();
const kafka = testKafka(infra.kafkaBrokers);
const mongo = new MongoClient(infra.mongoUrl, { maxPoolSize: 30 });
const dbName = uniqueName('command_writer').replace(/-/g, '_');
const logger = pino({ level: process.env.CW_LOG ?? 'silent' });
// The poll never comes round during a test: what gets published after start() was handed over by the writer.
const handOffOnly: OutboxRelayOptions = { batchSize: 50, pollIntervalMs: 600_000, leaseMs: 5000, publishTimeoutMs: 3000, maxBatchBytes: 900_000 };
const now = new Date('2026-11-23T10:00:00.000Z');

interface Doc {
  _id: string;
  version: number;
  name: string;
  outbox: OutboxEntry[];
  outboxLease?: unknown;
}

let seq = 0;
const ids: IdGenerator = { next: () => `event-${++seq}` };
const changed = (topic: string, id: string, version: number, name: string): NewEvent => ({
  topic,
  build: (meta) => envelope('Changed', 1, id, version, { name }, meta),
});
const versionsOf = (records: { key: string | null; value: Buffer | null }[], id: string): number[] =>
  records.filter((r) => r.key === id).map((r) => (JSON.parse(r.value!.toString()) as { aggregateVersion: number }).aggregateVersion);

describe('CommandWriter (real Kafka and MongoDB wire)', () => {
  const publishers: EventPublisher[] = [];
  const relays: OutboxRelay[] = [];
  let topic: string;

  /** A writer whose Outbox has one started relay for the collection (as in a service). */
  const writerFor = async (collection: string, options = handOffOnly) => {
    const publisher = new EventPublisher(kafka);
    publishers.push(publisher);
    const db = mongo.db(dbName);
    const relay = new OutboxRelay(db.collection(collection), db.collection<SetAsideRecord>(SET_ASIDE_COLLECTION), publisher, options, logger);
    relays.push(relay);
    await relay.start();
    await relay.flushPending();
    const outbox = new Outbox(new Map([[collection, relay]]), () => relay, { FAULT_KILL_AFTER_DB_WRITE: false } as OutboxConfig);
    return { writer: new CommandWriter(db, outbox, ids), relay, col: db.collection<Doc>(collection) };
  };

  beforeAll(async () => {
    await mongo.connect();
    [topic] = await createTestTopics(kafka, ['command-writer'], 3);
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(publishers.map((p) => p.disconnect()));
    await deleteTestTopics(kafka, [topic]);
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  });

  it('a new aggregate is one insert holding state and event; the relay publishes it as handed over, without a scan', async () => {
    const { writer, col } = await writerFor('created');
    const outcome = await writer.write(
      { collection: 'created', document: { _id: 'a', version: 1, name: 'Ada' }, expectedVersion: null, events: [changed(topic, 'a', 1, 'Ada')] },
      { now, correlationId: 'corr-1', causationId: 'cause-1' },
    );
    expect(outcome).toBe('written');

    await waitFor(async () => (await col.findOne({ _id: 'a' }))?.outbox.length === 0, { what: 'the handed-over entry to be published' });
    const stored = await col.findOne({ _id: 'a' });
    expect(stored).toMatchObject({ version: 1, name: 'Ada', outbox: [] });
    expect(stored?.outboxLease).toBeUndefined();
    const records = (await readTopic(kafka, topic)).filter((r) => r.key === 'a');
    expect(records).toHaveLength(1);
    expect(JSON.parse(records[0].value!.toString())).toMatchObject({
      type: 'Changed',
      aggregateId: 'a',
      aggregateVersion: 1,
      occurredAt: now.toISOString(),
      correlationId: 'corr-1',
      causationId: 'cause-1',
      payload: { name: 'Ada' },
    });
  });

  it('an insert of an id that exists is a conflict and changes nothing', async () => {
    const { writer, relay, col } = await writerFor('taken');
    await relay.stop();
    await col.insertOne({ _id: 'b', version: 3, name: 'stored', outbox: [] });
    const outcome = await writer.write({ collection: 'taken', document: { _id: 'b', version: 1, name: 'new' }, expectedVersion: null, events: [changed(topic, 'b', 1, 'new')] }, { now, correlationId: 'c' });
    expect(outcome).toBe('conflict');
    expect(await col.findOne({ _id: 'b' })).toEqual({ _id: 'b', version: 3, name: 'stored', outbox: [] });
  });

  it('an update is conditioned on the version decided against and on the extra condition; without events it leaves the outbox alone', async () => {
    const { writer, relay, col } = await writerFor('updated');
    await relay.stop();
    await col.insertOne({ _id: 'c', version: 2, name: 'two', outbox: [] });
    const update = (expectedVersion: number, condition?: object) =>
      writer.write({ collection: 'updated', document: { _id: 'c', version: 3, name: 'three' }, expectedVersion, condition, events: [changed(topic, 'c', 3, 'three')] }, { now, correlationId: 'c' });

    expect(await update(1)).toBe('conflict');
    expect(await update(2, { name: 'not two' })).toBe('conflict');
    expect(await col.findOne({ _id: 'c' })).toMatchObject({ version: 2, name: 'two', outbox: [] });
    expect(await update(2, { name: 'two' })).toBe('written');
    const stored = await col.findOne({ _id: 'c' });
    expect(stored).toMatchObject({ version: 3, name: 'three' });
    expect(stored?.outbox.map((e) => e.key)).toEqual(['c']);

    expect(await writer.write({ collection: 'updated', document: { _id: 'c', marked: true }, expectedVersion: 3, events: [] }, { now, correlationId: 'c' })).toBe('written');
    expect(await col.findOne({ _id: 'c' })).toMatchObject({ version: 3, marked: true, outbox: [stored!.outbox[0]] });
  });

  it('several events of one command are stored and published in order', async () => {
    const { writer, col } = await writerFor('several');
    const events = [changed(topic, 'd', 1, 'one'), changed(topic, 'd', 2, 'two')];
    expect(await writer.write({ collection: 'several', document: { _id: 'd', version: 2, name: 'two' }, expectedVersion: null, events }, { now, correlationId: 'c' })).toBe('written');
    await waitFor(async () => (await col.findOne({ _id: 'd' }))?.outbox.length === 0, { what: 'both entries to be published' });
    expect(versionsOf(await readTopic(kafka, topic), 'd')).toEqual([1, 2]);
  });

  it('commands racing with a second relay that scans: every event exactly once, in version order per aggregate, nothing left leased', async () => {
    const [raceTopic] = await createTestTopics(kafka, ['command-writer-race'], 3);
    const { writer, col } = await writerFor('raced', { ...handOffOnly, batchSize: 7 });
    // Another process's relay, polling often: it may claim what this process's relay was handed.
    const other = new EventPublisher(kafka);
    publishers.push(other);
    const scanning = new OutboxRelay(col as never, mongo.db(dbName).collection<SetAsideRecord>(SET_ASIDE_COLLECTION), other, { ...handOffOnly, pollIntervalMs: 20 }, logger);
    relays.push(scanning);
    await scanning.start();

    const aggregates = Array.from({ length: 25 }, (_, i) => `race-${i}`);
    await Promise.all(aggregates.map((id) => writer.write({ collection: 'raced', document: { _id: id, version: 1, name: 'v1' }, expectedVersion: null, events: [changed(raceTopic, id, 1, 'v1')] }, { now, correlationId: 'c' })));
    for (let v = 2; v <= 4; v++) {
      const outcomes = await Promise.all(
        aggregates.map((id) => writer.write({ collection: 'raced', document: { _id: id, version: v, name: `v${v}` }, expectedVersion: v - 1, events: [changed(raceTopic, id, v, `v${v}`)] }, { now, correlationId: 'c' })),
      );
      expect(outcomes.every((o) => o === 'written')).toBe(true);
    }
    await waitFor(async () => (await col.countDocuments({ 'outbox.0': { $exists: true } })) === 0, { what: 'outboxes to drain' });

    const records = await readTopic(kafka, raceTopic);
    expect(new Set(records.map((r) => r.headers['event-id'])).size).toBe(aggregates.length * 4);
    expect(records).toHaveLength(aggregates.length * 4);
    for (const id of aggregates) expect(versionsOf(records, id)).toEqual([1, 2, 3, 4]);
    expect(await col.countDocuments({ outboxLease: { $exists: true } })).toBe(0);
    await deleteTestTopics(kafka, [raceTopic]);
  });
});
