import { ConsumedEvent, endOffsets } from '@app/kafka';
import { createTestTopics, deleteTestTopics, loadInfra, testKafka, uniqueName } from '@app/testing';
import { Kafka } from 'kafkajs';
import { mergeByEventTime } from './event-time-merge';
import { ReplayFeed } from './replay-feed';

const kafka: Kafka = testKafka(loadInfra().kafkaBrokers);

const orderEvent = (orderId: string, occurredAt: string) => ({
  eventId: uniqueName('evt'),
  type: 'OrderChanged',
  schemaVersion: 1,
  aggregateId: orderId,
  aggregateVersion: 1,
  occurredAt,
  correlationId: 'test',
  payload: {
    change: 'Placed',
    order: {
      orderId, customerId: 'c', customerName: 'n', customerTier: 'Gold', status: 'Processing',
      items: [{ productId: 'p', quantity: 1, unitPrice: 1 }], total: 1,
      shippingAddress: { type: 'SHIPPING', address1: 'a', city: 'c', state: 's', postalCode: 'p' },
      placedAt: occurredAt, updatedAt: occurredAt,
    },
  },
});

/** Mostly rising event times at one-second steps (so ties across partitions are common), now and then one from the past. */
const timeOf = (partitionSeed: number, offset: number) =>
  new Date(Date.UTC(2024, 0, 1) + (offset % 17 === partitionSeed ? 0 : Math.floor(offset / 3) + partitionSeed) * 1000).toISOString();

const idOf = ({ ctx }: ConsumedEvent) => `${ctx.topic}|${ctx.partition}|${ctx.offset}`;

describe('ReplayFeed (real Kafka)', () => {
  let topics: string[];

  beforeAll(async () => {
    const [wide, narrow] = await createTestTopics(kafka, ['replay-wide', 'replay-narrow'], 3);
    const [empty] = await createTestTopics(kafka, ['replay-empty'], 1);
    topics = [wide, narrow, empty];
    const producer = kafka.producer();
    await producer.connect();
    const send = (topic: string, partition: number, count: number) =>
      producer.send({ topic, messages: Array.from({ length: count }, (_, o) => ({ partition, key: `o-${partition}-${o}`, value: JSON.stringify(orderEvent(`o-${partition}-${o}`, timeOf(partition, o))) })) });
    await send(wide, 0, 300);
    await send(wide, 1, 150);
    await producer.send({ topic: wide, messages: [{ partition: 1, key: 'poison', value: '{not json' }] });
    await send(wide, 1, 150);
    await send(wide, 2, 220);
    await send(narrow, 0, 260);
    await send(narrow, 1, 4); // ends early
    // narrow's partition 2 stays empty, like the whole third topic
    await producer.disconnect();
  });
  afterAll(async () => deleteTestTopics(kafka, topics));

  it('applies every decodable record exactly once, in event-time order, with a read-ahead far smaller than the topics', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const ends = await endOffsets(admin, topics);
    const groupId = uniqueName('rebuild');
    const chunks: ConsumedEvent[][] = [];
    const feed = new ReplayFeed(kafka, groupId, topics, 10_000, { chunkSize: 37, bufferRecords: 14, maxBytesPerPartition: 4096 });

    await feed.run(async (events) => void chunks.push(events));

    // What the merge gives with every record at hand: the same partitions, in the same (end offsets) order.
    const everything = await readAll(ends);
    const applied = chunks.flat();
    expect(applied).toHaveLength(1084);
    expect(applied.map(idOf)).toEqual(mergeByEventTime(everything).map(idOf));
    expect(chunks.every((c) => c.length <= 37)).toBe(true);
    const committed = await admin.fetchOffsets({ groupId, topics });
    expect(committed.flatMap((t) => t.partitions.map((p) => `${t.topic}|${p.partition}|${p.offset}`)).sort()).toEqual(ends.map((e) => `${e.topic}|${e.partition}|${e.high}`).sort());

    const again: ConsumedEvent[][] = [];
    await feed.run(async (events) => void again.push(events));
    expect(again).toEqual([]);
    await admin.disconnect();
  });
});

/** Every decodable record of the partitions, read whole with a budget that holds them all. */
async function readAll(ends: { topic: string; partition: number }[]): Promise<ConsumedEvent[][]> {
  const all: ConsumedEvent[] = [];
  await new ReplayFeed(kafka, uniqueName('reference'), [...new Set(ends.map((e) => e.topic))], 10_000, { chunkSize: 100_000, bufferRecords: 100_000 }).run(async (events) => void all.push(...events));
  return ends.map((e) => all.filter(({ ctx }) => ctx.topic === e.topic && ctx.partition === e.partition).sort((a, b) => Number(a.ctx.offset) - Number(b.ctx.offset)));
}
