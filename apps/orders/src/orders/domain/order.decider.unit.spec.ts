import { decidePlaceOrder, decideStatusChange, orderTotal } from './order.decider';
import { CustomerView, Order } from './order.types';

const now = new Date('2026-03-01T12:00:00Z');
const address = { type: 'SHIPPING' as const, address1: '1 Road', city: 'London', state: 'LDN', postalCode: 'N1' };
const customer: CustomerView = { customerId: 'c-1', version: 3, displayName: 'Ada Lovelace', tier: 'Gold', shippingAddress: address };
const cmd = { orderId: 'o-1', customerId: 'c-1', items: [{ productId: 'p-1', quantity: 3, unitPrice: 0.1 }, { productId: 'p-2', quantity: 1, unitPrice: 19.99 }] };

function placed(): Order {
  const d = decidePlaceOrder(cmd, customer, now);
  if (!d.ok) throw d.error;
  return d.value;
}

describe('order decisions', () => {
  it('places an order in Processing with the shipping address copied in and an exact total', () => {
    const order = placed();
    expect(order.version).toBe(1);
    expect(order.snapshot).toMatchObject({ status: 'Processing', shippingAddress: address, customerName: 'Ada Lovelace', customerTier: 'Gold', total: 20.29 });
    expect(orderTotal([{ productId: 'x', quantity: 3, unitPrice: 0.1 }])).toBe(0.3);
  });

  it('refuses an unknown customer with 422 ORDER.CUSTOMER_UNKNOWN', () => {
    expect(decidePlaceOrder(cmd, null, now)).toMatchObject({ ok: false, error: { kind: 'Unprocessable', code: 'ORDER.CUSTOMER_UNKNOWN' } });
  });

  it('refuses a customer without a shipping address', () => {
    expect(decidePlaceOrder(cmd, { ...customer, shippingAddress: null }, now)).toMatchObject({ ok: false, error: { code: 'ORDER.NO_SHIPPING_ADDRESS' } });
  });

  it.each([
    ['Processing', 'Shipped'],
    ['Processing', 'Cancelled'],
    ['Shipped', 'Delivered'],
  ] as const)('allows %s → %s', (from, to) => {
    const order = { ...placed(), snapshot: { ...placed().snapshot, status: from } };
    expect(decideStatusChange(order, { orderId: 'o-1', status: to }, now)).toMatchObject({ ok: true, value: { version: 2, snapshot: { status: to } } });
  });

  it.each([
    ['Processing', 'Delivered'],
    ['Processing', 'Processing'],
    ['Shipped', 'Cancelled'],
    ['Delivered', 'Shipped'],
    ['Cancelled', 'Processing'],
  ] as const)('refuses %s → %s with 409 ORDER.INVALID_TRANSITION', (from, to) => {
    const order = { ...placed(), snapshot: { ...placed().snapshot, status: from } };
    expect(decideStatusChange(order, { orderId: 'o-1', status: to }, now)).toMatchObject({ ok: false, error: { kind: 'Conflict', code: 'ORDER.INVALID_TRANSITION' } });
  });

  it('refuses a stale If-Match', () => {
    expect(decideStatusChange(placed(), { orderId: 'o-1', status: 'Shipped', expectedVersion: 4 }, now)).toMatchObject({ ok: false, error: { code: 'ORDER.VERSION_CONFLICT' } });
  });
});
