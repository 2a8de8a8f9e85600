import { IndexedEvent } from './indexed-event';

/**
 * A run of one stream's consecutive events in one partition, stored as one document and written once
 * (insert only). `_id` is `<aggregateId>|<stream>|<partition>|<first offset, 20 digits>`, so one aggregate's
 * slices are a range of ids in stream and offset order, read through the _id index on any store.
 */
export interface SliceDocument {
  _id: string;
  aggregateId: string;
  stream: string;
  partition: number;
  /** Offsets of the first and last event in the slice: the last tells a later writer where to go on. */
  first: string;
  last: string;
  /**
   * The events, each as its JSON text: a store that keeps documents as JSON with a type for every field
   * (FerretDB v1) writes a string several times faster than the same event as nested fields, and nothing
   * queries inside an event.
   */
  events: string[];
}

/** An event as the writer holds it until a flush: where it belongs (its stream key too), and its JSON text (what a slice stores). */
export type PendingEvent = Pick<IndexedEvent, 'eventId' | 'aggregateId' | 'stream' | 'partition' | 'offset'> & { key: string; text: string };

/** Taken when the event is applied: the text is smaller to hold than the decoded event, and the key is built once. */
export function pendingEvent(e: IndexedEvent): PendingEvent {
  return { eventId: e.eventId, aggregateId: e.aggregateId, stream: e.stream, partition: e.partition, offset: e.offset, key: streamKey(e), text: JSON.stringify(e) };
}

/** How big a slice may grow; a single larger event still gets a slice of its own. */
export const SLICE_LIMITS = { events: 500, bytes: 1 << 20 };

/**
 * Event text a flush waits for at most: the buffer is flushed once it holds this much, however few
 * streams it touches (its keys are streams, so an interval's worth of events makes few, long slices).
 */
export const HISTORY_BUFFER_BYTES = 32 << 20;

const OFFSET_DIGITS = 20;

/** The writer's unit: one stream of one aggregate in one partition, whose offsets order its events. */
export function streamKey(e: Pick<IndexedEvent, 'aggregateId' | 'stream' | 'partition'>): string {
  return `${e.aggregateId}|${e.stream}|${e.partition}`;
}

export function sliceId(first: Pick<IndexedEvent, 'aggregateId' | 'stream' | 'partition' | 'offset'>): string {
  return `${streamKey(first)}|${first.offset.padStart(OFFSET_DIGITS, '0')}`;
}

/**
 * The ids of one aggregate's slices (of one stream, or all): every id from `<prefix>|` up to `<prefix>}`
 * ('}' follows '|'). Ids of other aggregates whose id starts with `<aggregateId>|` fall in it too: filter
 * on `aggregateId` as well.
 */
export function sliceRange(aggregateId: string, stream?: string): { $gte: string; $lt: string } {
  const prefix = stream === undefined ? aggregateId : `${aggregateId}|${stream}`;
  return { $gte: `${prefix}|`, $lt: `${prefix}}` };
}

/** A batch's events per stream key, in offset order, each event once (a producer's resend is indexed once). */
export function byStreamKey(events: readonly PendingEvent[]): Map<string, PendingEvent[]> {
  const streams = new Map<string, PendingEvent[]>();
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    const list = streams.get(e.key);
    if (list) list.push(e);
    else streams.set(e.key, [e]);
  }
  for (const list of streams.values()) list.sort((a, b) => compareOffsets(a.offset, b.offset));
  return streams;
}

export function compareOffsets(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** Consecutive events of one stream key cut into slices within `limits`. */
export function cutSlices(events: readonly PendingEvent[], limits = SLICE_LIMITS): SliceDocument[] {
  const slices: SliceDocument[] = [];
  let run: PendingEvent[] = [];
  let bytes = 0;
  const close = () => {
    if (run.length === 0) return;
    const [first, last] = [run[0], run[run.length - 1]];
    slices.push({ _id: sliceId(first), aggregateId: first.aggregateId, stream: first.stream, partition: first.partition, first: first.offset, last: last.offset, events: run.map((e) => e.text) });
    run = [];
    bytes = 0;
  };
  for (const e of events) {
    if (run.length >= limits.events || (run.length > 0 && bytes + e.text.length > limits.bytes)) close();
    run.push(e);
    bytes += e.text.length;
  }
  close();
  return slices;
}

/** The events of some slices, each event once (the first copy in slice order). */
export function eventsOfSlices(slices: readonly Pick<SliceDocument, '_id' | 'events'>[]): IndexedEvent[] {
  const seen = new Set<string>();
  const events: IndexedEvent[] = [];
  for (const slice of [...slices].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))) {
    for (const text of slice.events) {
      const e = JSON.parse(text) as IndexedEvent;
      if (seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      events.push(e);
    }
  }
  return events;
}

/** Every event each slice holds, a record two slices hold counted twice (`eventsOfSlices` keeps one copy of each event id). */
export const heldEvents = (slices: readonly Pick<SliceDocument, '_id' | 'events'>[]): IndexedEvent[] => slices.flatMap((slice) => eventsOfSlices([slice]));

/** The topic records held more than once, as `<topic>/<partition>/<offset> ×<copies>`, among `heldEvents`: a slice written over another's records. */
export function recordsHeldTwice(events: readonly Pick<IndexedEvent, 'topic' | 'partition' | 'offset'>[]): string[] {
  const copies = new Map<string, number>();
  for (const e of events) {
    const record = `${e.topic}/${e.partition}/${e.offset}`;
    copies.set(record, (copies.get(record) ?? 0) + 1);
  }
  return [...copies].filter(([, n]) => n > 1).map(([record, n]) => `${record} ×${n}`);
}
