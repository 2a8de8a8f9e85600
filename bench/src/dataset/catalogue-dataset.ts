import { envelope, PRODUCT_CHANGED, PRODUCT_CHANGED_VERSION, ProductSnapshot, REVIEW_ADDED, REVIEW_ADDED_VERSION, Topic } from '@app/contracts';
import { OutboxEntry, toOutboxEntry } from '@app/outbox';
import { randomUUID } from 'node:crypto';
import { ExpectedCatalogue } from './expected-catalogue';
import { Prng } from './prng';

export interface DatasetSpec {
  products: number;
  /** All events, the products' Created ones included. */
  events: number;
  seed: number;
  /** Event time of the first event; each next one is 1 ms later. */
  startAt: Date;
  /** Product ids are `<idPrefix>p000123`: unique per run where the topics already hold other events (smoke on the test runtime). */
  idPrefix: string;
}

/** A record exactly as the catalog service's outbox relay publishes it (key, value, headers). */
export type DatasetRecord = OutboxEntry;

const CORRELATION_ID = 'bench-dataset';


/**
 * The catalogue workload, built with the contracts' `envelope` so the records are what the catalog
 * service publishes: every product's Created first, then stock adjustments (consecutive product
 * versions) and reviews (consecutive review sequence numbers) for random products, half and half.
 * Deterministic for a seed, apart from event ids; `expected` records what every product must show.
 */
export class CatalogueDataset {
  readonly expected = new ExpectedCatalogue();
  private readonly random: Prng;
  private readonly createdAt: string;

  constructor(
    readonly spec: DatasetSpec,
    private readonly newId: () => string = randomUUID,
  ) {
    if (spec.events < spec.products) throw new Error('a dataset needs at least one event per product');
    this.random = new Prng(spec.seed);
    this.createdAt = spec.startAt.toISOString();
  }

  /** The id of the index-th generated product. */
  productId(index: number): string {
    return `${this.spec.idPrefix}p${String(index).padStart(6, '0')}`;
  }

  /** A filter for this dataset's documents in a view (the topics may also hold other runs' products). */
  ownDocuments(): { _id: { $gte: string; $lt: string } } {
    return { _id: { $gte: this.spec.idPrefix, $lt: `${this.spec.idPrefix}\uffff` } };
  }

  /** The records in production order, `size` at a time. */
  *chunks(size: number): Generator<DatasetRecord[]> {
    let chunk: DatasetRecord[] = [];
    for (let i = 0; i < this.spec.events; i++) {
      const at = new Date(this.spec.startAt.getTime() + i);
      chunk.push(i < this.spec.products ? this.created(i, at) : this.randomChange(at));
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }

  /** A StockAdjusted event for a product, continuing its versions (the freshness benchmark's events). */
  stockAdjusted(productId: string, at: Date): { record: DatasetRecord; version: number } {
    const stock = this.expected.stock(productId);
    let delta = this.random.int(-8, 8) || 1;
    if (stock + delta < 0) delta = stock > 0 ? -stock : this.random.int(1, 8);
    const version = this.expected.stockChanged(productId, stock + delta);
    const product = this.snapshot(productId, stock + delta, at);
    const event = envelope(PRODUCT_CHANGED, PRODUCT_CHANGED_VERSION, productId, version, { change: 'StockAdjusted' as const, stockDelta: delta, reason: 'stock count', product }, this.meta(at));
    return { record: toOutboxEntry(Topic.ProductEvents, event), version };
  }

  private randomChange(at: Date): DatasetRecord {
    const productId = this.productId(this.random.int(0, this.spec.products - 1));
    return this.random.next() < 0.5 ? this.stockAdjusted(productId, at).record : this.review(productId, at);
  }

  private created(index: number, at: Date): DatasetRecord {
    const productId = this.productId(index);
    const fields = { name: `Product ${index}`, description: `Generated product ${index} for the catalogue benchmark.`, price: this.random.int(100, 99_999) / 100, stock: this.random.int(30, 300) };
    this.expected.created(productId, fields);
    const product: ProductSnapshot = { productId, ...fields, createdAt: this.createdAt, updatedAt: at.toISOString() };
    const event = envelope(PRODUCT_CHANGED, PRODUCT_CHANGED_VERSION, productId, 1, { change: 'Created' as const, product }, this.meta(at));
    return toOutboxEntry(Topic.ProductEvents, event);
  }

  private review(productId: string, at: Date): DatasetRecord {
    const rating = this.random.int(1, 5);
    const seq = this.expected.reviewed(productId, rating);
    const payload = { reviewId: this.newId(), productId, customerId: `c${this.random.int(1, 5000)}`, rating, text: `Rated ${rating} of 5.`, createdAt: at.toISOString() };
    return toOutboxEntry(Topic.ReviewEvents, envelope(REVIEW_ADDED, REVIEW_ADDED_VERSION, productId, seq, payload, this.meta(at)));
  }

  private snapshot(productId: string, stock: number, at: Date): ProductSnapshot {
    const p = this.expected.products.get(productId);
    if (!p) throw new Error(`unknown product ${productId}`);
    return { productId, name: p.name, description: p.description, price: p.price, stock, createdAt: this.createdAt, updatedAt: at.toISOString() };
  }

  private meta(at: Date) {
    return { eventId: this.newId(), occurredAt: at, correlationId: CORRELATION_ID };
  }
}
