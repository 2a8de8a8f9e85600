import { KnownEvent } from '@app/contracts';
import { createTestTopics, deleteTestTopics, loadInfra, readTopic, testKafka, uniqueName, waitFor } from '@app/testing';
import pino from 'pino';
import { EventPublisher } from '../producer/event-publisher';
import { DLQ_HEADERS } from './dead-letter';
import { EventConsumer } from './event-consumer';
import { defaultFailurePolicy, TransientError } from './failure-policy';

const kafka = testKafka(loadInfra().kafkaBrokers);
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

const event = (id: string, version = 1) => ({
  eventId: uniqueName('evt'),
  type: 'OrderChanged',
  schemaVersion: 1,
  aggregateId: id,
  aggregateVersion: version,
  occurredAt: new Date().toISOString(),
  correlationId: 'test',
  payload: {
    change: 'Placed',
    order: {
      orderId: id, customerId: 'c', customerName: 'n', customerTier: 'Gold', status: 'Processing',
      items: [{ productId: 'p', quantity: 1, unitPrice: 1 }], total: 1,
      shippingAddress: { type: 'SHIPPING', address1: 'a', city: 'c', state: 's', postalCode: 'p' },
      placedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    },
  },
});

describe('EventConsumer failure policy (real Kafka)', () => {
  let source: string;
  let dlq: string;
  const publisher = new EventPublisher(kafka);
  let consumer: EventConsumer | undefined;
  const testTopics: string[] = [];

  beforeAll(async () => {
    [source, dlq] = await createTestTopics(kafka, ['source', 'dlq']);
  });
  afterEach(async () => consumer?.stop());
  afterAll(async () => {
    await publisher.disconnect();
    await deleteTestTopics(kafka, [source, dlq, ...testTopics]);
  });

  it('dead-letters poison messages with reason and source offset, and goes on with the rest', async () => {
    const handled: KnownEvent[] = [];
    const good = event('o-good');
    await publisher.publish([
      { topic: source, key: 'k1', value: '{not json' },
      { topic: source, key: 'k2', value: JSON.stringify({ ...event('o-x'), type: 'NoSuchEvent' }) },
      { topic: source, key: 'k3', value: JSON.stringify({ ...event('o-y'), payload: { change: 'Placed' } }) },
      { topic: source, key: 'o-good', value: JSON.stringify(good) },
    ]);
    consumer = new EventConsumer(kafka, publisher, { groupId: uniqueName('g'), topics: [source], deadLetterTopic: dlq, policy: defaultFailurePolicy }, {
      each: async (e) => {
        handled.push(e);
      },
    }, logger);
    await consumer.start();

    await waitFor(() => handled.length === 1, { what: 'the valid event' });
    expect(handled[0].eventId).toBe(good.eventId);
    const dead = await waitFor(async () => {
      const records = await readTopic(kafka, dlq);
      return records.length >= 3 ? records : undefined;
    }, { what: 'three dead letters' });
    expect(dead.map((r) => [r.key, r.headers[DLQ_HEADERS.code], r.headers[DLQ_HEADERS.offset], r.headers[DLQ_HEADERS.topic]])).toEqual([
      ['k1', 'BAD_JSON', '0', source],
      ['k2', 'UNKNOWN_TYPE', '1', source],
      ['k3', 'INVALID_SCHEMA', '2', source],
    ]);
    expect(dead[0].value?.toString()).toBe('{not json');
    expect(dead.every((r) => r.headers[DLQ_HEADERS.reason].length > 0)).toBe(true);
  });

  it('waits out transient errors however many, never dead-letters them; a handler that rejects a record is dead-lettered at once', async () => {
    const [topic, deadTopic] = await createTestTopics(kafka, ['retry', 'retry-dlq']);
    testTopics.push(topic, deadTopic);
    const attempts = new Map<string, number>();
    const problems: (string | null)[] = [];
    const flaky = event('o-flaky');
    const broken = event('o-broken');
    const after = event('o-after');
    await publisher.publish([flaky, broken, after].map((e) => ({ topic, key: e.aggregateId, value: JSON.stringify(e) })));
    const done: string[] = [];
    const running: EventConsumer = new EventConsumer(
      kafka,
      publisher,
      { groupId: uniqueName('g'), topics: [topic], deadLetterTopic: deadTopic, policy: { ...defaultFailurePolicy, initialBackoffMs: 10, maxBackoffMs: 20 } },
      {
        each: async (e) => {
          const n = (attempts.get(e.aggregateId) ?? 0) + 1;
          attempts.set(e.aggregateId, n);
          problems.push(running.problem());
          // More failures than the old policy's 8 retries allowed before dead-lettering.
          if (e.aggregateId === 'o-flaky' && n <= 12) throw new TransientError('database briefly down');
          if (e.aggregateId === 'o-broken') throw new Error('order o-broken cannot be handled');
          done.push(e.aggregateId);
        },
      },
      logger,
    );
    consumer = running;
    await consumer.start();
    await waitFor(() => done.includes('o-after'), { what: 'processing to go past the rejected message' });
    expect(done).toEqual(['o-flaky', 'o-after']);
    expect(attempts.get('o-flaky')).toBe(13);
    expect(attempts.get('o-broken')).toBe(1);
    expect(problems[1]).toMatch(/^waiting for a dependency since .*: TransientError: database briefly down$/);
    expect(consumer.problem()).toBeNull();
    const dead = await waitFor(async () => {
      const records = await readTopic(kafka, deadTopic);
      return records.some((r) => r.key === 'o-broken') ? records : undefined;
    }, { what: 'dead letter' });
    expect(dead.map((r) => r.key)).toEqual(['o-broken']);
    expect(dead[0].headers).toMatchObject({ [DLQ_HEADERS.code]: 'HANDLER_REJECTED', [DLQ_HEADERS.attempts]: '1', [DLQ_HEADERS.reason]: 'order o-broken cannot be handled' });
  });

  it('batch mode: poison is dead-lettered up front, a batch that fails for good is replayed one by one', async () => {
    const [topic, deadTopic] = await createTestTopics(kafka, ['batch', 'batch-dlq']);
    testTopics.push(topic, deadTopic);
    const events = ['a', 'b', 'bad', 'c'].map((id) => event(`o-${id}`));
    await publisher.publish([
      ...events.slice(0, 2).map((e) => ({ topic, key: 'k', value: JSON.stringify(e) })),
      { topic, key: 'k', value: '{broken' },
      ...events.slice(2).map((e) => ({ topic, key: 'k', value: JSON.stringify(e) })),
    ]);
    const applied: string[] = [];
    const batchSizes: number[] = [];
    consumer = new EventConsumer(kafka, publisher, { groupId: uniqueName('g'), topics: [topic], deadLetterTopic: deadTopic, policy: defaultFailurePolicy }, {
      batch: async (batch) => {
        batchSizes.push(batch.length);
        if (batch.some((b) => b.event.aggregateId === 'o-bad')) throw new Error('cannot project o-bad');
        applied.push(...batch.map((b) => b.event.aggregateId));
      },
    }, logger);
    await consumer.start();
    await waitFor(() => applied.includes('o-c'), { what: 'the batch to be processed' });
    expect(applied).toEqual(['o-a', 'o-b', 'o-c']);
    expect(batchSizes[0]).toBe(4);
    const dead = await waitFor(async () => {
      const records = await readTopic(kafka, deadTopic);
      return records.length >= 2 ? records : undefined;
    }, { what: 'two dead letters' });
    expect(dead.map((r) => r.headers[DLQ_HEADERS.code]).sort()).toEqual(['BAD_JSON', 'HANDLER_REJECTED']);
  });
});
