import { latestByAggregate, OrderChanged, ProductChanged, ReviewAdded } from '@app/contracts';
import { ReviewDocument } from '../../reviews/database/review.document';
import { ProductDocument } from './product.document';
import { ShippedOrderDocument } from './shipped-order.repository';

export interface CatalogEvents {
  products: Iterable<ProductChanged>;
  reviews: Iterable<ReviewAdded>;
  /** Order events catalog has consumed (below its group's committed offsets). */
  consumedOrders: Iterable<OrderChanged>;
  /** Per order-events partition, the offset catalog's group has committed. */
  committedOrderOffsets: Record<string, number>;
}

export interface CatalogCollections {
  products: ProductDocument[];
  reviews: ReviewDocument[];
  shipped_orders: ShippedOrderDocument[];
}

/**
 * Catalog's collections as the event store has them. Bookkeeping that keeps a redelivered shipment from
 * taking stock twice is restored from what catalog's group has consumed: every shipment below its
 * committed offsets has been applied, so each product starts past them and those orders count as shipped.
 */
export function restoreCatalog(events: CatalogEvents): CatalogCollections {
  const reviews = [...events.reviews];
  const reviewSeq = new Map<string, number>();
  reviews.forEach((r) => reviewSeq.set(r.aggregateId, Math.max(reviewSeq.get(r.aggregateId) ?? 0, r.aggregateVersion)));
  const shipmentOffsets = Object.fromEntries(Object.entries(events.committedOrderOffsets).filter(([, o]) => o > 0).map(([p, o]) => [p, o - 1]));
  const products = latestByAggregate(events.products).map(({ aggregateVersion, payload: { product } }): ProductDocument => {
    const { productId, ...fields } = product;
    const seq = reviewSeq.get(productId);
    return {
      _id: productId,
      version: aggregateVersion,
      ...fields,
      outbox: [],
      ...(seq !== undefined ? { reviewSeq: seq } : {}),
      ...(Object.keys(shipmentOffsets).length > 0 ? { shipmentOffsets } : {}),
    };
  });
  const shipped = new Map<string, string>();
  for (const event of events.consumedOrders) {
    const { change, order } = event.payload;
    if (change === 'StatusChanged' && order.status === 'Shipped' && !shipped.has(order.orderId)) shipped.set(order.orderId, event.occurredAt);
  }
  return {
    products,
    reviews: reviews.map(({ aggregateVersion, payload: { reviewId, ...review } }) => ({ _id: reviewId, version: 1, ...review, seq: aggregateVersion, outbox: [] })),
    shipped_orders: [...shipped].map(([orderId, shippedAt]) => ({ _id: orderId, shippedAt })),
  };
}
