/** What the generated events say about one product, at every product version and review sequence number. */
export interface ExpectedProduct {
  name: string;
  description: string;
  price: number;
  /** stockAt[v - 1]: the stock after product version v. */
  stockAt: number[];
  /** ratingSumAt[s]: the sum of the first s ratings (ratingSumAt[0] = 0). */
  ratingSumAt: number[];
}

/** A catalogue document as the views store it (the fields the generator can vouch for). */
export interface CatalogueDoc {
  _id: string;
  name?: string | null;
  description?: string | null;
  price?: number | null;
  stock?: number | null;
  productVersion?: number;
  reviewCount?: number;
  ratingSum?: number;
  averageRating?: number | null;
  reviewSeq?: number;
}

export interface ViewCheck {
  documents: number;
  /** Events the documents account for: the sum of product versions and review sequence numbers. */
  eventsApplied: number;
  /** The first few differences, `productId: what`. */
  mismatches: string[];
  mismatchCount: number;
}

export interface CheckOptions {
  /** Every document must be at its product's last versions (a finished projection), not at any consistent prefix. */
  final: boolean;
  /** Every generated product must have a document. */
  allProducts: boolean;
  /** The view also keeps averageRating (the naive peer does not). */
  averageRating: boolean;
}

const averageOf = (sum: number, count: number): number | null => (count === 0 ? null : sum / count);

/** The generator's record of every product; checks a view against it. */
export class ExpectedCatalogue {
  readonly products = new Map<string, ExpectedProduct>();

  created(productId: string, fields: { name: string; description: string; price: number; stock: number }): void {
    this.products.set(productId, { name: fields.name, description: fields.description, price: fields.price, stockAt: [fields.stock], ratingSumAt: [0] });
  }

  /** Records a stock change and returns the product's new version. */
  stockChanged(productId: string, stock: number): number {
    return this.product(productId).stockAt.push(stock);
  }

  /** Records a review and returns its sequence number. */
  reviewed(productId: string, rating: number): number {
    const sums = this.product(productId).ratingSumAt;
    sums.push(sums[sums.length - 1] + rating);
    return sums.length - 1;
  }

  stock(productId: string): number {
    const { stockAt } = this.product(productId);
    return stockAt[stockAt.length - 1];
  }

  productVersion(productId: string): number {
    return this.product(productId).stockAt.length;
  }

  /** Product events plus review events generated so far. */
  get eventCount(): number {
    let n = 0;
    for (const p of this.products.values()) n += p.stockAt.length + p.ratingSumAt.length - 1;
    return n;
  }

  /**
   * Each document must show exactly what its product's events say up to the versions it claims (so a
   * view that applied any per-partition prefix passes); with `final`, those must be the last versions.
   */
  check(docs: CatalogueDoc[], options: CheckOptions): ViewCheck {
    const mismatches: string[] = [];
    let eventsApplied = 0;
    const seen = new Set<string>();
    for (const doc of docs) {
      seen.add(doc._id);
      const problem = this.mismatch(doc, options);
      if (problem) mismatches.push(`${doc._id}: ${problem}`);
      eventsApplied += (doc.productVersion ?? 0) + (doc.reviewSeq ?? 0);
    }
    if (options.allProducts) for (const id of this.products.keys()) if (!seen.has(id)) mismatches.push(`${id}: missing from the view`);
    return { documents: docs.length, eventsApplied, mismatches: mismatches.slice(0, 5), mismatchCount: mismatches.length };
  }

  private mismatch(doc: CatalogueDoc, { final, averageRating }: CheckOptions): string | null {
    const expected = this.products.get(doc._id);
    if (!expected) return 'not a generated product';
    const version = doc.productVersion ?? 0;
    const seq = doc.reviewSeq ?? 0;
    if (final && version !== expected.stockAt.length) return `productVersion ${version}, expected ${expected.stockAt.length}`;
    if (final && seq !== expected.ratingSumAt.length - 1) return `reviewSeq ${seq}, expected ${expected.ratingSumAt.length - 1}`;
    if (version > expected.stockAt.length || seq >= expected.ratingSumAt.length) return `versions ${version}/${seq} beyond what was generated`;
    if (version > 0) {
      const want = { name: expected.name, description: expected.description, price: expected.price, stock: expected.stockAt[version - 1] };
      const got = { name: doc.name, description: doc.description, price: doc.price, stock: doc.stock };
      if (JSON.stringify(got) !== JSON.stringify(want)) return `at version ${version} ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
    }
    const sum = expected.ratingSumAt[seq];
    if (doc.reviewCount !== seq || doc.ratingSum !== sum) return `at review ${seq} count ${doc.reviewCount} sum ${doc.ratingSum}, expected ${seq} and ${sum}`;
    if (averageRating && doc.averageRating !== averageOf(sum, seq)) return `averageRating ${doc.averageRating}, expected ${averageOf(sum, seq)}`;
    return null;
  }

  private product(productId: string): ExpectedProduct {
    const p = this.products.get(productId);
    if (!p) throw new Error(`unknown product ${productId}`);
    return p;
  }
}
