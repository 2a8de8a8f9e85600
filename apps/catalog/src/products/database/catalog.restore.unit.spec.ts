import { envelope, ORDER_CHANGED, OrderChanged, PRODUCT_CHANGED, ProductChanged, ProductSnapshot, REVIEW_ADDED, ReviewAdded } from '@app/contracts';
import { restoreCatalog } from './catalog.restore';

const at = (n: number) => ({ eventId: `e-${n}`, occurredAt: new Date(Date.UTC(2026, 4, 1, 0, n)), correlationId: 'c' });
const snapshot = (productId: string, stock: number): ProductSnapshot => ({ productId, name: 'Gear', description: 'd', price: 2, stock, createdAt: 't0', updatedAt: 't1' });
const product = (id: string, version: number, stock: number, n: number): ProductChanged =>
  envelope(PRODUCT_CHANGED, 1, id, version, { change: version === 1 ? 'Created' : 'StockAdjusted', product: snapshot(id, stock) }, at(n));
const review = (productId: string, seq: number, n: number): ReviewAdded =>
  envelope(REVIEW_ADDED, 1, productId, seq, { reviewId: `r-${productId}-${seq}`, productId, customerId: 'c1', rating: 4, text: 'ok', createdAt: 't' }, at(n));
const order = (orderId: string, status: 'Processing' | 'Shipped', n: number): OrderChanged =>
  envelope(ORDER_CHANGED, 1, orderId, status === 'Shipped' ? 2 : 1, {
    change: status === 'Shipped' ? 'StatusChanged' : 'Placed',
    order: { orderId, customerId: 'c1', customerName: 'A', customerTier: 'Gold', status, items: [], total: 0, shippingAddress: { type: 'SHIPPING', address1: 'a', city: 'c', state: 's', postalCode: 'p' }, placedAt: 't', updatedAt: 't' },
  }, at(n));

describe('restoring catalog from its events', () => {
  it('keeps the newest snapshot of each product whatever the order events arrive in, with nothing pending', () => {
    const { products } = restoreCatalog({ products: [product('p1', 2, 7, 2), product('p1', 1, 10, 1), product('p2', 1, 3, 3)], reviews: [], consumedOrders: [] });
    expect(products).toEqual([
      { _id: 'p1', version: 2, name: 'Gear', description: 'd', price: 2, stock: 7, createdAt: 't0', updatedAt: 't1', outbox: [] },
      { _id: 'p2', version: 1, name: 'Gear', description: 'd', price: 2, stock: 3, createdAt: 't0', updatedAt: 't1', outbox: [] },
    ]);
  });

  it('restores reviews with their sequence numbers and hands out review numbers after the highest used', () => {
    const { products, reviews } = restoreCatalog({ products: [product('p1', 1, 10, 1)], reviews: [review('p1', 1, 2), review('p1', 3, 3)], consumedOrders: [] });
    expect(products[0].reviewSeq).toBe(3);
    expect(reviews).toContainEqual({ _id: 'r-p1-3', version: 1, productId: 'p1', customerId: 'c1', rating: 4, text: 'ok', createdAt: 't', seq: 3, outbox: [] });
  });

  it('marks consumed shipments as done, and keeps the takes of a shipment stopped half-way on its products', () => {
    const taken = (id: string, version: number, stock: number, orderId: string, delta: number, n: number): ProductChanged =>
      envelope(PRODUCT_CHANGED, 1, id, version, { change: 'StockAdjusted', stockDelta: delta, reason: `order ${orderId} shipped`, product: snapshot(id, stock) }, at(n));
    const { products, shipped_orders } = restoreCatalog({
      products: [product('p1', 1, 10, 1), taken('p1', 2, 8, 'o1', -2, 4), taken('p1', 3, 5, 'o3', -3, 5), product('p2', 1, 4, 1)],
      reviews: [],
      consumedOrders: [order('o1', 'Processing', 1), order('o1', 'Shipped', 2), order('o2', 'Processing', 3)],
    });
    expect(shipped_orders).toEqual([{ _id: 'o1', shippedAt: at(2).occurredAt.toISOString() }]);
    expect(products.find((p) => p._id === 'p1')).toMatchObject({ version: 3, stock: 5, stockTakes: { o3: { orderId: 'o3', quantity: 3, taken: 3, at: at(5).occurredAt.toISOString() } } });
    expect(Object.keys(products.find((p) => p._id === 'p1')?.stockTakes ?? {})).toEqual(['o3']);
    expect(products.find((p) => p._id === 'p2')?.stockTakes).toBeUndefined();
  });
});
