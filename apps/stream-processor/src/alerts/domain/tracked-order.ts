import { OrderChanged, OrderStatus } from '@app/contracts';

/** What the alerts view keeps of an order: enough to judge whether it is delayed or at risk. */
export interface TrackedOrder {
  orderId: string;
  version: number;
  status: OrderStatus;
  customerId: string;
  customerTier: string;
  placedAt: string;
  items: { productId: string; quantity: number }[];
  productIds: string[];
  /** When a Gold order still Processing becomes delayed; null for other tiers. */
  dueAt: string | null;
  /** A delay timer still to fire: a Gold order in Processing whose alert has not been opened by the timer. */
  timerPending: boolean;
  /** The orders-topic partition it arrived on: its timer waits for that partition's progress. */
  partition: number;
}

export const GOLD = 'Gold';

/** The order after `event`, or null if the event is not newer than what is tracked. */
export function trackOrder(current: TrackedOrder | undefined, event: OrderChanged, partition: number, delayMs: number): TrackedOrder | null {
  if (current && event.aggregateVersion <= current.version) return null;
  const { order } = event.payload;
  const items = order.items.map(({ productId, quantity }) => ({ productId, quantity }));
  const dueAt = order.customerTier === GOLD ? new Date(Date.parse(order.placedAt) + delayMs).toISOString() : null;
  return {
    orderId: order.orderId,
    version: event.aggregateVersion,
    status: order.status,
    customerId: order.customerId,
    customerTier: order.customerTier,
    placedAt: order.placedAt,
    items,
    productIds: [...new Set(items.map((i) => i.productId))],
    dueAt,
    timerPending: dueAt !== null && order.status === 'Processing',
    partition,
  };
}
