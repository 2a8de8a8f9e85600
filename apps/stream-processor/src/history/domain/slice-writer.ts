import { byStreamKey, compareOffsets, cutSlices, PendingEvent, SLICE_LIMITS, SliceDocument, streamKey } from './event-slices';

/** Where slices go: inserts them, and for each id that was stored already answers the stored slice's last offset. */
export interface SliceStore {
  insert(slices: SliceDocument[]): Promise<Map<string, string>>;
}

/**
 * Appends events to the index as insert-only slices and recognises what an earlier writer stored.
 *
 * Every writer's slices of a stream key start, from any committed offset on, at the first of its events
 * at or past that offset, and follow one another without gaps (offsets are committed only after the flush
 * that wrote them, and each flush slices what it took from there; a writer that recognised an earlier
 * writer's slices commits nothing inside them: storedReach). So a writer that reads again from the
 * committed offset (after a crash, a rebalance, a retried flush) proposes a first slice whose id the
 * earlier writer used too if it stored anything: the insert fails on that id, the stored slice's last
 * offset says where to go on, and the next slice's id is again the earlier writer's next one, until an
 * id is free, past which nothing was stored. Each round writes only the first slice of a stream key not
 * yet past that point (one insert bulk and one read of the taken ids per round), so no slice overlaps
 * another; a rebuild into an empty generation takes one round and reads nothing.
 */
export class SliceWriter {
  /** Stream keys whose stored slices go past what this writer appended: the last offset they hold. */
  private readonly storedTo = new Map<string, { last: string; stream: string; partition: number }>();

  constructor(
    private readonly store: SliceStore,
    private readonly limits = SLICE_LIMITS,
  ) {}

  /**
   * Appends `events` (several streams, offset order within one): once done, every one of them is stored
   * exactly once. Answers how many slices an earlier writer had stored (0 unless this is a redelivery).
   */
  async append(events: readonly PendingEvent[]): Promise<number> {
    const left = byStreamKey(events);
    const clear = new Set<string>();
    let recognised = 0;
    while (left.size > 0) {
      const round: SliceDocument[] = [];
      for (const [key, list] of left) {
        const after = this.storedTo.get(key)?.last;
        const fresh = after === undefined ? list : list.filter((e) => compareOffsets(e.offset, after) > 0);
        if (fresh.length === 0) {
          left.delete(key);
          continue;
        }
        left.set(key, fresh);
        const slices = cutSlices(fresh, this.limits);
        round.push(...(clear.has(key) ? slices : slices.slice(0, 1)));
      }
      if (round.length === 0) break;
      const taken = await this.store.insert(round);
      recognised += taken.size;
      for (const slice of round) {
        const key = streamKey(slice);
        const storedLast = taken.get(slice._id);
        if (storedLast === undefined) clear.add(key);
        // A taken id's stored slice says how far the earlier writer got, whatever this writer proposed.
        const reached = storedLast ?? slice.last;
        const known = this.storedTo.get(key)?.last;
        if (known === undefined || compareOffsets(reached, known) > 0) this.storedTo.set(key, { last: reached, stream: slice.stream, partition: slice.partition });
      }
    }
    // A key whose own slice went in continues from its own last event: nothing to remember.
    for (const key of clear) this.storedTo.delete(key);
    return recognised;
  }

  /**
   * The furthest offset that slices an earlier writer stored reach in `stream`'s `partition`, past what
   * this writer has appended of their keys (undefined: none). Until the writer has read past it, an offset
   * of that partition is no place to commit: it may fall inside such a slice, and a writer reading again
   * from it would start a slice inside that one and store its events twice.
   */
  storedReach(stream: string, partition: number): string | undefined {
    let reach: string | undefined;
    for (const stored of this.storedTo.values()) {
      if (stored.stream === stream && stored.partition === partition && (reach === undefined || compareOffsets(stored.last, reach) > 0)) reach = stored.last;
    }
    return reach;
  }

  /** Forgets what earlier writers stored (a new generation, or state dropped): found again when an id is taken. */
  forget(): void {
    this.storedTo.clear();
  }
}
