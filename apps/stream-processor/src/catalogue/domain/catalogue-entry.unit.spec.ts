import { CRITICAL_STOCK, envelope, LOW_STOCK, PRODUCT_CHANGED, PRODUCT_CHANGED_VERSION, ProductChanged, REVIEW_ADDED, REVIEW_ADDED_VERSION, ReviewAdded, STOCK_RECOVERED, StockLevel } from '@app/contracts';
import { applyProductChanged, applyReviewAdded, CatalogueEntry, emptyEntry, StockCrossing } from './catalogue-entry';
import { stockAlertFor } from './stock-alert.factory';
import { stockLevel, StockThresholds } from './stock-level';

const thresholds: StockThresholds = { low: 20, critical: 5 };
const t0 = new Date('2026-05-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);

function productChanged(version: number, stock: number, opts: { productId?: string; occurredAt?: Date; eventId?: string } = {}): ProductChanged {
  const productId = opts.productId ?? 'p-1';
  const occurredAt = opts.occurredAt ?? at(version);
  return envelope(
    PRODUCT_CHANGED,
    PRODUCT_CHANGED_VERSION,
    productId,
    version,
    {
      change: version === 1 ? 'Created' : 'StockAdjusted',
      product: { productId, name: 'Gear', description: 'A gear', price: 2.5, stock, createdAt: t0.toISOString(), updatedAt: occurredAt.toISOString() },
    },
    { eventId: opts.eventId ?? `evt-${productId}-${version}`, occurredAt, correlationId: `corr-${productId}-${version}` },
  );
}

function reviewAdded(seq: number, rating: number, occurredAt: Date = at(seq)): ReviewAdded {
  return envelope(
    REVIEW_ADDED,
    REVIEW_ADDED_VERSION,
    'p-1',
    seq,
    { reviewId: `r-${seq}`, productId: 'p-1', customerId: `c-${seq}`, rating, text: 'ok', createdAt: occurredAt.toISOString() },
    { eventId: `review-${seq}`, occurredAt, correlationId: `corr-review-${seq}` },
  );
}

/** Applies product events in order, returning the final entry and the crossings seen on the way. */
function applyAll(events: ProductChanged[], start: CatalogueEntry = emptyEntry('p-1')): { entry: CatalogueEntry; crossings: StockCrossing[] } {
  const crossings: StockCrossing[] = [];
  let entry = start;
  for (const event of events) {
    const result = applyProductChanged(entry, event, thresholds);
    entry = result.entry;
    if (result.crossing) crossings.push(result.crossing);
  }
  return { entry, crossings };
}

describe('stock level', () => {
  it.each([
    [19, 'Low'],
    [20, 'Ok'],
    [4, 'Critical'],
    [5, 'Low'],
    [0, 'Critical'],
    [1000, 'Ok'],
  ] as const)('stock %i is %s with low=20, critical=5', (stock, level) => {
    expect(stockLevel(stock, thresholds)).toBe(level);
  });
});

describe('catalogue entry: product events', () => {
  it('starts empty', () => {
    expect(emptyEntry('p-9')).toEqual({
      productId: 'p-9',
      name: null,
      description: null,
      price: null,
      stock: null,
      stockLevel: null,
      productVersion: 0,
      reviewCount: 0,
      ratingSum: 0,
      averageRating: null,
      reviewSeq: 0,
      reviewsAhead: [],
      lastEventAt: null,
    });
  });

  it('a new product with stock 3 is a crossing Ok → Critical', () => {
    const event = productChanged(1, 3);
    const { entry, crossing } = applyProductChanged(emptyEntry('p-1'), event, thresholds);
    expect(crossing).toEqual({ event, previousLevel: 'Ok', level: 'Critical' });
    expect(entry).toMatchObject({ productId: 'p-1', name: 'Gear', description: 'A gear', price: 2.5, stock: 3, stockLevel: 'Critical', productVersion: 1, lastEventAt: event.occurredAt });
  });

  it('a new product with stock 30 is no crossing', () => {
    const { entry, crossing } = applyProductChanged(emptyEntry('p-1'), productChanged(1, 30), thresholds);
    expect(crossing).toBeUndefined();
    expect(entry).toMatchObject({ stock: 30, stockLevel: 'Ok', productVersion: 1 });
  });

  it('staying within a level is no crossing, but the entry still moves on', () => {
    const low = applyAll([productChanged(1, 15), productChanged(2, 10)]);
    expect(low.crossings.map((c) => [c.previousLevel, c.level])).toEqual([['Ok', 'Low']]);
    expect(low.entry).toMatchObject({ stock: 10, stockLevel: 'Low', productVersion: 2 });

    const critical = applyAll([productChanged(1, 4), productChanged(2, 0)]);
    expect(critical.crossings).toHaveLength(1);
    expect(critical.entry).toMatchObject({ stock: 0, stockLevel: 'Critical', productVersion: 2 });

    const ok = applyAll([productChanged(1, 50), productChanged(2, 20)]);
    expect(ok.crossings).toEqual([]);
    expect(ok.entry).toMatchObject({ stock: 20, stockLevel: 'Ok' });
  });

  it('reports each crossing with the level it came from', () => {
    const { crossings } = applyAll([productChanged(1, 30), productChanged(2, 19), productChanged(3, 4), productChanged(4, 5), productChanged(5, 20)]);
    expect(crossings.map((c) => [c.event.aggregateVersion, c.previousLevel, c.level])).toEqual([
      [2, 'Ok', 'Low'],
      [3, 'Low', 'Critical'],
      [4, 'Critical', 'Low'],
      [5, 'Low', 'Ok'],
    ]);
  });

  it('a stale or repeated product version changes nothing and returns the same object', () => {
    const { entry } = applyAll([productChanged(1, 30), productChanged(2, 10)]);

    const repeated = applyProductChanged(entry, productChanged(2, 3), thresholds);
    expect(repeated.entry).toBe(entry);
    expect(repeated.crossing).toBeUndefined();

    const stale = applyProductChanged(entry, productChanged(1, 30), thresholds);
    expect(stale.entry).toBe(entry);
    expect(stale.crossing).toBeUndefined();
    expect(entry).toMatchObject({ stock: 10, stockLevel: 'Low', productVersion: 2 });
  });

  it('keeps the latest event time when an event with an earlier time arrives', () => {
    const afterReview = applyReviewAdded(emptyEntry('p-1'), reviewAdded(1, 5, at(60)));
    const { entry } = applyProductChanged(afterReview, productChanged(1, 30, { occurredAt: at(10) }), thresholds);
    expect(entry.lastEventAt).toBe(at(60).toISOString());
    expect(entry.reviewCount).toBe(1);
    expect(entry.stock).toBe(30);
  });
});

describe('catalogue entry: reviews', () => {
  it('keeps the exact average, unrounded (5, 4, 4 → 13/3)', () => {
    const entry = [reviewAdded(1, 5), reviewAdded(2, 4), reviewAdded(3, 4)].reduce(applyReviewAdded, emptyEntry('p-1'));
    expect(entry).toMatchObject({ reviewCount: 3, ratingSum: 13, averageRating: 13 / 3, reviewSeq: 3, lastEventAt: at(3).toISOString() });
  });

  it('ratings 1, 2, 2 average 5/3, not 1.67', () => {
    const entry = [reviewAdded(1, 1), reviewAdded(2, 2), reviewAdded(3, 2)].reduce(applyReviewAdded, emptyEntry('p-1'));
    expect(entry.averageRating).toBe(5 / 3);
    expect(entry.averageRating).not.toBe(1.67);
  });

  it('counts a review once per sequence number: a redelivered review is ignored', () => {
    const once = [reviewAdded(1, 5), reviewAdded(2, 1)].reduce(applyReviewAdded, emptyEntry('p-1'));
    expect(once).toMatchObject({ reviewCount: 2, ratingSum: 6, averageRating: 3 });

    expect(applyReviewAdded(once, reviewAdded(2, 1))).toBe(once);
    expect(applyReviewAdded(once, reviewAdded(1, 5))).toBe(once);
  });

  it('counts reviews that arrive out of order exactly once each (separate outbox documents)', () => {
    const entry = [reviewAdded(3, 1), reviewAdded(1, 5), reviewAdded(3, 1), reviewAdded(4, 2)].reduce(applyReviewAdded, emptyEntry('p-1'));
    expect(entry).toMatchObject({ reviewCount: 3, ratingSum: 8, reviewSeq: 1, reviewsAhead: [3, 4] });
    const complete = [reviewAdded(2, 4), reviewAdded(4, 2), reviewAdded(1, 5)].reduce(applyReviewAdded, entry);
    expect(complete).toMatchObject({ reviewCount: 4, ratingSum: 12, averageRating: 3, reviewSeq: 4, reviewsAhead: [] });
  });

  it('leaves the product fields alone', () => {
    const { entry } = applyProductChanged(emptyEntry('p-1'), productChanged(1, 12), thresholds);
    const reviewed = applyReviewAdded(entry, reviewAdded(1, 2));
    expect(reviewed).toMatchObject({ stock: 12, stockLevel: 'Low', productVersion: 1, name: 'Gear', averageRating: 2 });
  });
});

describe('stock alert for a crossing', () => {
  const crossingAt = (previousLevel: StockLevel, level: StockLevel, event: ProductChanged): StockCrossing => ({ event, previousLevel, level });

  it('has an id derived from product and version only: a redelivery or a replay gives the same event', () => {
    const first = stockAlertFor(crossingAt('Ok', 'Low', productChanged(3, 10)), thresholds);
    const again = stockAlertFor(crossingAt('Ok', 'Low', productChanged(3, 10)), thresholds);
    expect(again.eventId).toBe(first.eventId);
    expect(again).toEqual(first);
    expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('has a different id for another version or another product', () => {
    const v3 = stockAlertFor(crossingAt('Ok', 'Low', productChanged(3, 10)), thresholds);
    const v4 = stockAlertFor(crossingAt('Low', 'Critical', productChanged(4, 2)), thresholds);
    const other = stockAlertFor(crossingAt('Ok', 'Low', productChanged(3, 10, { productId: 'p-2' })), thresholds);
    expect(v4.eventId).not.toBe(v3.eventId);
    expect(other.eventId).not.toBe(v3.eventId);
  });

  it.each([
    ['Ok', 'Low', LOW_STOCK],
    ['Ok', 'Critical', CRITICAL_STOCK],
    ['Low', 'Critical', CRITICAL_STOCK],
    ['Critical', 'Low', LOW_STOCK],
    ['Low', 'Ok', STOCK_RECOVERED],
    ['Critical', 'Ok', STOCK_RECOVERED],
  ] as const)('a crossing %s → %s is a %s event', (previousLevel, level, type) => {
    expect(stockAlertFor(crossingAt(previousLevel, level, productChanged(2, 7)), thresholds).type).toBe(type);
  });

  it('derives its metadata and payload from the source product event', () => {
    const source = productChanged(7, 3, { occurredAt: new Date('2026-05-02T08:15:30.123Z'), eventId: 'source-evt' });
    const { crossing } = applyProductChanged({ ...emptyEntry('p-1'), productVersion: 6, stockLevel: 'Low', stock: 12 }, source, thresholds);
    expect(crossing).toBeDefined();
    const alert = stockAlertFor(crossing as StockCrossing, thresholds);
    expect(alert).toMatchObject({
      type: CRITICAL_STOCK,
      schemaVersion: 1,
      aggregateId: 'p-1',
      aggregateVersion: 7,
      causationId: 'source-evt',
      correlationId: source.correlationId,
      occurredAt: '2026-05-02T08:15:30.123Z',
    });
    expect(alert.occurredAt).toBe(source.occurredAt);
    expect(alert.payload).toEqual({ productId: 'p-1', productName: 'Gear', stock: 3, previousLevel: 'Low', level: 'Critical', lowThreshold: 20, criticalThreshold: 5 });
  });
});
