import { Topic } from '@app/contracts';
import { readTopic } from '@app/testing/kafka-reader';
import { Kafka } from 'kafkajs';

interface OrderEvent {
  aggregateId: string;
  payload: { order: { status: string; items: { productId: string; quantity: number }[] } };
}

/** Units of the product in orders of the set that Kafka says were shipped (each order once, however often its events were sent). */
export async function shippedUnits(kafka: Kafka, orderIds: Set<string>, productId: string): Promise<number> {
  const shipped = new Map<string, number>();
  for (const record of await readTopic(kafka, Topic.OrderEvents)) {
    if (!record.key || !orderIds.has(record.key) || !record.value) continue;
    const event = JSON.parse(record.value.toString()) as OrderEvent;
    if (event.payload.order.status !== 'Shipped') continue;
    shipped.set(event.aggregateId, event.payload.order.items.filter((i) => i.productId === productId).reduce((n, i) => n + i.quantity, 0));
  }
  return [...shipped.values()].reduce((a, b) => a + b, 0);
}
