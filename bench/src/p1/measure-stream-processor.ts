import { waitFor } from '@app/testing/wait-for';
import { Collection } from 'mongodb';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchContext } from '../bench-context';
import { CatalogueDataset } from '../dataset/catalogue-dataset';
import { CatalogueDoc, ViewCheck } from '../dataset/expected-catalogue';
import { collectProfile, ProfileSummary, startProfile } from '../infra/cpu-profile';
import { CpuMeter } from '../infra/cpu-usage';
import { RssSampler, RssSummary } from '../infra/rss';
import { StreamProcessorUnderTest, ViewCounts } from './stream-processor-under-test';

export interface StreamProcessorP1 {
  /** Catalogue events applied between the first metrics sample that saw progress and the last event, per second. */
  eventsPerSecond: number;
  measuredEvents: number;
  seconds: number;
  /** From the first catalogue document written to the whole catalogue applied. */
  firstWriteToConsistentSeconds: number;
  /** From the first catalogue document to all three views at lag 0; null if not within the rebuild timeout. */
  allViewsSeconds: number | null;
  /** P4: this process is a from-scratch rebuild of every view (new database, new consumer groups, topics from the beginning). */
  rebuild: RebuildFigures;
  /** What the other views had applied when the catalogue was through (they share the CPU). */
  viewsWhenCatalogueDone: ViewCounts;
  healthLagZero: boolean;
  check: ViewCheck;
  cpuWhileCatalogueRan: Record<string, { cpuSeconds: number; cores: number }>;
  metricsPollMs: number;
  readBackMs: number;
  /** Where the stream processor's main thread spent its time from its first applied batch to the catalogue through (null: not profiled). */
  cpuProfile: ProfileSummary | null;
  /** FerretDB CPU seconds per catalogue event while the catalogue ran (all three views were writing). */
  ferretdbCpuMsPerEvent: number | null;
}

export interface RebuildFigures {
  /** Every view's lag was 0 (per /health, measured after the last dataset event was applied) before the timeout. */
  allViewsLagZero: boolean;
  /** Records in every topic the views read, counted when the rebuild was through. */
  recordsInTopics: number;
  /** From spawning the process to every view at lag 0 (startup included). */
  secondsFromSpawn: number | null;
  /** From its first consumed event to every view at lag 0. */
  secondsFromFirstEvent: number | null;
  recordsPerSecond: number | null;
  rss: RssSummary;
  timeoutSeconds: number;
}

/** Every generated product's document is at its last product version and review sequence number. */
async function atLastVersions(catalogue: Collection<CatalogueDoc>, dataset: CatalogueDataset): Promise<boolean> {
  const expected = dataset.expected;
  const docs = await catalogue.find(dataset.ownDocuments(), { projection: { productVersion: 1, reviewSeq: 1 } }).toArray();
  if (docs.length < expected.products.size) return false;
  return docs.every((d) => {
    const p = expected.products.get(d._id);
    return p !== undefined && d.productVersion === p.stockAt.length && d.reviewSeq === p.ratingSumAt.length - 1;
  });
}

const POLL_MS = 100;
/** Once the counter says all events were applied, the documents are read back at most this often until they are all at their last versions. */
const READ_BACK_MS = 1000;
const CATALOGUE_TIMEOUT_MS = 90 * 60_000;

/**
 * Starts the stream processor on the produced dataset and times its catalogue view: progress from its
 * consumer metrics (counted after each batch is written); done when every document is at its last
 * versions; then /health lag 0 and a full read-back of every catalogue document against the generator.
 */
