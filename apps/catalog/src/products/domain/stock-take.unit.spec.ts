import { shipmentReason, shippedOrderOf } from './product.decider';
import { Product } from './product.types';
import { decideStockTake, quantitiesByProduct } from './stock-take';

const t0 = new Date('2026-05-01T00:00:00Z');
const t1 = new Date('2026-05-01T00:05:00Z');
const product = (stock: number, version = 3): Product => ({
  version,
  snapshot: { productId: 'p-1', name: 'Gear', description: 'd', price: 2.5, stock, createdAt: t0.toISOString(), updatedAt: t0.toISOString() },
});

describe('taking a shipped order out of stock, once per (order, product)', () => {
  it('given no take of the order: takes what is there and records what it took', () => {
    expect(decideStockTake(product(5), undefined, 'o-1', 3, t1)).toEqual({
      kind: 'take',
      shortfall: 0,
      take: { orderId: 'o-1', quantity: 3, taken: 3, at: t1.toISOString() },
      change: expect.objectContaining({ kind: 'changed', stockDelta: -3, reason: 'order o-1 shipped', product: expect.objectContaining({ version: 4 }) }),
    });
  });

  it('given too little stock: takes the rest, records the shortfall in the take, never goes below zero', () => {
    const d = decideStockTake(product(2), undefined, 'o-1', 5, t1);
    expect(d).toMatchObject({ kind: 'take', shortfall: 3, take: { quantity: 5, taken: 2 }, change: { product: { snapshot: { stock: 0 } } } });
  });

  it('given nothing in stock: records a take of zero without a stock change (a later restock is not taken)', () => {
    expect(decideStockTake(product(0), undefined, 'o-1', 4, t1)).toMatchObject({ kind: 'take', shortfall: 4, take: { taken: 0 }, change: { kind: 'unchanged' } });
  });

  it('given the order already took from the product: nothing more, whatever the stock is now', () => {
    const recorded = { orderId: 'o-1', quantity: 3, taken: 3, at: t0.toISOString() };
    expect(decideStockTake(product(50, 9), recorded, 'o-1', 3, t1)).toEqual({ kind: 'already-taken', take: recorded });
  });

  it('adds up the lines of one product', () => {
    expect([...quantitiesByProduct([{ productId: 'a', quantity: 2 }, { productId: 'b', quantity: 3 }, { productId: 'a', quantity: 1 }])]).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
  });

  it('reads the order back from a shipment reason, and nothing from another reason', () => {
    expect(shippedOrderOf(shipmentReason('o-7'))).toBe('o-7');
    expect(shippedOrderOf('manual adjustment')).toBeUndefined();
    expect(shippedOrderOf(undefined)).toBeUndefined();
  });
});
