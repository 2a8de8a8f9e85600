import { Topic } from '@app/contracts';
import { customerDocument, metricValue, readTopic, ServiceProcess, testKafka, uniqueName, waitFor } from '@app/testing';
import { MongoClient } from 'mongodb';
import { e2eStack, http } from './stack';

const stack = e2eStack();
const { accounts, orders, infra } = stack;
const mongo = new MongoClient(infra.mongoUrl);
const kafka = testKafka(infra.kafkaBrokers);
const customers = () => mongo.db(stack.accountsDb).collection<{ _id: string; outbox: { eventId: string }[] }>('customers');
const recordsFor = async (id: string) => (await readTopic(kafka, Topic.CustomerChange)).filter((r) => r.key === id);

beforeAll(async () => {
  await mongo.connect();
  await orders.start();
  await stack.replayed.orders();
}, 300_000);

afterAll(async () => {
  await Promise.all([accounts.stop(), orders.stop()]);
  await mongo.close();
});

describe('no dual write: the outbox survives a crash between the database write and the publish', () => {
  it('kill after the write → nothing published; after a restart → published exactly once, replica updated', async () => {
    const id = uniqueName('crash');
    const crashing = new ServiceProcess('accounts', undefined, { ...accountsEnv(), FAULT_KILL_AFTER_DB_WRITE: 'true' });
    await crashing.start();
    await expect(http('PUT', `${crashing.url}/customers/${id}`, customerDocument())).rejects.toThrow();
    await crashing.exited();

    const pending = await customers().findOne({ _id: id });
    expect(pending?.outbox).toHaveLength(1);
    const eventId = pending!.outbox[0].eventId;
    expect(await recordsFor(id)).toHaveLength(0);

    await accounts.start();
    // The restarted relay and the orders consumer may need longer than one bounded replica wait (REPLICA_WAIT_MAX_MS).
    const replica = await waitFor(async () => {
      const res = await http('GET', `${orders.url}/customer-replicas/${id}?minVersion=1`);
      return res.status === 200 ? res : undefined;
    }, { timeoutMs: 60_000, what: 'replica at version 1' });
    expect(replica.body).toMatchObject({ customerId: id, version: 1 });
    await waitFor(async () => (await customers().findOne({ _id: id }))?.outbox.length === 0, { what: 'outbox drained' });

    const published = await recordsFor(id);
    expect(published).toHaveLength(1);
    expect(published[0].headers['event-id']).toBe(eventId);
    expect(JSON.parse(published[0].value!.toString())).toMatchObject({ eventId, type: 'CustomerChanged', aggregateId: id, aggregateVersion: 1 });
  });
});

describe('the replica ignores redelivered and older events', () => {
  it('a duplicate of the current event and an older version change nothing', async () => {
    if (!accounts.running()) await accounts.start();
    const id = uniqueName('redeliver');
    await http('PUT', `${accounts.url}/customers/${id}`, customerDocument());
    const moved = customerDocument({ addresses: [{ type: 'SHIPPING', address1: 'v2 street', city: 'c', state: 's', postalCode: 'p' }] });
    await http('PUT', `${accounts.url}/customers/${id}`, moved);
    const before = (await http('GET', `${orders.url}/customer-replicas/${id}?minVersion=2`)).body;
    expect(before).toMatchObject({ version: 2, shippingAddress: { address1: 'v2 street' } });

    const [v1, v2] = await recordsFor(id);
    const staleBefore = await metricValue(orders.url, 'customer_replica_events_total', { outcome: 'stale' });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: Topic.CustomerChange, messages: [v2, v1].map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
    await producer.disconnect();

    await waitFor(async () => (await metricValue(orders.url, 'customer_replica_events_total', { outcome: 'stale' })) >= staleBefore + 2, {
      what: 'both redelivered events to be seen as stale',
    });
    expect((await http('GET', `${orders.url}/customer-replicas/${id}`)).body).toEqual(before);
  });
});

function accountsEnv(): Record<string, string> {
  return { KAFKA_BROKERS: infra.kafkaBrokers, MONGO_URL: infra.mongoUrl, MONGO_DB: stack.accountsDb, OUTBOX_POLL_INTERVAL_MS: '200' };
}
