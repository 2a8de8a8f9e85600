import { CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, CustomerChangedPayload, envelope, Topic } from '@app/contracts';
import { deadLetterRecord, EventPublisher } from '@app/kafka';
import { testKafka, uniqueName, waitFor } from '@app/testing';
import { Kafka, KafkaMessage } from 'kafkajs';
import { runRedrive } from './redrive-cli';
import { e2eStack, http } from './stack';

/**
 * A good CustomerChanged that orders' replica never got: dead-lettered as orders' consumer writes it
 * (deadLetterRecord) after a database outage outlasted the old retry budget. Only orders runs.
 */
const stack = e2eStack();
const { orders, infra } = stack;
const kafka = testKafka(infra.kafkaBrokers);
const publisher = new EventPublisher(kafka);
const customerId = uniqueName('redrive-cust');
/** Other runs share the broker's dead-letter topics: every redrive here is limited to this run's group. */
const mine = ['--group', stack.ordersGroup];

const payload: CustomerChangedPayload = {
  change: 'Created',
  customer: {
    customerId,
    name: { firstName: 'Edsger', lastName: 'Dijkstra' },
    contact: { email: 'ewd@example.com' },
    addresses: [{ type: 'SHIPPING', address1: '1 Nuenen Lane', city: 'Nuenen', state: 'NB', postalCode: '5671' }],
    creditCards: [],
    tier: 'Silver',
    createdAt: '2026-12-04T09:00:00.000Z',
    updatedAt: '2026-12-04T09:00:00.000Z',
  },
};
const event = envelope(CUSTOMER_CHANGED, CUSTOMER_CHANGED_VERSION, customerId, 1, payload, { eventId: uniqueName('evt'), occurredAt: new Date('2026-12-04T09:00:00Z'), correlationId: uniqueName('corr') });
const original: KafkaMessage = {
  key: Buffer.from(customerId),
  value: Buffer.from(JSON.stringify(event)),
  // Where the record was on its topic (dead letters of one record by several groups are sent once by place and value).
  offset: String(Date.now()),
  timestamp: String(Date.now()),
  attributes: 0,
  headers: { 'event-type': event.type, 'event-id': event.eventId, 'correlation-id': event.correlationId },
};
const why = { code: 'RETRIES_EXHAUSTED', reason: 'connect ECONNREFUSED 127.0.0.1:27017', attempts: 9 };

const replica = () => http('GET', `${orders.url}/customer-replicas/${customerId}`);
const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { toSend: number; sent: number; alreadyRedriven: number; failed: string | null };

/** Records with this customer's key written to accounts.customer.change from `start` on (read_committed). */
async function customerRecordsSince(k: Kafka, start: Map<number, string>): Promise<KafkaMessage[]> {
  const groupId = uniqueName('redrive-check');
  const admin = k.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(Topic.CustomerChange)).map((p) => [p.partition, Number(p.high)]));
  await admin.setOffsets({ groupId, topic: Topic.CustomerChange, partitions: [...start].map(([partition, offset]) => ({ partition, offset })) });
  await admin.disconnect();
  const pending = new Set([...ends].filter(([p, high]) => high > Number(start.get(p) ?? 0)).map(([p]) => p));
  const found: KafkaMessage[] = [];
  if (pending.size === 0) return found;
  const consumer = k.consumer({ groupId });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload: b }) => {
    if (Number(b.lastOffset) + 1 >= (ends.get(b.partition) ?? 0)) pending.delete(b.partition);
  });
  await consumer.connect();
  await consumer.subscribe({ topic: Topic.CustomerChange });
  await consumer.run({ autoCommit: false, eachMessage: async ({ message }) => void (message.key?.toString() === customerId && found.push(message)) });
  try {
    await waitFor(() => pending.size === 0, { timeoutMs: 60_000, what: 'accounts.customer.change read to its end' });
  } finally {
    await consumer.disconnect();
  }
  return found;
}

let start: Map<number, string>;

beforeAll(async () => {
  await orders.start();
  await stack.replayed.orders();
  const admin = kafka.admin();
  await admin.connect();
  start = new Map((await admin.fetchTopicOffsets(Topic.CustomerChange)).map((p) => [p.partition, p.high]));
  await admin.disconnect();
  await publisher.publish([deadLetterRecord(Topic.OrdersDeadLetter, { topic: Topic.CustomerChange, partition: 2, message: original, groupId: stack.ordersGroup }, why, new Date())]);
}, 600_000);

afterAll(async () => {
  await orders.stop();
  await publisher.disconnect();
});

describe('make redrive: a good event orders dead-lettered goes back through its consumer, once', () => {
  it('given the dead letter, the replica never got the customer', async () => {
    expect((await replica()).status).toBe(404);
  });

  it('--dry-run shows it by original topic, code and group, with a sample, and sends nothing', async () => {
    const run = await runRedrive(['--dry-run', ...mine], infra.kafkaBrokers);
    expect(run).toMatchObject({ code: 0 }); // on a failure Jest shows the run's stdout and stderr
    expect(run.stdout).toContain('would send: 1 (already redriven: 0');
    expect(run.stdout).toMatch(new RegExp(`accounts\\.customer\\.change\\s+RETRIES_EXHAUSTED\\s+${stack.ordersGroup}\\s+→ 1`));
    expect(run.stdout).toContain(`key ${customerId}`);
    expect(run.stdout).toContain('dry run: nothing sent; 1 would be sent');
    expect(await customerRecordsSince(kafka, start)).toHaveLength(0);
    expect((await replica()).status).toBe(404);
  }, 120_000);

  it('redrive sends it back to accounts.customer.change with its headers, and orders applies it', async () => {
    const run = await runRedrive([...mine, '--json'], infra.kafkaBrokers);
    expect(run).toMatchObject({ code: 0 });
    expect(summaryOf(run.stdout)).toMatchObject({ toSend: 1, sent: 1, alreadyRedriven: 0, failed: null });
    const sent = await customerRecordsSince(kafka, start);
    expect(sent).toHaveLength(1);
    expect(sent[0].value?.toString()).toBe(original.value?.toString());
    expect(Object.fromEntries(Object.entries(sent[0].headers ?? {}).map(([k, v]) => [k, String(v)]))).toMatchObject({
      'event-id': event.eventId,
      'redrive-of': expect.stringMatching(/^orders\.deadletter\/0\/\d+$/),
    });
    const applied = await waitFor(
      async () => {
        const res = await replica();
        return res.status === 200 ? (res.body as Record<string, unknown>) : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the replica to get the customer' },
    );
    expect(applied).toMatchObject({ customerId, version: 1, tier: 'Silver', shippingAddress: { address1: '1 Nuenen Lane' } });
  }, 120_000);

  it('a second redrive sends nothing again', async () => {
    const run = await runRedrive([...mine, '--json'], infra.kafkaBrokers);
    expect(run).toMatchObject({ code: 0 });
    expect(summaryOf(run.stdout)).toMatchObject({ toSend: 0, sent: 0, alreadyRedriven: 1, failed: null });
    expect(await customerRecordsSince(kafka, start)).toHaveLength(1);
  }, 120_000);
});
