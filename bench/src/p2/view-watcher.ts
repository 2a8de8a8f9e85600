import { Collection } from 'mongodb';
import { CatalogueDoc } from '../dataset/expected-catalogue';
import { LatencyHistogram, LatencySummary } from './latency-histogram';

interface Watched {
  /** The product version before this run. */
  base: number;
  /** producedAt[v - base - 1]: when version v was handed to the producer. */
  producedAt: number[];
  seen: number;
}

/**
 * Reads the watched products' catalogue documents by `_id $in` (served from FerretDB's _id index) in a
 * tight loop; a version counts as visible when a read that returned it completes. Its polling period
 * is the resolution of the latencies.
 */
export class ViewWatcher {
  readonly latency = new LatencyHistogram();
  readonly pollPeriod = new LatencyHistogram();
  private readonly watched = new Map<string, Watched>();
  private running = false;
  private loop?: Promise<void>;
  private seenCount = 0;

  constructor(private readonly catalogue: Collection<CatalogueDoc>, baseVersions: Map<string, number>) {
    for (const [id, base] of baseVersions) this.watched.set(id, { base, producedAt: [], seen: base });
  }

  produced(productId: string, version: number, at: number): void {
    const w = this.watched.get(productId);
    if (w) w.producedAt[version - w.base - 1] = at;
  }

  get seen(): number {
    return this.seenCount;
  }

  start(): void {
    this.running = true;
    this.loop = this.poll();
  }

  async stop(): Promise<{ latency: LatencySummary; pollPeriod: LatencySummary }> {
    this.running = false;
    await this.loop;
    return { latency: this.latency.summary(), pollPeriod: this.pollPeriod.summary() };
  }

  private async poll(): Promise<void> {
    const ids = [...this.watched.keys()];
    let last = performance.now();
    while (this.running) {
      const docs = await this.catalogue.find({ _id: { $in: ids } }, { projection: { productVersion: 1 } }).toArray();
      const now = performance.now();
      this.pollPeriod.record(now - last);
      last = now;
      for (const doc of docs) this.observe(doc._id, doc.productVersion ?? 0, now);
      await new Promise((r) => setImmediate(r));
    }
  }

  private observe(productId: string, version: number, now: number): void {
    const w = this.watched.get(productId);
    if (!w) return;
    for (let v = w.seen + 1; v <= version; v++) {
      const at = w.producedAt[v - w.base - 1];
      if (at === undefined) return; // not recorded as produced yet (cannot happen: recorded before sending)
      this.latency.record(now - at);
      this.seenCount++;
      w.seen = v;
    }
  }
}
