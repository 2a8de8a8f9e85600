import { OrderChanged, latestByAggregate } from '@app/contracts';
import { OrderDocument } from './order.document';
import { OrderMapper } from './order.mapper';

/** The orders collection as the event store has it: each order's latest snapshot, nothing pending. */
export function restoreOrders(events: Iterable<OrderChanged>): OrderDocument[] {
  return latestByAggregate(events).map((e) => ({ ...OrderMapper.toPersistence({ version: e.aggregateVersion, snapshot: e.payload.order }), outbox: [] }));
}
