import { CUSTOMER_CHANGED, KnownEvent, ORDER_CHANGED, PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { ConsumedEvent } from '@app/kafka';
import { Document } from 'mongodb';
import { restoreCustomers } from '../../apps/accounts/src/customers/database/customer.restore';
import { restoreCatalog } from '../../apps/catalog/src/products/database/catalog.restore';
import { restoreOrders } from '../../apps/orders/src/orders/database/order.restore';

export type RestoreService = 'accounts' | 'catalog' | 'orders';

export interface RestoreInput {
  records: ConsumedEvent[];
  /** The service group's committed offset per `topic|partition` (what the service has consumed). */
  committed: Map<string, number>;
}

/**
 * A service's own collections (its system of record), rebuilt from the events it published: they
 * carry the full state. `consumes` names the topics whose consumption left bookkeeping to restore.
 */
export interface RestoreTarget {
  name: RestoreService;
  service: RestoreService;
  topics: string[];
  consumes: string[];
  collections: { name: string; ignore: string[] }[];
  build: (input: RestoreInput) => Record<string, Document[]>;
}

const ofType = <T extends KnownEvent['type']>(records: ConsumedEvent[], type: T) =>
  records.flatMap(({ event }) => (event.type === type ? [event as Extract<KnownEvent, { type: T }>] : []));

const consumed = ({ records, committed }: RestoreInput, topic: string) =>
  records.filter(({ ctx }) => ctx.topic === topic && Number(ctx.offset) < (committed.get(`${topic}|${ctx.partition}`) ?? 0));

const OUTBOX = ['outbox', 'outboxLease'];

export const RESTORE_TARGETS: readonly RestoreTarget[] = [
  {
    name: 'accounts',
    service: 'accounts',
    topics: [Topic.CustomerChange],
    consumes: [],
    collections: [{ name: 'customers', ignore: OUTBOX }],
    build: ({ records }) => ({ customers: restoreCustomers(ofType(records, CUSTOMER_CHANGED)) }),
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
    build: (input) => ({
      ...restoreCatalog({
        products: ofType(input.records, PRODUCT_CHANGED),
        reviews: ofType(input.records, REVIEW_ADDED),
        consumedOrders: ofType(consumed(input, Topic.OrderEvents), ORDER_CHANGED),
      }),
    }),
  },
  {
    name: 'orders',
    service: 'orders',
    topics: [Topic.OrderEvents],
    consumes: [],
    collections: [{ name: 'orders', ignore: OUTBOX }],
    build: ({ records }) => ({ orders: restoreOrders(ofType(records, ORDER_CHANGED)) }),
  },
];
