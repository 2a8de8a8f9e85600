import { decideAdjustStock, decideSaveProduct, decideShipment } from './product.decider';
import { Product } from './product.types';

const t0 = new Date('2026-05-01T00:00:00Z');
const product = (stock: number): Product => ({
  version: 3,
  snapshot: { productId: 'p-1', name: 'Gear', description: 'd', price: 2.5, stock, createdAt: t0.toISOString(), updatedAt: t0.toISOString() },
});

describe('product decisions', () => {
  it('creates, replaces, and recognises an unchanged product', () => {
    const cmd = { productId: 'p-1', name: 'Gear', description: 'd', price: 2.5, stock: 10 };
    expect(decideSaveProduct(cmd, null, t0)).toMatchObject({ ok: true, value: { kind: 'changed', change: 'Created', product: { version: 1 } } });
    expect(decideSaveProduct({ ...cmd, price: 3 }, product(10), t0)).toMatchObject({ ok: true, value: { change: 'Replaced', product: { version: 4, snapshot: { price: 3 } } } });
    expect(decideSaveProduct(cmd, product(10), t0)).toMatchObject({ ok: true, value: { kind: 'unchanged' } });
    expect(decideSaveProduct({ ...cmd, expectedVersion: 1 }, product(10), t0)).toMatchObject({ ok: false, error: { code: 'PRODUCT.VERSION_CONFLICT' } });
  });

  it('adjusts stock but never below zero (409 PRODUCT.INSUFFICIENT_STOCK)', () => {
    expect(decideAdjustStock(product(5), -5, t0)).toMatchObject({ ok: true, value: { change: 'StockAdjusted', stockDelta: -5, product: { snapshot: { stock: 0 } } } });
    expect(decideAdjustStock(product(5), 7, t0)).toMatchObject({ ok: true, value: { product: { snapshot: { stock: 12 } } } });
    expect(decideAdjustStock(product(5), -6, t0)).toMatchObject({ ok: false, error: { kind: 'Conflict', code: 'PRODUCT.INSUFFICIENT_STOCK', fields: [{ field: 'delta' }] } });
  });

  it('a shipment takes what is there and reports the shortfall', () => {
    expect(decideShipment(product(5), 3, 'o-1', t0)).toMatchObject({ shortfall: 0, change: { stockDelta: -3, reason: 'order o-1 shipped', product: { snapshot: { stock: 2 } } } });
    expect(decideShipment(product(2), 5, 'o-1', t0)).toMatchObject({ shortfall: 3, change: { stockDelta: -2, product: { snapshot: { stock: 0 } } } });
    expect(decideShipment(product(0), 1, 'o-1', t0)).toMatchObject({ shortfall: 1, change: { kind: 'unchanged' } });
  });
});
