import { envelope, EnvelopeMeta, ORDER_CHANGED, ORDER_CHANGED_VERSION, OrderChanged, OrderStatus } from '@app/contracts';
import { Order } from './order.types';

/** The event carrying the full order after a change. */
export function orderChanged(order: Order, previousStatus: OrderStatus | undefined, meta: EnvelopeMeta): OrderChanged {
  return envelope(
    ORDER_CHANGED,
    ORDER_CHANGED_VERSION,
    order.snapshot.orderId,
    order.version,
    { change: previousStatus ? 'StatusChanged' : 'Placed', ...(previousStatus ? { previousStatus } : {}), order: order.snapshot },
    meta,
  );
}
