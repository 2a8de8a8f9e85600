import { envelope, EventEnvelope, ORDER_CHANGED, PRODUCT_CHANGED, REVIEW_ADDED, Topic } from '@app/contracts';
import { comparableAlerts, loadInfra, readTopic, ServiceProcess, testKafka, uniqueName, viewsCaughtUp, waitFor } from '@app/testing';
import { Document, MongoClient } from 'mongodb';

/**
 * Exactly-once effect without transactions: one stream processor is SIGKILLed at several points while
 * it works through thousands of events (between a view write and its offset commit, between Kafka
 * acknowledging stock alerts and their removal from the outbox, and at random from outside), restarted each time; its views must end equal to those of a clean run, and match
 * what the events say (no review counted twice, no stock alert lost or doubled).
 */
const infra = loadInfra();
const kafka = testKafka(infra.kafkaBrokers);
const run = uniqueName('crash').replace(/-/g, '_');
const PRODUCTS = 80;
const ADJUSTMENTS = 25;
const REVIEWS = 15;
const ORDERS = 120;
const T0 = Date.now() - 2 * 3600_000;
const LOW = 20;
const CRITICAL = 5;

let seed = 42;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const at = (ms: number): Date => new Date(T0 + ms);
const level = (stock: number): string => (stock < CRITICAL ? 'Critical' : stock < LOW ? 'Low' : 'Ok');

interface Expected {
  stock: Map<string, number>;
  ratings: Map<string, number[]>;
  crossings: string[];
}

function generate(): { records: { topic: string; event: EventEnvelope }[]; expected: Expected } {
  const records: { topic: string; event: EventEnvelope }[] = [];
  const expected: Expected = { stock: new Map(), ratings: new Map(), crossings: [] };
  const meta = (ms: number) => ({ eventId: uniqueName('evt'), occurredAt: at(ms), correlationId: run });
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
    }
  }
  return { records, expected };
}

function processor(name: string) {
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
  });
}

/** Starts the processor and lets it die by its fault switch (it may die before it is ready). */
async function runUntilKilled(sp: ServiceProcess, env: Record<string, string>): Promise<string | null> {
  await sp.start(env).catch(() => undefined);
  await sp.exited();
  return sp.signal();
}

/** Every view at lag 0, every source event and derived stock alert in the views, and then a lag measurement that finds nothing left. */
async function caughtUp(sp: ServiceProcess, db: string, expectedIndexed: number): Promise<void> {
  // The lag is cheap to ask for; the view scan is not (FerretDB filters other fields than _id in memory).
  await viewsCaughtUp(sp.url, {
    done: async () => {
      const v = await views(db);
      return v.index.length === expectedIndexed && v.catalogue.every((e) => !e.outbox?.length);
    },
    timeoutMs: 300_000,
    what: `all ${expectedIndexed} events in ${db}`,
  });
}

async function views(db: string): Promise<Record<string, Document[]>> {
  const client = await new MongoClient(infra.mongoUrl).connect();
  try {
    const mine = { $regex: `^${run}-` };
    const d = client.db(db);
    return {
      catalogue: await d.collection<{ _id: string }>('catalogue').find({ _id: mine }, { projection: { outboxLease: 0, version: 0 } }).sort({ _id: 1 }).toArray(),
      alerts: await d.collection('alerts').find({ subjectId: mine }, { projection: { version: 0 } }).sort({ _id: 1 }).toArray(),
      index: await d.collection('event_index').find({ aggregateId: mine }, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray(),
    };
  } finally {
    await client.close();
  }
}

describe('stream processor under SIGKILL', () => {
  const { records, expected } = generate();

  beforeAll(async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
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
    await producer.disconnect();
  }, 60_000);

  const clean = processor('clean');
  const crashed = processor('crashed');
  afterAll(async () => {
    await Promise.all([clean.stop('SIGKILL'), crashed.stop('SIGKILL')]);
  });

  it(`ends with the same views as a clean run (${records.length} source events)`, async () => {
    const expectedIndexed = records.length + expected.crossings.length;
    // The killed run goes first and alone: the stock alerts' event ids derive from the product and its
    // version, so a clean run before it would put the same events in the topic, and a relay reading back
    // after a kill would rightly find them there and not send its own.
    const kills: (string | null)[] = [];
    kills.push(await runUntilKilled(crashed, { FAULT_KILL_AFTER_BATCHES: '3' }));
    // Between Kafka acknowledging stock alerts and the relay removing them from the catalogue documents.
    kills.push(await runUntilKilled(crashed, { FAULT_KILL_AFTER_PUBLISHES: '1' }));
    for (const after of [11, 29]) kills.push(await runUntilKilled(crashed, { FAULT_KILL_AFTER_BATCHES: String(after) }));
    await crashed.start();
    await waitFor(async () => ((await views(`crashed_${run}`)).catalogue.length > 0 ? true : undefined), { timeoutMs: 30_000, what: 'some progress' });
    await crashed.stop('SIGKILL');
    kills.push(crashed.signal());
    await crashed.start();
    await caughtUp(crashed, `crashed_${run}`, expectedIndexed);
    await crashed.stop();
    expect(kills).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL', 'SIGKILL', 'SIGKILL']);

    // Each crossing published exactly once across the five kills, counted as the records are in the topic
    // (no de-duplication): a record sent again would be a second. Keyed by product id; other tests put
    // poison records on the same topic.
    const published = (await readTopic(kafka, Topic.StockAlerts)).filter((r) => r.key?.startsWith(`${run}-`)).map((r) => JSON.parse(r.value!.toString()));
    expect(published.map((e) => `${e.aggregateId}:${e.aggregateVersion}:${e.payload.level}`).sort()).toEqual([...expected.crossings].sort());

    const started = Date.now();
    await clean.start();
    await caughtUp(clean, `clean_${run}`, expectedIndexed);
    console.log(`clean run: ${records.length} events into three views in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await clean.stop();

    const [a, b] = [await views(`clean_${run}`), await views(`crashed_${run}`)];
    expect(b.catalogue).toEqual(a.catalogue);
    expect(comparableAlerts(b.alerts)).toEqual(comparableAlerts(a.alerts));
    expect(b.index).toEqual(a.index);

    // And both match what the events say: nothing counted twice, nothing lost.
    expect(b.catalogue).toHaveLength(PRODUCTS);
    for (const entry of b.catalogue) {
      const ratings = expected.ratings.get(entry._id as unknown as string) ?? [];
      expect(entry).toMatchObject({ stock: expected.stock.get(entry._id as unknown as string), productVersion: ADJUSTMENTS + 1, reviewCount: REVIEWS, ratingSum: ratings.reduce((s, r) => s + r, 0) });
      expect(entry.outbox ?? []).toEqual([]);
    }
    const delayed = b.alerts.filter((x) => x.type === 'delayed-gold-order');
    expect(delayed).toHaveLength(ORDERS / 2);
    const due = new Date(T0 + 30 * 60_000).toISOString();
    for (const alert of delayed) expect(alert.history).toEqual([{ openedAt: due, closedAt: alert.active ? null : expect.any(String) }]);

    expect(b.index).toHaveLength(expectedIndexed);
  }, 600_000);
});
