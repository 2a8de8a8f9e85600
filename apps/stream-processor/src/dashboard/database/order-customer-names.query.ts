import { Injectable } from '@nestjs/common';
import { ViewGenerations } from '../../views/view-generations';

/** The history view's collection (EventIndexRepository's). */
const EVENT_INDEX_COLLECTION = 'event_index';

interface OrderEventName {
  _id: string;
  aggregateId: string;
  payload?: { order?: { customerName?: unknown } };
}

/**
 * The customer names orders were placed under, from their first event in the event index. One query
 * for many orders: the index repository reads one aggregate at a time, a scan each on FerretDB.
 */
@Injectable()
export class OrderCustomerNamesQuery {
  constructor(private readonly generations: ViewGenerations) {}

  async execute(orderIds: readonly string[]): Promise<Map<string, string>> {
    const docs = await this.generations
      .collection<OrderEventName>('history', EVENT_INDEX_COLLECTION)
      .find({ aggregateId: { $in: [...orderIds] }, stream: 'order', aggregateVersion: 1 }, { projection: { aggregateId: 1, 'payload.order.customerName': 1 } })
      .toArray();
    const names = new Map<string, string>();
    for (const doc of docs) {
      const name = doc.payload?.order?.customerName;
      if (typeof name === 'string') names.set(doc.aggregateId, name);
    }
    return names;
  }
}
