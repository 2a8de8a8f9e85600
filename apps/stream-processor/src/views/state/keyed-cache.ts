/** One key's state as cached: its value and the stored document's revision (null: not stored yet). */
export interface Cached<V> {
  value: V;
  rev: number | null;
}

/**
 * A view's keyed state in memory (Kafka Streams' state store with its record cache in front): each key
 * is loaded from the store once, then read and changed here; changed keys wait in `dirty` for the
 * next flush. Keys the store does not have are remembered as absent, so they are not asked for again.
 */
export class KeyedCache<V> {
  private readonly entries = new Map<string, Cached<V> | null>();
  private readonly dirty = new Set<string>();

  /** Loads the keys not cached yet with one `load` call. */
  async ensure(ids: Iterable<string>, load: (ids: string[]) => Promise<Map<string, Cached<V>>>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.entries.has(id));
    if (missing.length === 0) return;
    const found = await load(missing);
    for (const id of missing) this.entries.set(id, found.get(id) ?? null);
  }

  /** Adds entries known from elsewhere (a start-up query) without overwriting cached ones. */
  seed(entries: Map<string, Cached<V>>): void {
    for (const [id, cached] of entries) if (!this.entries.get(id)) this.entries.set(id, cached);
  }

  get(id: string): V | undefined {
    return this.entries.get(id)?.value;
  }

  rev(id: string): number | null {
    return this.entries.get(id)?.rev ?? null;
  }

  put(id: string, value: V): void {
    this.entries.set(id, { value, rev: this.rev(id) });
    this.dirty.add(id);
  }

  pending(): number {
    return this.dirty.size;
  }

  /** The changed keys as they are now (a flush's snapshot: later changes replace the entries, not these), in bounded chunks, for unordered bulks. */
  dirtyChunks(size: number): [string, Cached<V>][][] {
    const all = [...this.dirty].map((id) => [id, this.entries.get(id) as Cached<V>] as [string, Cached<V>]);
    const chunks: [string, Cached<V>][][] = [];
    for (let i = 0; i < all.length; i += size) chunks.push(all.slice(i, i + size));
    return chunks;
  }

  /**
   * These entries, as they were taken for a flush, landed in the store: each key is at its new
   * revision (`next`, given its current entry and the one written). A key changed again while the
   * flush ran stays pending, with its newer value.
   */
  flushed(written: readonly [string, Cached<V>][], next: (current: Cached<V>, written: Cached<V>) => Cached<V> = (c) => c): void {
    for (const [id, entry] of written) {
      const current = this.entries.get(id);
      if (!current) continue;
      this.entries.set(id, next(current, entry));
      if (current === entry) this.dirty.delete(id);
    }
  }

  clear(): void {
    this.entries.clear();
    this.dirty.clear();
  }
}

/** The most operations one flush bulk carries (FerretDB takes a bulk as one transaction). */
export const FLUSH_CHUNK = 1000;
