import { err, ok, Result } from '@app/core';
import { OrderStatus } from '@app/contracts';
import { OrderErrors } from './order.errors';
import { ChangeOrderStatusCommand, CustomerView, Order, PlaceOrderCommand } from './order.types';

/** The only moves an order can make. */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  Processing: ['Shipped', 'Cancelled'],
  Shipped: ['Delivered'],
  Delivered: [],
  Cancelled: [],
};

/** Sums in integer cents so totals never drift by floating point. */
export const orderTotal = (items: PlaceOrderCommand['items']): number =>
  items.reduce((cents, i) => cents + Math.round(i.unitPrice * 100) * i.quantity, 0) / 100;

export function decidePlaceOrder(cmd: PlaceOrderCommand, customer: CustomerView | null, now: Date): Result<Order> {
  if (!customer) return err(OrderErrors.customerUnknown(cmd.customerId));
  if (!customer.shippingAddress) return err(OrderErrors.noShippingAddress(cmd.customerId));
  const at = now.toISOString();
  return ok({
    version: 1,
    snapshot: {
      orderId: cmd.orderId,
      customerId: cmd.customerId,
      customerName: customer.displayName,
      customerTier: customer.tier,
      status: 'Processing',
      items: cmd.items,
      total: orderTotal(cmd.items),
      shippingAddress: customer.shippingAddress,
      placedAt: at,
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
