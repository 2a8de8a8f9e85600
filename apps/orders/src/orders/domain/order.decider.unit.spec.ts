import { decidePlaceOrder, decideStatusChange, orderTotal } from './order.decider';
import { CustomerView, Order } from './order.types';

const now = new Date('2026-03-01T12:00:00Z');
const address = { type: 'SHIPPING' as const, address1: '1 Road', city: 'London', state: 'LDN', postalCode: 'N1' };
const customer: CustomerView = { customerId: 'c-1', version: 3, displayName: 'Ada Lovelace', tier: 'Gold', shippingAddress: address };
const cmd = { orderId: 'o-1', customerId: 'c-1', items: [{ productId: 'p-1', quantity: 3 }, { productId: 'p-2', quantity: 1, unitPrice: 19.99 }] };
const products = new Map([
  ['p-1', { id: 'p-1', version: 2, name: 'Pin', price: 0.1 }],
  ['p-2', { id: 'p-2', version: 1, name: 'Gear', price: 19.99 }],
]);

function placed(): Order {
  const d = decidePlaceOrder(cmd, customer, products, now);
  if (!d.ok) throw d.error;
  return d.value;
}

describe('order decisions', () => {
  it('places an order in Processing with the shipping address copied in and an exact total', () => {
    const order = placed();
    expect(order.version).toBe(1);
    expect(order.snapshot).toMatchObject({ status: 'Processing', shippingAddress: address, customerName: 'Ada Lovelace', customerTier: 'Gold', total: 20.29 });
    expect(order.snapshot.items).toEqual([{ productId: 'p-1', quantity: 3, unitPrice: 0.1 }, { productId: 'p-2', quantity: 1, unitPrice: 19.99 }]);
    expect(orderTotal([{ productId: 'x', quantity: 3, unitPrice: 0.1 }])).toBe(0.3);
  });

  it('refuses unknown products with 422 ORDER.PRODUCT_UNKNOWN naming each line', () => {
    const d = decidePlaceOrder({ ...cmd, items: [{ productId: 'p-1', quantity: 1 }, { productId: 'nope', quantity: 1 }] }, customer, products, now);
    expect(d).toMatchObject({ ok: false, error: { kind: 'Unprocessable', code: 'ORDER.PRODUCT_UNKNOWN', fields: [{ field: 'items[1].productId' }] } });
  });

  it('refuses a stated unit price that is no longer the catalog price', () => {
    const d = decidePlaceOrder({ ...cmd, items: [{ productId: 'p-2', quantity: 1, unitPrice: 18 }] }, customer, products, now);
    expect(d).toMatchObject({ ok: false, error: { code: 'ORDER.PRICE_CHANGED', fields: [{ field: 'items[0].unitPrice' }] } });
  });

  describe('placedAt (importing an order from an earlier system)', () => {
    it('is now when absent', () => {
      expect(placed().snapshot).toMatchObject({ placedAt: now.toISOString(), updatedAt: now.toISOString() });
    });

    it('takes a past placedAt as the order placedAt, normalised to UTC; updatedAt stays the write time', () => {
      const d = decidePlaceOrder({ ...cmd, placedAt: '2026-03-01T11:00:00+01:00' }, customer, products, now);
      expect(d).toMatchObject({ ok: true, value: { snapshot: { placedAt: '2026-03-01T10:00:00.000Z', updatedAt: now.toISOString(), status: 'Processing' } } });
    });

    it.each(['2026-03-01T12:00:00Z', '2025-02-28T12:00:00Z'])('accepts the boundaries: %s', (placedAt) => {
      expect(decidePlaceOrder({ ...cmd, placedAt }, customer, products, now)).toMatchObject({ ok: true, value: { snapshot: { placedAt: new Date(placedAt).toISOString() } } });
    });

    it('refuses a placedAt in the future with 400 ORDER.PLACED_AT_IN_FUTURE on placedAt', () => {
      const d = decidePlaceOrder({ ...cmd, placedAt: '2026-03-01T12:00:00.001Z' }, customer, products, now);
      expect(d).toMatchObject({ ok: false, error: { kind: 'Invalid', code: 'ORDER.PLACED_AT_IN_FUTURE', fields: [{ field: 'placedAt' }] } });
    });

    it('refuses a placedAt more than 366 days ago with 400 ORDER.PLACED_AT_TOO_OLD on placedAt', () => {
      const d = decidePlaceOrder({ ...cmd, placedAt: '2025-02-28T11:59:59.999Z' }, customer, products, now);
      expect(d).toMatchObject({ ok: false, error: { kind: 'Invalid', code: 'ORDER.PLACED_AT_TOO_OLD', fields: [{ field: 'placedAt' }] } });
    });

    it('refuses a placedAt that is not a date-time, before looking at customer or products', () => {
      const d = decidePlaceOrder({ ...cmd, placedAt: 'yesterday' }, null, products, now);
      expect(d).toMatchObject({ ok: false, error: { kind: 'Invalid', code: 'ORDER.PLACED_AT_INVALID', fields: [{ field: 'placedAt' }] } });
    });
  });

  it('refuses an unknown customer with 422 ORDER.CUSTOMER_UNKNOWN', () => {
    expect(decidePlaceOrder(cmd, null, products, now)).toMatchObject({ ok: false, error: { kind: 'Unprocessable', code: 'ORDER.CUSTOMER_UNKNOWN' } });
  });

  it('refuses a customer without a shipping address', () => {
    expect(decidePlaceOrder(cmd, { ...customer, shippingAddress: null }, products, now)).toMatchObject({ ok: false, error: { code: 'ORDER.NO_SHIPPING_ADDRESS' } });
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
