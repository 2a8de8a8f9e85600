import { envelope, EventEnvelope, ORDER_CHANGED, PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { loadInfra, ServiceProcess, testKafka, uniqueName, viewsCaughtUp } from '@app/testing';
import { Document, MongoClient } from 'mongodb';
import { heldEvents, recordsHeldTwice, SliceDocument } from '../../apps/stream-processor/src/history/domain/event-slices';

/**
 * A seeded workload for the stream processor's crash and scale-out tests: products with stock
 * adjustments and reviews, orders of Gold and Silver customers (a third still Processing), and what
 * every view must end with.
 */
export const PRODUCTS = 80;
export const ADJUSTMENTS = 25;
export const REVIEWS = 15;
export const ORDERS = 120;
const LOW = 20;
const CRITICAL = 5;

export const infra = loadInfra();
export const kafka = testKafka(infra.kafkaBrokers);

const level = (stock: number): string => (stock < CRITICAL ? 'Critical' : stock < LOW ? 'Low' : 'Ok');

export interface Expected {
  stock: Map<string, number>;
  ratings: Map<string, number[]>;
  crossings: string[];
  /** Orders still Processing that want more of a product than its final stock. */
  atRisk: string[];
}

export interface Workload {
  run: string;
  /** Event time of the first event; orders are placed at T0 and Gold ones are due 30 minutes later. */
  T0: number;
  records: { topic: string; event: EventEnvelope }[];
  expected: Expected;
}

export function generate(prefix: string): Workload {
  const run = uniqueName(prefix).replace(/-/g, '_');
  const T0 = Date.now() - 2 * 3600_000;
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const at = (ms: number): Date => new Date(T0 + ms);
  const records: { topic: string; event: EventEnvelope }[] = [];
  const expected: Expected = { stock: new Map(), ratings: new Map(), crossings: [], atRisk: [] };
  // Unique by construction: random ids drawn thousands a millisecond collide now and then, and the views key events by id.
  const meta = (ms: number) => ({ eventId: `${run}-evt-${records.length}`, occurredAt: at(ms), correlationId: run });
  for (let p = 0; p < PRODUCTS; p++) {
    const id = `${run}-p${p}`;
    let stock = random(41);
    let previous = 'Ok';
    for (let v = 1; v <= ADJUSTMENTS + 1; v++) {
      if (v > 1) stock = Math.max(0, Math.min(40, stock + random(17) - 8));
      const product = { productId: id, name: `P${p}`, description: '', price: 1 + p, stock, createdAt: at(0).toISOString(), updatedAt: at(v).toISOString() };
      records.push({ topic: Topic.ProductEvents, event: envelope(PRODUCT_CHANGED, 1, id, v, { change: v === 1 ? 'Created' : 'StockAdjusted', product }, meta(p * 100 + v)) });
      if (level(stock) !== previous) expected.crossings.push(`${id}:${v}:${level(stock)}`);
      previous = level(stock);
    }
    expected.stock.set(id, stock);
    const ratings: number[] = [];
    for (let r = 1; r <= REVIEWS; r++) {
      const rating = 1 + random(5);
      ratings.push(rating);
      const review = { reviewId: `${id}-r${r}`, productId: id, customerId: 'c', rating, text: '', createdAt: at(r).toISOString() };
      records.push({ topic: Topic.ReviewEvents, event: envelope(REVIEW_ADDED, 1, id, r, review, meta(p * 100 + 50 + r)) });
    }
    expected.ratings.set(id, ratings);
  }
  for (let o = 0; o < ORDERS; o++) {
    const id = `${run}-o${o}`;
    const items = [{ productId: `${run}-p${random(PRODUCTS)}`, quantity: 1 + random(12), unitPrice: 1 }];
    const order = {
      orderId: id, customerId: `c${o}`, customerName: 'C', customerTier: o % 2 === 0 ? 'Gold' : 'Silver', status: 'Processing' as const, items, total: items[0].quantity,
      shippingAddress: { type: 'SHIPPING' as const, address1: '1 Road', city: 'London', state: 'LDN', postalCode: 'N1' }, placedAt: at(0).toISOString(), updatedAt: at(0).toISOString(),
    };
    records.push({ topic: Topic.OrderEvents, event: envelope(ORDER_CHANGED, 1, id, 1, { change: 'Placed', order }, meta(10_000 + o)) });
    if (o % 3 !== 0) {
      const shipped = { ...order, status: 'Shipped' as const, updatedAt: at(40 * 60_000).toISOString() };
      records.push({ topic: Topic.OrderEvents, event: envelope(ORDER_CHANGED, 1, id, 2, { change: 'StatusChanged', previousStatus: 'Processing', order: shipped }, meta(40 * 60_000 + o)) });
    } else if (items[0].quantity > (expected.stock.get(items[0].productId) ?? 0)) {
      expected.atRisk.push(`order-at-risk:${id}`);
    }
  }
  return { run, T0, records, expected };
}

/** Sends the records keyed by aggregate id (idempotent producer, in order), 500 per request. */
export async function produce(records: readonly { topic: string; event: EventEnvelope }[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += 500) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: Object.entries(
          records.slice(i, i + 500).reduce<Record<string, { key: string; value: string }[]>>((acc, { topic, event }) => {
            (acc[topic] ??= []).push({ key: event.aggregateId, value: JSON.stringify(event) });
            return acc;
          }, {}),
        ).map(([topic, messages]) => ({ topic, messages })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A stream processor on its own database and group (`<name>_<run>`), with small fetches and quick timers. */
export function processor(name: string, run: string, env: Record<string, string> = {}): ServiceProcess {
  return new ServiceProcess('stream-processor', undefined, {
    KAFKA_BROKERS: infra.kafkaBrokers,
    MONGO_URL: infra.mongoUrl,
    MONGO_DB: `${name}_${run}`,
    KAFKA_GROUP_ID: `${name}_${run}`,
    LOG_LEVEL: 'warn',
    VIEW_FETCH_MAX_BYTES: '32768',
    LAG_INTERVAL_MS: '300',
    TIMER_INTERVAL_MS: '200',
    OUTBOX_POLL_INTERVAL_MS: '200',
    // A relay killed after Kafka acknowledged its request holds its lease until it runs out: short ones.
    OUTBOX_PUBLISH_TIMEOUT_MS: '5000',
    OUTBOX_LEASE_MS: '25000',
    ...env,
  });
}

/**
 * The indexed events' ids, each once (an event id the topic holds twice, as a resend, is indexed twice);
 * a record stored twice — a slice written over another's records after a kill — throws.
 */
function indexedOnce(slices: SliceDocument[]): { _id: string }[] {
  const events = heldEvents(slices);
  const twice = recordsHeldTwice(events);
  if (twice.length > 0) throw new Error(`the event index holds topic records more than once: ${twice.join(', ')}`);
  return [...new Set(events.map((e) => e.eventId))].sort().map((_id) => ({ _id }));
}

/** The run's documents of each view in `db`. */
export async function views(db: string, run: string): Promise<Record<string, Document[]>> {
  const client = await new MongoClient(infra.mongoUrl).connect();
  try {
    const mine = { $regex: `^${run}-` };
    const d = client.db(db);
    return {
      catalogue: await d.collection<{ _id: string }>('catalogue').find({ _id: mine }, { projection: { outboxLease: 0, version: 0 } }).sort({ _id: 1 }).toArray(),
      alerts: await d.collection('alerts').find({ subjectId: mine }, { projection: { version: 0 } }).sort({ _id: 1 }).toArray(),
      index: indexedOnce(await d.collection<SliceDocument>('event_index').find({ aggregateId: mine }).toArray()),
    };
  } finally {
    await client.close();
  }
}

/** Every view at lag 0, every source event and derived stock alert in the views, and then a lag measurement that finds nothing left. */
export async function caughtUp(sp: ServiceProcess, db: string, run: string, expectedIndexed: number): Promise<void> {
  let seen = 'the views were never read (lag never 0)';
  try {
    // The lag is cheap to ask for; the view scan is not (FerretDB filters other fields than _id in memory).
    await viewsCaughtUp(sp.url, {
      done: async () => {
        const v = await views(db, run);
        const outbox = v.catalogue.filter((e) => e.outbox?.length).map((e) => e._id as unknown as string);
        seen = `${v.index.length} of ${expectedIndexed} events indexed, ${v.catalogue.length} catalogue entries, ${outbox.length} with an unpublished outbox (${outbox.slice(0, 5).join(', ')})`;
        return v.index.length === expectedIndexed && outbox.length === 0;
      },
      timeoutMs: 300_000,
      what: `all ${expectedIndexed} events in ${db}`,
    });
  } catch (error) {
    // What was missing, for a failure seen only in a CI log: the views as last read, and the lag now.
    throw new Error(`${(error as Error).message}\n  last read: ${seen}\n  lag now: ${await lagNow(sp.url)}`);
  }
}

/**
 * One view in the stream processor's /health (views.readiness.ts), beside the indicator's `status: 'up'`;
 * `behind`: per `topic/partition` short of the log end, by how many records.
 */
interface ViewHealth {
  lag: number | null;
  lagMeasuredAt: string | null;
  behind: Record<string, number>;
  lastEventAt: string | null;
}

/** Each view's lag as the processor last measured it, with the partitions still behind. */
async function lagNow(url: string): Promise<string> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => error as Error);
  if (res instanceof Error) return `no answer (${res.message})`;
  const health = (await res.json().catch(() => undefined)) as { info?: { views?: Record<string, ViewHealth | 'up'> } } | undefined;
  return JSON.stringify(health?.info?.views ?? health);
}
