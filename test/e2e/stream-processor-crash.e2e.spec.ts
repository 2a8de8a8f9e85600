import { Topic } from '@app/contracts';
import { comparableAlerts, readTopic, ServiceProcess, waitFor } from '@app/testing';
import { ADJUSTMENTS, caughtUp as caughtUpIn, generate, kafka, ORDERS, processor as processorIn, produce, PRODUCTS, REVIEWS, views as viewsIn } from './stream-processor-workload';

/**
 * Exactly-once effect without transactions: one stream processor is SIGKILLed at several points while
 * it works through thousands of events (between a view write and its offset commit, between Kafka
 * acknowledging stock alerts and their removal from the outbox, and at random from outside), restarted each time; its views must end equal to those of a clean run, and match
 * what the events say (no review counted twice, no stock alert lost or doubled).
 */
const { run, T0, records, expected } = generate('crash');
// Frequent flushes while catching up: more write-then-commit boundaries for the kills to fall between.
const processor = (name: string) => processorIn(name, run, { VIEW_FLUSH_INTERVAL_MS: '200' });
const views = (db: string) => viewsIn(db, run);
const caughtUp = (sp: ServiceProcess, db: string, expectedIndexed: number) => caughtUpIn(sp, db, run, expectedIndexed);

/** Starts the processor and lets it die by its fault switch (it may die before it is ready); fails if the switch never fires. */
async function runUntilKilled(sp: ServiceProcess, env: Record<string, string>): Promise<string | null> {
  await sp.start(env).catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const notKilled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${JSON.stringify(env)} did not kill the processor within 120 s: it caught up first`)), 120_000);
  });
  try {
    await Promise.race([sp.exited(), notKilled]);
  } finally {
    clearTimeout(timer);
  }
  return sp.signal();
}

describe('stream processor under SIGKILL', () => {
  beforeAll(() => produce(records), 60_000);

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
    // Kill points count the records a run applied over its three views (about three per source event in
    // all), not its flushes: how many flushes a stretch of work takes depends on the machine's speed (a
    // whole clean run can take fewer than 40), so a point counted in flushes can lie past the end of the
    // work. A run commits fewer records than its kill point, so each counted point falls while work remains.
    for (const after of [300, 1000, 2500]) kills.push(await runUntilKilled(crashed, { FAULT_KILL_AFTER_RECORDS: String(after) }));
    // Between Kafka acknowledging stock alerts and the relay removing them from the catalogue documents.
    // After the counted points: this run may get far (or to the end) before its relay's first request.
    kills.push(await runUntilKilled(crashed, { FAULT_KILL_AFTER_PUBLISHES: '1' }));
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
