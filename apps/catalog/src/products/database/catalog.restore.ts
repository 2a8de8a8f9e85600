import { latestByAggregate, OrderChanged, ProductChanged, ReviewAdded } from '@app/contracts';
import { ReviewDocument } from '../../reviews/database/review.document';
import { shippedOrderOf } from '../domain/product.decider';
import { StockTake } from '../domain/stock-take';
import { ProductDocument, stockTakeKey } from './product.document';
import { ShippedOrderDocument } from './shipped-order.repository';

export interface CatalogEvents {
  products: Iterable<ProductChanged>;
  reviews: Iterable<ReviewAdded>;
  /** Order events catalog has consumed (below its group's committed offsets). */
  consumedOrders: Iterable<OrderChanged>;
}

export interface CatalogCollections {
  products: ProductDocument[];
  reviews: ReviewDocument[];
  shipped_orders: ShippedOrderDocument[];
}

/**
 * Catalog's collections as the event store has them. Bookkeeping that keeps a shipment seen again from
 * taking stock twice is restored too: the shipments catalog's group has consumed count as done
 * (`shipped_orders`), and a shipment taken from some products but not done (stopped half-way) keeps its
 * takes on those products, read from their StockAdjusted events (which know what was taken, not what
 * was asked: `quantity` is restored as `taken`).
 */
export function restoreCatalog(events: CatalogEvents): CatalogCollections {
  const reviews = [...events.reviews];
  const productEvents = [...events.products];
  const reviewSeq = new Map<string, number>();
  reviews.forEach((r) => reviewSeq.set(r.aggregateId, Math.max(reviewSeq.get(r.aggregateId) ?? 0, r.aggregateVersion)));
  const shipped = new Map<string, string>();
  for (const event of events.consumedOrders) {
    const { change, order } = event.payload;
    if (change === 'StatusChanged' && order.status === 'Shipped' && !shipped.has(order.orderId)) shipped.set(order.orderId, event.occurredAt);
  }
  const takes = pendingTakes(productEvents, new Set(shipped.keys()));
  const products = latestByAggregate(productEvents).map(({ aggregateVersion, payload: { product } }): ProductDocument => {
    const { productId, ...fields } = product;
    const seq = reviewSeq.get(productId);
    return {
      _id: productId,
      version: aggregateVersion,
      ...fields,
      outbox: [],
      ...(seq !== undefined ? { reviewSeq: seq } : {}),
      ...(takes.has(productId) ? { stockTakes: takes.get(productId) } : {}),
    };
  });
  return {
    products,
    reviews: reviews.map(({ aggregateVersion, payload: { reviewId, ...review } }) => ({ _id: reviewId, version: 1, ...review, seq: aggregateVersion, outbox: [] })),
    shipped_orders: [...shipped].map(([orderId, shippedAt]) => ({ _id: orderId, shippedAt })),
  };
}

/** Per product, the takes of shipments that are not done. */
function pendingTakes(products: readonly ProductChanged[], done: ReadonlySet<string>): Map<string, Record<string, StockTake>> {
  const takes = new Map<string, Record<string, StockTake>>();
  for (const { aggregateId, occurredAt, payload } of products) {
    const orderId = payload.change === 'StockAdjusted' ? shippedOrderOf(payload.reason) : undefined;
    if (orderId === undefined || done.has(orderId)) continue;
    const taken = -(payload.stockDelta ?? 0);
    takes.set(aggregateId, { ...takes.get(aggregateId), [stockTakeKey(orderId)]: { orderId, quantity: taken, taken, at: occurredAt } });
  }
  return takes;
}
