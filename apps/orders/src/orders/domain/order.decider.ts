import { err, ok, Result } from '@app/core';
import { OrderItem, OrderStatus } from '@app/contracts';
import { OrderErrors } from './order.errors';
import { ChangeOrderStatusCommand, CustomerView, Order, PlaceOrderCommand, ProductView, RequestedItem } from './order.types';

/** The only moves an order can make. */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  Processing: ['Shipped', 'Cancelled'],
  Shipped: ['Delivered'],
  Delivered: [],
  Cancelled: [],
};

/** Sums in integer cents so totals never drift by floating point. */
export const orderTotal = (items: OrderItem[]): number =>
  items.reduce((cents, i) => cents + Math.round(i.unitPrice * 100) * i.quantity, 0) / 100;

/** Prices every line from the product replica; unknown products and stale stated prices are refused. */
export function priceItems(items: RequestedItem[], products: Map<string, ProductView>): Result<OrderItem[]> {
  const unknown = items.map((item, index) => ({ item, index })).filter(({ item }) => !products.has(item.productId));
  if (unknown.length > 0) return err(OrderErrors.productsUnknown(unknown.map((u) => u.index), unknown.map((u) => u.item.productId)));
  const priced = items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: products.get(i.productId)!.price }));
  const stale = items
    .map((item, index) => ({ item, index, price: priced[index].unitPrice }))
    .filter(({ item, price }) => item.unitPrice !== undefined && item.unitPrice !== price);
  if (stale.length > 0) return err(OrderErrors.priceChanged(stale));
  return ok(priced);
}

/** How far back an imported order's `placedAt` may go. */
export const MAX_PLACED_AT_AGE_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When the order was placed: now, or — importing from an earlier system — the stated time, which may
 * be neither later than now nor more than MAX_PLACED_AT_AGE_DAYS earlier. Normalised to UTC ISO so
 * orders sort by it as strings.
 */
export function decidePlacedAt(placedAt: string | undefined, now: Date): Result<string> {
  if (placedAt === undefined) return ok(now.toISOString());
  const at = Date.parse(placedAt);
  if (Number.isNaN(at)) return err(OrderErrors.placedAtInvalid(placedAt));
  if (at > now.getTime()) return err(OrderErrors.placedAtInFuture(placedAt, now.toISOString()));
  if (at < now.getTime() - MAX_PLACED_AT_AGE_DAYS * DAY_MS) return err(OrderErrors.placedAtTooOld(placedAt, MAX_PLACED_AT_AGE_DAYS));
  return ok(new Date(at).toISOString());
}

export function decidePlaceOrder(cmd: PlaceOrderCommand, customer: CustomerView | null, products: Map<string, ProductView>, now: Date): Result<Order> {
  const placedAt = decidePlacedAt(cmd.placedAt, now);
  if (!placedAt.ok) return placedAt;
  if (!customer) return err(OrderErrors.customerUnknown(cmd.customerId));
  if (!customer.shippingAddress) return err(OrderErrors.noShippingAddress(cmd.customerId));
  const items = priceItems(cmd.items, products);
  if (!items.ok) return items;
  const at = now.toISOString();
  return ok({
    version: 1,
    snapshot: {
      orderId: cmd.orderId,
      customerId: cmd.customerId,
      customerName: customer.displayName,
      customerTier: customer.tier,
      status: 'Processing',
      items: items.value,
      total: orderTotal(items.value),
      shippingAddress: customer.shippingAddress,
      placedAt: placedAt.value,
      updatedAt: at,
    },
  });
}

export function decideStatusChange(order: Order, cmd: ChangeOrderStatusCommand, now: Date): Result<Order> {
  if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== order.version) {
    return err(OrderErrors.versionConflict(cmd.orderId, cmd.expectedVersion, order.version));
  }
  const from = order.snapshot.status;
  if (!TRANSITIONS[from].includes(cmd.status)) return err(OrderErrors.invalidTransition(from, cmd.status));
  return ok({
    version: order.version + 1,
    snapshot: { ...order.snapshot, status: cmd.status, updatedAt: now.toISOString() },
  });
}
