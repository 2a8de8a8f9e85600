import { comparableAlerts, viewsCaughtUp } from '@app/testing/views-caught-up';
import { Document, MongoClient } from 'mongodb';
import { isDeepStrictEqual } from 'node:util';
import { heldEvents, recordsHeldTwice, SliceDocument } from '../../../../apps/stream-processor/src/history/domain/event-slices';
import { CatalogueDataset } from '../../dataset/catalogue-dataset';
import { CatalogueDoc } from '../../dataset/expected-catalogue';
import { ChaosService } from '../infra/chaos-service';

/**
 * The stream processor is through: every view at lag 0 as measured after `since`, every catalogue entry's
 * business events published (empty outbox), then lag 0 measured once more (nothing came in meanwhile).
 */
export async function caughtUp(mongo: MongoClient, sp: ChaosService, filter: Document, since: Date, timeoutMs: number): Promise<void> {
  const catalogue = mongo.db(sp.db).collection('catalogue');
  await viewsCaughtUp(sp.url, {
    since,
    done: async () => (await catalogue.countDocuments({ ...filter, 'outbox.0': { $exists: true } })) === 0,
    timeoutMs,
    what: `${sp.app} ${sp.db}: every view at lag 0`,
  });
}

/** A run's catalogue and alert documents for ids in [prefix, prefix\uffff). */
export async function viewsOf(mongo: MongoClient, db: string, prefix: string): Promise<{ catalogue: Document[]; alerts: Document[] }> {
  const range = { $gte: prefix, $lt: `${prefix}\uffff` };
  const d = mongo.db(db);
  return {
    catalogue: await d.collection<{ _id: string }>('catalogue').find({ _id: range }, { projection: { outboxLease: 0, version: 0 } }).sort({ _id: 1 }).toArray(),
    alerts: comparableAlerts(await d.collection('alerts').find({ subjectId: range }, { projection: { version: 0 } }).sort({ _id: 1 }).toArray()),
  };
}

/** The ids of the documents that differ between two runs' views (or are in one only). */
export function differing(left: { _id: unknown }[], right: { _id: unknown }[]): string[] {
  const other = new Map(right.map((d) => [String(d._id), d]));
  const ids = new Set([...left, ...right].map((d) => String(d._id)));
  return [...ids].filter((id) => !isDeepStrictEqual(left.find((d) => String(d._id) === id), other.get(id)));
}

/** Dataset events the catalogue view has applied, as its flushed documents show: each product's version plus its review count. */
export async function appliedEvents(mongo: MongoClient, db: string, dataset: CatalogueDataset): Promise<number> {
  const docs = await mongo.db(db).collection<CatalogueDoc>('catalogue').find(dataset.ownDocuments(), { projection: { productVersion: 1, reviewSeq: 1 } }).toArray();
  return docs.reduce((n, d) => n + (d.productVersion ?? 0) + (d.reviewSeq ?? 0), 0);
}

/**
 * The event index of a run's aggregates (ids in [prefix, prefix\uffff)): the event ids it holds, and
 * the topic records it holds more than once (a slice written over another's records).
 */
export async function indexedEvents(mongo: MongoClient, db: string, prefix: string): Promise<{ eventIds: Set<string>; twice: string[] }> {
  const slices = await mongo.db(db).collection<SliceDocument>('event_index').find({ _id: { $gte: prefix, $lt: `${prefix}\uffff` } }).toArray();
  const events = heldEvents(slices);
  return { eventIds: new Set(events.map((e) => e.eventId)), twice: recordsHeldTwice(events) };
}
