import { ProductChanged, ReviewAdded, StockLevel } from '@app/contracts';
import { stockLevel, StockThresholds } from './stock-level';

/** One product as the catalogue view shows it: the product's own fields joined with its review statistics. */
export interface CatalogueEntry {
  productId: string;
  name: string | null;
  description: string | null;
  price: number | null;
  stock: number | null;
  stockLevel: StockLevel | null;
  /** The last product event applied: older or repeated ones are ignored. */
  productVersion: number;
  reviewCount: number;
  ratingSum: number;
  averageRating: number | null;
  /** Every review up to this sequence number (the review stream's aggregateVersion) is counted. */
  reviewSeq: number;
  /**
   * Reviews counted beyond `reviewSeq`, ascending: catalog's relay publishes a product's reviews from
   * separate documents, so they may arrive out of order, and each must still count exactly once.
   */
  reviewsAhead: number[];
  lastEventAt: string | null;
}

/** A threshold crossing the catalogue saw while applying a product event. */
export interface StockCrossing {
  event: ProductChanged;
  previousLevel: StockLevel;
  level: StockLevel;
}

export function emptyEntry(productId: string): CatalogueEntry {
  return {
    productId,
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
  };
}

const laterOf = (a: string | null, b: string): string => (a !== null && a > b ? a : b);

/**
 * Applies a product event if it is newer than the entry. A new product starts from `Ok`, so one created
 * with little stock is a crossing too; a product that stays at its level is not.
 */
export function applyProductChanged(entry: CatalogueEntry, event: ProductChanged, thresholds: StockThresholds): { entry: CatalogueEntry; crossing?: StockCrossing } {
  if (event.aggregateVersion <= entry.productVersion) return { entry };
  const { product } = event.payload;
  const level = stockLevel(product.stock, thresholds);
  const previousLevel = entry.stockLevel ?? 'Ok';
  const next: CatalogueEntry = {
    ...entry,
    name: product.name,
    description: product.description,
    price: product.price,
    stock: product.stock,
    stockLevel: level,
    productVersion: event.aggregateVersion,
    lastEventAt: laterOf(entry.lastEventAt, event.occurredAt),
  };
  return level === previousLevel ? { entry: next } : { entry: next, crossing: { event, previousLevel, level } };
}

/** Counts each review exactly once, in whatever order the reviews of a product arrive. */
export function applyReviewAdded(entry: CatalogueEntry, event: ReviewAdded): CatalogueEntry {
  const seq = event.aggregateVersion;
  if (seq <= entry.reviewSeq || entry.reviewsAhead.includes(seq)) return entry;
  let reviewSeq = entry.reviewSeq;
  const reviewsAhead = [...entry.reviewsAhead, seq].sort((a, b) => a - b);
  while (reviewsAhead[0] === reviewSeq + 1) reviewSeq = reviewsAhead.shift() ?? reviewSeq;
  const reviewCount = entry.reviewCount + 1;
  const ratingSum = entry.ratingSum + event.payload.rating;
  return {
    ...entry,
    reviewCount,
    ratingSum,
    // Exact: rounding is for display (the dashboard), so sorting and further maths lose nothing.
    averageRating: ratingSum / reviewCount,
    reviewSeq,
    reviewsAhead,
    lastEventAt: laterOf(entry.lastEventAt, event.occurredAt),
  };
}
