import { Address, CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, CustomerChangedPayload, CustomerChangedV1Payload, envelope, Topic } from '@app/contracts';
import { DLQ_HEADERS, EventPublisher } from '@app/kafka';
import { customerDocument, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import { e2eStack, http } from './stack';

/** Events are produced straight to the topic before orders starts: its fresh group and db replay them. */
const stack = e2eStack();
const { accounts, orders, streams, infra } = stack;
const kafka = testKafka(infra.kafkaBrokers);
const publisher = new EventPublisher(kafka);

const at = (day: number) => `2026-03-0${day}T09:00:00.000Z`;
type Untyped = Omit<Address, 'type'>;
const oldStreet: Untyped = { address1: '1 Old Street', city: 'Arlington', state: 'VA', postalCode: '22201' };
const newStreet: Untyped = { address1: '2 New Street', description: 'office', city: 'Leeds', state: 'WY', postalCode: 'LS1 1AA' };
const base = (customerId: string, version: number) => ({
  customerId,
  name: { title: 'Rear Admiral', firstName: 'Grace', lastName: 'Hopper' },
  contact: { email: 'grace@example.com' },
  creditCards: [],
  tier: version === 1 ? ('Silver' as const) : ('Gold' as const),
  createdAt: at(1),
  updatedAt: at(version),
});
const change = (version: number) => (version === 1 ? ('Created' as const) : ('Replaced' as const));

/** The original v1 document: one untyped address. */
const v1WithAddress = (id: string, version: number, address: Untyped): CustomerChangedV1Payload => ({ change: change(version), customer: { ...base(id, version), address } });
/** v1 as accounts published it before v2 existed: already addresses[]. */
const v1WithAddresses = (id: string, version: number, address: Untyped) => ({ change: change(version), customer: { ...base(id, version), addresses: [{ type: 'SHIPPING', ...address }] } });
const v2 = (id: string, version: number, address: Untyped): CustomerChangedPayload => ({ change: change(version), customer: { ...base(id, version), addresses: [{ type: 'SHIPPING' as const, ...address }] } });

const record = (schemaVersion: number, id: string, version: number, payload: unknown) => {
  const event = envelope(CUSTOMER_CHANGED, schemaVersion, id, version, payload, { eventId: uniqueName('evt'), occurredAt: new Date(at(version)), correlationId: uniqueName('corr') });
  return { topic: Topic.CustomerChange, key: id, value: JSON.stringify(event), headers: { 'event-type': event.type, 'event-id': event.eventId, 'correlation-id': event.correlationId } };
};

const C = {
  mixed: uniqueName('evo-mixed'),
  allV2: uniqueName('evo-v2'),
  onlyLegacyV1: uniqueName('evo-v1a'),
  onlyV1Addresses: uniqueName('evo-v1b'),
  onlyV2: uniqueName('evo-v2only'),
};

/** A fresh orders replays every topic it reads (catalog.product.events is large): on a busy machine, minutes. */
const REPLAY_MS = 480_000;
/** The replica of a customer once it reached `minVersion`; the replay may outlast one bounded replica wait. */
const replicaAt = (id: string, minVersion: number) =>
  waitFor(
    async () => {
      const res = await http('GET', `${orders.url}/customer-replicas/${id}?minVersion=${minVersion}`);
      return res.status === 200 ? (res.body as Record<string, unknown>) : undefined;
    },
    { timeoutMs: REPLAY_MS, intervalMs: 250, what: `replica of ${id} at version ${minVersion}` },
  );
/** Records the orders under test dead-lettered for these customers (stack.ts names its group like its database). */
const deadLettered = async (ids: string[]) =>
  (await readTopic(kafka, Topic.OrdersDeadLetter)).filter((r) => ids.includes(r.key ?? '') && r.headers[DLQ_HEADERS.group] === stack.ordersDb);
const withoutId = ({ customerId: _id, ...rest }: Record<string, unknown>) => rest;

beforeAll(async () => {
  await publisher.publish([
    record(1, C.mixed, 1, v1WithAddress(C.mixed, 1, oldStreet)),
    record(2, C.mixed, 2, v2(C.mixed, 2, newStreet)),
    record(2, C.allV2, 1, v2(C.allV2, 1, oldStreet)),
    record(2, C.allV2, 2, v2(C.allV2, 2, newStreet)),
    record(1, C.onlyLegacyV1, 1, v1WithAddress(C.onlyLegacyV1, 1, oldStreet)),
    record(1, C.onlyV1Addresses, 1, v1WithAddresses(C.onlyV1Addresses, 1, oldStreet)),
    record(2, C.onlyV2, 1, v2(C.onlyV2, 1, oldStreet)),
  ]);
  await orders.start();
}, 120_000);

afterAll(async () => {
  await Promise.all([orders.stop(), accounts.stop()]);
  await publisher.disconnect();
});

describe('a topic holding v1 and v2 CustomerChanged replays as if all were v2', () => {
  it('a customer written as v1 then v2 has the same replica as one written as v2 only', async () => {
    const mixed = await replicaAt(C.mixed, 2);
    const allV2 = await replicaAt(C.allV2, 2);

    expect(withoutId(mixed)).toEqual(withoutId(allV2));
    expect(mixed).toEqual({ customerId: C.mixed, version: 2, displayName: 'Rear Admiral Grace Hopper', tier: 'Gold', shippingAddress: { type: 'SHIPPING', ...newStreet } });
    // Without upcasting the v1 event would be dead-lettered and the v2 one still win: check none was lost.
    expect(await deadLettered([C.mixed, C.allV2])).toEqual([]);
  }, REPLAY_MS + 30_000);

  it('a v1 with the single address, a v1 with addresses[] and a v2 give the same replica', async () => {
    const legacy = await replicaAt(C.onlyLegacyV1, 1);
    const passedThrough = await replicaAt(C.onlyV1Addresses, 1);
    const current = await replicaAt(C.onlyV2, 1);

    expect(withoutId(legacy)).toEqual(withoutId(current));
    expect(withoutId(passedThrough)).toEqual(withoutId(current));
    expect(current).toEqual({ customerId: C.onlyV2, version: 1, displayName: 'Rear Admiral Grace Hopper', tier: 'Silver', shippingAddress: { type: 'SHIPPING', ...oldStreet } });
    expect(await deadLettered([C.onlyLegacyV1, C.onlyV1Addresses, C.onlyV2])).toEqual([]);
  }, REPLAY_MS + 30_000);

  it('the replay needed no stream processor', async () => {
    expect(streams.running()).toBe(false);
  });
});

describe('accounts publishes the current schema version', () => {
  it(`a saved customer is published as CustomerChanged v${CUSTOMER_CHANGED_VERSION} with addresses[]`, async () => {
    await accounts.start();
    const id = uniqueName('evo-accounts');
    expect((await http('PUT', `${accounts.url}/customers/${id}`, customerDocument())).status).toBe(201);

    const published = await waitFor(async () => (await readTopic(kafka, Topic.CustomerChange)).find((r) => r.key === id), { timeoutMs: 30_000, what: `the event of ${id}` });
    const event = JSON.parse(published.value!.toString());
    expect(event).toMatchObject({ type: CUSTOMER_CHANGED, schemaVersion: 2, aggregateId: id, aggregateVersion: 1 });
    expect(event.payload.customer.addresses).toHaveLength(2);
    expect(event.payload.customer).not.toHaveProperty('address');
  }, 90_000);
});