export async function measureStreamProcessor(
  ctx: BenchContext,
  sp: StreamProcessorUnderTest,
  dataset: CatalogueDataset,
  totals: { products: number; reviews: number },
  earlierRecords: number,
): Promise<StreamProcessorP1> {
  const expected = dataset.expected;
  // What the catalogue consumes: the dataset, after any earlier records of a shared runtime.
  const total = totals.products + totals.reviews + earlierRecords;
  const catalogue = ctx.mongo.db(sp.db).collection<CatalogueDoc>('catalogue');
  const rebuildTimeoutMs = ctx.scale.p4.timeoutSeconds * 1000;
  let firstWriteAt: number | undefined;
  let watching = true;
  const firstWrite = (async () => {
    while (watching && firstWriteAt === undefined) {
      if (await catalogue.findOne({}, { projection: { _id: 1 } })) firstWriteAt = performance.now();
      else await delay(10);
    }
  })();

  const spawnedAt = performance.now();
  sp.process.start();
  const rss = new RssSampler(sp.process.pid);
  const meter = new CpuMeter({ 'stream-processor': sp.process.pid, kafka: ctx.runtimePids.kafka, ferretdb: ctx.runtimePids.ferretdb });
  await sp.process.waitHealthy(sp.url);
  const readyAt = performance.now();
  let first: { at: number; applied: number } | undefined;
  let done: { at: number; counts: ViewCounts; cpu: StreamProcessorP1['cpuWhileCatalogueRan'] } | undefined;
  let lagZeroAt: number | undefined;
  let profile: Promise<ProfileSummary | null> = Promise.resolve(null);
  let lastReadBack = 0;
  while (lagZeroAt === undefined && !(done && performance.now() - spawnedAt > rebuildTimeoutMs)) {
    const at = performance.now();
    rss.sample();
    const counts = await sp.counts();
    // On a shared runtime the topics may hold earlier poison records, which a fresh processor rightly dead-letters.
    if (counts.deadLettered > 0 && !ctx.sharedRuntime) throw new Error(`the stream processor dead-lettered ${counts.deadLettered} records; see its log`);
    if (!first && counts.catalogue > 0) {
      first = { at, applied: counts.catalogue };
      meter.start();
      if (sp.cpuProfileFile) startProfile(sp.cpuProfileFile);
    }
    // The counter also counts batches redelivered after a rebalance, so past the total the documents decide.
    if (!done && counts.catalogue >= total && at - lastReadBack >= READ_BACK_MS) {
      lastReadBack = at;
      if (await atLastVersions(catalogue, dataset)) {
        done = { at: performance.now(), counts, cpu: meter.stop() };
        if (sp.cpuProfileFile) profile = collectProfile(sp.cpuProfileFile).catch((error: unknown) => { ctx.log(`no CPU profile: ${(error as Error).message}`); return null; });
      }
    }
    // Every view through everything in its topics (lags measured after the catalogue was through).
    if (done && (await sp.allViewsAtLagZero(new Date(performance.timeOrigin + done.at).toISOString()))) lagZeroAt = performance.now();
    if (!done && at - readyAt > CATALOGUE_TIMEOUT_MS) throw new Error(`the catalogue view did not get through ${total} events in ${CATALOGUE_TIMEOUT_MS / 60_000} minutes: ${JSON.stringify(counts)}`);
    await delay(POLL_MS);
  }
  watching = false;
  await firstWrite;
  const { at: startAt, applied } = first as NonNullable<typeof first>;
  const finish = done as NonNullable<typeof done>;
  const doneIso = new Date(performance.timeOrigin + finish.at).toISOString();
  const healthLagZero = await waitFor(async () => (await sp.catalogueLag(doneIso)) === 0, { timeoutMs: 30_000, intervalMs: 200, what: 'catalogue lag 0 in /health' }).catch(() => false);
  const docs = await catalogue.find(dataset.ownDocuments(), { projection: { outbox: 0, outboxLease: 0 } }).toArray();
  const writeStart = firstWriteAt ?? startAt;
  rss.sample();
  // At the end: the catalogue's stock alerts, which the alerts view reads, are published during the rebuild.
  const recordsInTopics = await sp.recordsInViewTopics(ctx);
  const rebuildSeconds = lagZeroAt === undefined ? null : (lagZeroAt - startAt) / 1000;
  return {
    eventsPerSecond: (total - applied) / ((finish.at - startAt) / 1000),
    measuredEvents: total - applied,
    seconds: (finish.at - startAt) / 1000,
    firstWriteToConsistentSeconds: (finish.at - writeStart) / 1000,
    allViewsSeconds: lagZeroAt === undefined ? null : (lagZeroAt - writeStart) / 1000,
    rebuild: {
      allViewsLagZero: lagZeroAt !== undefined,
      recordsInTopics,
      secondsFromSpawn: lagZeroAt === undefined ? null : (lagZeroAt - spawnedAt) / 1000,
      secondsFromFirstEvent: rebuildSeconds,
      recordsPerSecond: rebuildSeconds === null ? null : recordsInTopics / rebuildSeconds,
      rss: rss.summary(),
      timeoutSeconds: ctx.scale.p4.timeoutSeconds,
    },
    viewsWhenCatalogueDone: finish.counts,
    healthLagZero,
    check: expected.check(docs, { final: true, allProducts: true, averageRating: true }),
    cpuWhileCatalogueRan: finish.cpu,
    cpuProfile: await profile,
    ferretdbCpuMsPerEvent: finish.cpu.ferretdb ? Math.round((finish.cpu.ferretdb.cpuSeconds / (total - applied)) * 1e6) / 1e3 : null,
    metricsPollMs: POLL_MS,
    readBackMs: READ_BACK_MS,
  };
}
