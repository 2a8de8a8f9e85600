import { createTestTopics, deleteTestTopics, loadInfra, testKafka, uniqueName, waitFor } from '@app/testing';
import { BoundedReader } from './bounded-reader';
import { endOffsets } from './read-until-end';

const kafka = testKafka(loadInfra().kafkaBrokers);

const event = (id: string) => ({
  eventId: uniqueName('evt'), type: 'OrderChanged', schemaVersion: 1, aggregateId: id, aggregateVersion: 1, occurredAt: new Date().toISOString(), correlationId: 'test',
  payload: {
    change: 'Placed',
    order: {
      orderId: id, customerId: 'c', customerName: 'n', customerTier: 'Gold', status: 'Processing', items: [{ productId: 'p', quantity: 1, unitPrice: 1 }], total: 1,
      shippingAddress: { type: 'SHIPPING', address1: 'a', city: 'c', state: 's', postalCode: 'p' }, placedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    },
  },
});

describe('BoundedReader (real Kafka)', () => {
  let topic: string;

  beforeAll(async () => {
    [topic] = await createTestTopics(kafka, ['bounded'], 2);
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1]) await producer.send({ topic, messages: Array.from({ length: 400 }, (_, o) => ({ partition, value: JSON.stringify(event(`o-${partition}-${o}`)) })) });
    await producer.disconnect();
  });
  afterAll(async () => deleteTestTopics(kafka, [topic]));

  it('reads one partition to its end while the other, not taken from, stays within its share of the budget', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const ends = await endOffsets(admin, [topic]);
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: uniqueName('bounded'), maxBytesPerPartition: 4096, maxWaitTimeInMs: 50 });
    await consumer.connect();
    try {
      const reader = new BoundedReader(consumer, [topic], ends, 20);
      await reader.start();
      const [drained, idle] = [reader.buffers.find((b) => b.partition === 0)!, reader.buffers.find((b) => b.partition === 1)!];
      const offsets: number[] = [];
      let mostBuffered = 0;
      while (!(drained.ended && drained.size === 0)) {
        mostBuffered = Math.max(mostBuffered, ...reader.buffers.map((b) => b.size));
        if (drained.size === 0) await reader.changed();
        else offsets.push(Number(reader.take(drained).ctx.offset));
      }
      expect(offsets).toEqual(Array.from({ length: 400 }, (_, o) => o));
      expect(mostBuffered).toBeLessThanOrEqual(10);
      await waitFor(() => idle.full, { what: 'the idle partition to fill its share' });
      expect(idle.size).toBe(10);
      expect(idle.ended).toBe(false);
      expect(idle.nextOffset).toBe(10);
    } finally {
      await consumer.disconnect();
    }
  });
});
