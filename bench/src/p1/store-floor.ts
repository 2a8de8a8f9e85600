import { EventEnvelope } from '@app/contracts';
import { insertTakingIds } from '@app/mongo';
import { Collection } from 'mongodb';
import { byStreamKey, cutSlices, HISTORY_BUFFER_BYTES, PendingEvent, pendingEvent, SliceDocument } from '../../../apps/stream-processor/src/history/domain/event-slices';
import { indexedEvent } from '../../../apps/stream-processor/src/history/domain/indexed-event';
import { FLUSH_CHUNK } from '../../../apps/stream-processor/src/views/state/keyed-cache';
import { BenchContext } from '../bench-context';
import { CatalogueDataset } from '../dataset/catalogue-dataset';
import { CpuMeter, round } from '../infra/cpu-usage';

/** The keyed views that hold one document per product (the catalogue, the alerts view's stock copy). */
const KEYED_VIEWS = ['catalogue', 'alert_stock'];

/** The event index's writes for every event of the dataset, with slices cut from windows of `windowBytes` of event text. */
export interface IndexFloor {
  windowBytes: number | null;
  slices: number;
  seconds: number;
}

export interface StoreFloor {
  events: number;
  /**
   * The event index alone, slices cut from one window of every event (each stream key's events in
   * slices of up to SLICE_LIMITS: the fewest documents there can be), and from windows of
   * HISTORY_BUFFER_BYTES (the most one flush of the view holds, so what its catch-up writes at the least).
   */
  eventIndex: { oneWindow: IndexFloor; flushWindows: IndexFloor };
  /** One upsert per product in each keyed view: what a rebuild writes at the least if it flushed each key once. */
  keyedUpserts: number;
  keyedSeconds: number;
  /** The event index from one window, then the keyed views: no rebuild into this store can be faster, whatever the consumer does. */
  seconds: number;
  eventsPerSecond: number;
  /** The same with the event index written from flush windows: the floor of a catch-up whose flushes hold at most HISTORY_BUFFER_BYTES. */
  flushWindowSeconds: number;
  /** FerretDB's CPU for the floor (one window and the keyed views; the flush windows not counted), per event in µs. */
  ferretdbCpuSeconds: number | null;
  ferretdbCpuMicrosPerEvent: number | null;
}

/**
 * Baseline (e), the store's floor for this dataset: the least every view must write for it — every event
 * in the event index's slices, and each product once in each keyed view — written by one client with
 * nothing else running, through the calls the views use; only the store's calls are timed. The event
 * index stores each event's text, so this floor grows with the events, not with the keys.
 */
export async function storeFloor(ctx: BenchContext, dataset: CatalogueDataset): Promise<StoreFloor> {
  const db = ctx.mongo.db(`bench_floor_${ctx.runTag}`);
  const meter = new CpuMeter({ ferretdb: ctx.runtimePids.ferretdb });
  meter.start();
  const oneWindow = await indexFloor(db.collection<SliceDocument>('event_index_one'), dataset, null);
  const started = performance.now();
  const products = [...dataset.expected.products.entries()];
  for (const view of KEYED_VIEWS) {
    const collection = db.collection<{ _id: string }>(view);
    for (let i = 0; i < products.length; i += FLUSH_CHUNK) {
      const ops = products.slice(i, i + FLUSH_CHUNK).map(([id, p]) => ({ updateOne: { filter: { _id: id }, update: { $set: { name: p.name, description: p.description, price: p.price, stock: p.stockAt[p.stockAt.length - 1], version: p.stockAt.length } }, upsert: true } }));
      await collection.bulkWrite(ops, { ordered: false });
    }
  }
  const keyedSeconds = (performance.now() - started) / 1000;
  const cpu = meter.stop().ferretdb;
  const flushWindows = await indexFloor(db.collection<SliceDocument>('event_index_flushes'), dataset, HISTORY_BUFFER_BYTES);
  await db.dropDatabase();
  const seconds = oneWindow.seconds + keyedSeconds;
  return {
    events: dataset.spec.events,
    eventIndex: { oneWindow, flushWindows },
    keyedUpserts: products.length * KEYED_VIEWS.length,
    keyedSeconds: round(keyedSeconds, 2),
    seconds: round(seconds, 2),
    eventsPerSecond: dataset.spec.events / seconds,
    flushWindowSeconds: round(flushWindows.seconds + keyedSeconds, 2),
    ferretdbCpuSeconds: cpu ? cpu.cpuSeconds : null,
    ferretdbCpuMicrosPerEvent: cpu ? round((cpu.cpuSeconds / dataset.spec.events) * 1e6, 1) : null,
  };
}

/** Every event of the dataset into `index` as the view writes it, cut from windows of `windowBytes` of text (null: one window). */
async function indexFloor(index: Collection<SliceDocument>, dataset: CatalogueDataset, windowBytes: number | null): Promise<IndexFloor> {
  // The same records again (a dataset is deterministic for its spec, its event ids apart).
  const again = new CatalogueDataset(dataset.spec);
  const offsets = new Map<string, number>();
  let window: PendingEvent[] = [];
  let bytes = 0;
  let slices = 0;
  let seconds = 0;
  const writeWindow = async () => {
    const cut = [...byStreamKey(window).values()].flatMap((list) => cutSlices(list));
    window = [];
    bytes = 0;
    const started = performance.now();
    for (let i = 0; i < cut.length; i += FLUSH_CHUNK) await insertTakingIds(index, cut.slice(i, i + FLUSH_CHUNK));
    seconds += (performance.now() - started) / 1000;
    slices += cut.length;
  };
  for (const chunk of again.chunks(10_000)) {
    for (const record of chunk) {
      const offset = offsets.get(record.topic) ?? 0;
      offsets.set(record.topic, offset + 1);
      const e = pendingEvent(indexedEvent(JSON.parse(record.value) as EventEnvelope, { topic: record.topic, partition: 0, offset: String(offset) }));
      window.push(e);
      bytes += e.text.length;
      if (windowBytes !== null && bytes >= windowBytes) await writeWindow();
    }
  }
  if (window.length > 0) await writeWindow();
  return { windowBytes, slices, seconds: round(seconds, 2) };
}
