import { FLUSH_CHUNK } from '../../views/state/keyed-cache';
import { findByIds, insertTakingIds } from '@app/mongo';
import { Injectable } from '@nestjs/common';
import { Collection, Filter } from 'mongodb';
import { ViewGenerations } from '../../views/view-generations';
import { eventsOfSlices, sliceRange, SliceDocument } from '../domain/event-slices';
import { byStreamAndVersion, IndexedEvent } from '../domain/indexed-event';
import { SliceStore } from '../domain/slice-writer';

export type { IndexedEvent } from '../domain/indexed-event';

/** The history view's collection: insert-only slices of each stream's events (see SliceWriter). */
export const EVENT_INDEX_COLLECTION = 'event_index';

@Injectable()
export class EventIndexRepository implements SliceStore {
  constructor(private readonly generations: ViewGenerations) {}

  /** Resolved on every operation: a generation switch re-points the repository at once. */
  private get collection(): Collection<SliceDocument> {
    return this.generations.collection<SliceDocument>('history', EVENT_INDEX_COLLECTION);
  }

  async insert(slices: SliceDocument[]): Promise<Map<string, string>> {
    const taken: string[] = [];
    for (let i = 0; i < slices.length; i += FLUSH_CHUNK) taken.push(...(await insertTakingIds(this.collection, slices.slice(i, i + FLUSH_CHUNK))));
    if (taken.length === 0) return new Map();
    const stored = await findByIds(this.collection, taken, { projection: { last: 1 } });
    const lasts = new Map(stored.map((s) => [s._id, s.last]));
    const missing = taken.filter((id) => !lasts.has(id));
    // Refused as taken and yet not there: fail the flush (it is retried) rather than take it as written.
    if (missing.length > 0) throw new Error(`event index: ${missing.length} slice id(s) refused as taken but not found, e.g. ${missing[0]}`);
    return lasts;
  }

  /** One aggregate's events in version order (all its streams, or one): its slices, read by a range of ids. */
  async read(aggregateId: string, query: { stream?: string; fromVersion: number; limit: number }): Promise<IndexedEvent[]> {
    const filter = { _id: sliceRange(aggregateId, query.stream), aggregateId } as Filter<SliceDocument>;
    const slices = await this.collection.find(filter).toArray();
    return eventsOfSlices(slices)
      .filter((e) => e.aggregateVersion >= query.fromVersion && (query.stream === undefined || e.stream === query.stream))
      .sort(byStreamAndVersion)
      .slice(0, query.limit);
  }
}
