import { CUSTOMER_CHANGED, KnownEvent, ORDER_CHANGED, OrderChanged, PRODUCT_CHANGED, ProductChanged, REVIEW_ADDED, ReviewAdded, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Document } from 'mongodb';
import { restoreCustomers } from '../../apps/accounts/src/customers/database/customer.restore';
import { restoreCatalog } from '../../apps/catalog/src/products/database/catalog.restore';
import { shippedOrderOf } from '../../apps/catalog/src/products/domain/product.decider';
import { restoreOrders } from '../../apps/orders/src/orders/database/order.restore';

export type RestoreService = 'accounts' | 'catalog' | 'orders';

/**
 * What a restore keeps of the records while it reads them (each partition in offset order), so that
 * it holds the state the collections need rather than every event.
 */
export interface RestoreFold {
  add(record: ConsumedEvent): void;
  /** The collections' documents. */
  result(): Record<string, Document[]>;
}

/**
 * A service's own collections (its system of record), rebuilt from the events it published: they
 * carry the full state. `consumes` names the topics whose consumption left bookkeeping to restore;
 * `fold` is given the service group's committed offset per `topic|partition` in them.
 */
export interface RestoreTarget {
  name: RestoreService;
  service: RestoreService;
  topics: string[];
  consumes: string[];
  collections: { name: string; ignore: string[] }[];
  fold: (committed: Map<string, number>) => RestoreFold;
}

/** Each aggregate's newest event of one type, as `latestByAggregate` picks it (first seen wins a tie, first-seen order). */
function latestOf<T extends KnownEvent['type']>(type: T) {
  const latest = new Map<string, Extract<KnownEvent, { type: T }>>();
  return {
    add({ event }: ConsumedEvent) {
      if (event.type !== type) return;
      const seen = latest.get(event.aggregateId);
      if (!seen || event.aggregateVersion > seen.aggregateVersion) latest.set(event.aggregateId, event as Extract<KnownEvent, { type: T }>);
    },
    values: () => latest.values(),
  };
}

/**
 * Catalog keeps each product's newest event, the StockAdjusted events of shipments (the takes), every
 * review, and the first Shipped event per order it has consumed: all restoreCatalog reads.
 */
function catalogFold(committed: Map<string, number>): RestoreFold {
  const products = latestOf(PRODUCT_CHANGED);
  const takes: ProductChanged[] = [];
  const reviews: ReviewAdded[] = [];
  const shipped = new Map<string, OrderChanged>();
  return {
    add(record) {
      const { event, ctx } = record;
      products.add(record);
      if (event.type === PRODUCT_CHANGED && event.payload.change === 'StockAdjusted' && shippedOrderOf(event.payload.reason) !== undefined) takes.push(event);
      if (event.type === REVIEW_ADDED) reviews.push(event);
      const consumed = ctx.topic === Topic.OrderEvents && Number(ctx.offset) < (committed.get(`${ctx.topic}|${ctx.partition}`) ?? 0);
      if (consumed && event.type === ORDER_CHANGED && event.payload.change === 'StatusChanged' && event.payload.order.status === 'Shipped' && !shipped.has(event.payload.order.orderId)) shipped.set(event.payload.order.orderId, event);
    },
    // The newest events first keep the products in first-seen order; the takes after them, in their own order, decide the stock takes.
    result: () => ({ ...restoreCatalog({ products: [...products.values(), ...takes], reviews, consumedOrders: shipped.values() }) }),
  };
}

const OUTBOX = ['outbox', 'outboxLease'];

export const RESTORE_TARGETS: readonly RestoreTarget[] = [
  {
    name: 'accounts',
    service: 'accounts',
    topics: [Topic.CustomerChange],
    consumes: [],
    collections: [{ name: 'customers', ignore: OUTBOX }],
    fold: () => {
      const customers = latestOf(CUSTOMER_CHANGED);
      return { add: (record) => customers.add(record), result: () => ({ customers: restoreCustomers(customers.values()) }) };
    },
  },
  {
    name: 'catalog',
    service: 'catalog',
    topics: [Topic.ProductEvents, Topic.ReviewEvents, Topic.OrderEvents],
    consumes: [Topic.OrderEvents],
    // reviewSeq is a counter the service hands out, restored past everything used; stockTakes is the
    // bookkeeping of shipments under way (and shipmentOffsets that of older versions).
    collections: [
      { name: 'products', ignore: [...OUTBOX, 'reviewSeq', 'stockTakes', 'shipmentOffsets'] },
      { name: 'reviews', ignore: OUTBOX },
      { name: 'shipped_orders', ignore: [] },
    ],
    fold: catalogFold,
  },
  {
    name: 'orders',
    service: 'orders',
    topics: [Topic.OrderEvents],
    consumes: [],
    collections: [{ name: 'orders', ignore: OUTBOX }],
    fold: () => {
      const orders = latestOf(ORDER_CHANGED);
      return { add: (record) => orders.add(record), result: () => ({ orders: restoreOrders(orders.values()) }) };
    },
  },
];
