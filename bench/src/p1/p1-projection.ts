import { Topic } from '@app/contracts';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { BenchContext } from '../bench-context';
import { CatalogueDataset } from '../dataset/catalogue-dataset';
import { CatalogueDoc, ViewCheck } from '../dataset/expected-catalogue';
import { BenchProcess } from '../infra/bench-process';
import { recordCount } from '../infra/kafka';
import { attempt } from '../report/attempt';
import { fmt, PartResult, ratioOf } from '../report/results';
import { javaConsumerPerf, JavaPerfResult } from './java-consumer-perf';
import { measureStreamProcessor, RebuildFigures, StreamProcessorP1 } from './measure-stream-processor';
import { StoreCeiling, storeCeiling } from './store-ceiling';
import { StoreFloor, storeFloor } from './store-floor';
import { StreamProcessorUnderTest } from './stream-processor-under-test';

interface PeerRate {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface DatasetTotals {
  products: number;
  reviews: number;
}

/**
 * P1: the catalogue view's throughput on the produced dataset, against three baselines in the same run.
 * Its stream processor is a from-scratch rebuild of every view, so it is also P4's measurement.
 * `earlierRecords`: records already in the topics (a shared runtime), which every consumer here also reads.
 */
export async function runP1(
  ctx: BenchContext,
  dataset: CatalogueDataset,
  totals: DatasetTotals,
  earlierRecords: number,
): Promise<{ part: PartResult; processor?: StreamProcessorUnderTest; rebuild?: RebuildFigures; floor?: StoreFloor }> {
  const part: PartResult = { id: 'P1', title: 'Projection throughput', status: 'measured', problems: [], parameters: {}, figures: {}, rows: [] };
  const total = totals.products + totals.reviews;
  const { p1 } = ctx.scale;
  part.parameters = { events: total, productEvents: totals.products, reviewEvents: totals.reviews, products: p1.products, naiveEvents: Math.min(p1.naiveEvents, total), viewFetchMaxBytes: p1.fetchMaxBytes, earlierRecords };

  const admin = ctx.kafka.admin();
  await admin.connect();
  const inTopic = (topic: string) => recordCount(admin, [topic]);
  const perTopic = [{ topic: Topic.ProductEvents, messages: await inTopic(Topic.ProductEvents) }, { topic: Topic.ReviewEvents, messages: await inTopic(Topic.ReviewEvents) }];
  await admin.disconnect();
  const java = await attempt(part, 'Java ConsumerPerformance', () => javaConsumerPerf(ctx, perTopic));
  ctx.log(`P1 java consumer: ${fmt.rate(java?.eventsPerSecond)}`);
  const noop = await attempt(part, 'KafkaJS no-op consumer', () => kafkajsNoop(ctx, total + earlierRecords));
  ctx.log(`P1 kafkajs no-op: ${fmt.rate(noop?.eventsPerSecond)}`);
  const naive = await attempt(part, 'naive peer', () => naivePeer(ctx, dataset, Math.min(p1.naiveEvents, total)));
  ctx.log(`P1 naive peer: ${fmt.rate(naive?.eventsPerSecond)} over ${naive?.events} events`);
  const store = await attempt(part, 'FerretDB write ceiling', () => storeCeiling(ctx, Math.min(p1.naiveEvents, total)));
  ctx.log(`P1 FerretDB write ceiling: ${fmt.rate(store?.upsertsPerSecond, 'upserts/s')}, ${fmt.rate(store?.insertsPerSecond, 'inserts/s')}`);
  const floor = await attempt(part, 'store floor', () => storeFloor(ctx, dataset));
  ctx.log(`P1 store floor: ${floor ? `${floor.seconds} s` : '—'} (${fmt.rate(floor?.eventsPerSecond)}); from flush windows ${floor?.flushWindowSeconds ?? '—'} s`);

  const processor = await StreamProcessorUnderTest.create(ctx);
  const sp = await attempt(part, 'stream processor', () => measureStreamProcessor(ctx, processor, dataset, totals, earlierRecords));
  ctx.log(`P1 stream processor catalogue: ${fmt.rate(sp?.eventsPerSecond)}`);
  if (sp && sp.check.mismatchCount > 0) part.problems.push(`catalogue view differs from the generated data: ${sp.check.mismatchCount} products, e.g. ${sp.check.mismatches.join('; ')}`);
  if (sp && !sp.healthLagZero) part.problems.push('/health never reported catalogue lag 0 after the view was through');

  part.figures = { streamProcessor: sp, naivePeer: naive, kafkajsNoop: noop, javaConsumerPerf: java, storeCeiling: store, storeFloor: floor };
  part.rows = rows(sp, naive, noop, java, store, floor);
  if (part.problems.length > 0) part.status = 'failed';
  return { part, processor: sp ? processor : undefined, rebuild: sp?.rebuild, floor };
}

function rows(sp?: StreamProcessorP1, naive?: PeerRate & { check: ViewCheck }, noop?: PeerRate, java?: JavaPerfResult, store?: StoreCeiling, floor?: StoreFloor): PartResult['rows'] {
  const rate = sp?.eventsPerSecond;
  const ratioRow = (figure: string, base: number | undefined, baseLabel: string, target: string, min: number | null) => {
    const r = ratioOf(rate, base);
    return { part: 'P1', figure, measured: fmt.rate(rate), baseline: `${baseLabel} ${fmt.rate(base)}`, ratio: fmt.ratio(rate, base), target, met: min === null || r === null ? null : r >= min };
  };
  return [
    { part: 'P1', figure: 'catalogue view throughput (stream processor from dist, its 3 views running)', measured: fmt.rate(rate), baseline: '', ratio: '', target: '≥ 100,000 ev/s', met: rate === undefined ? null : rate >= 100_000 },
    ratioRow('… vs (a) naive peer: one updateOne per message', naive?.eventsPerSecond, `naive (first ${naive ? fmt.int(naive.events) : '?'} events)`, '≥ 20×', 20),
    ratioRow('… vs (b) KafkaJS consuming, doing nothing', noop?.eventsPerSecond, 'KafkaJS no-op', '≥ 0.5×', 0.5),
    ratioRow('… vs (c) Kafka Java ConsumerPerformance (the limit)', java?.eventsPerSecond, 'Java consumer', 'info', null),
    {
      ...ratioRow('… vs (d) FerretDB write ceiling: bulk upserts by _id, one client, nothing else', store?.upsertsPerSecond, `${fmt.int(store?.documents ?? 0)} upserts`, 'info', null),
      measured: `${fmt.rate(rate)} (FerretDB ${sp?.ferretdbCpuMsPerEvent ?? '—'} ms CPU/event)`,
      baseline: `${fmt.rate(store?.upsertsPerSecond, 'upserts/s')} (${store?.ferretdbCpuMsPerUpsert ?? '—'} ms CPU/upsert); insertMany ${fmt.rate(store?.insertsPerSecond, 'docs/s')}`,
    },
    {
      ...ratioRow('… vs (e) store floor: every event in the event index\'s slices and each product once per keyed view, written alone (no catch-up into this store is faster)', floor?.eventsPerSecond, 'floor', 'info', null),
      baseline: floor ? `${fmt.rate(floor.eventsPerSecond)}: ${floor.seconds} s (${fmt.int(floor.eventIndex.oneWindow.slices)} slices in ${floor.eventIndex.oneWindow.seconds} s, ${fmt.int(floor.keyedUpserts)} upserts in ${floor.keyedSeconds} s; FerretDB ${floor.ferretdbCpuMicrosPerEvent ?? '—'} µs CPU/event); from ${(floor.eventIndex.flushWindows.windowBytes ?? 0) / 2 ** 20} MiB flush windows ${floor.flushWindowSeconds} s (${fmt.int(floor.eventIndex.flushWindows.slices)} slices)` : '—',
    },
    cpuBoundRow(sp),
  ];
}

/**
 * What the machine's cores allow at the CPU the run's processes spent per catalogue event (the stream
 * processor, FerretDB and Kafka, while the catalogue ran): a rate above it needs less CPU per event.
 */
function cpuBoundRow(sp?: StreamProcessorP1): PartResult['rows'][number] {
  const cores = cpus().length;
  const spent = sp ? Object.values(sp.cpuWhileCatalogueRan).reduce((sum, p) => sum + p.cpuSeconds, 0) : 0;
  const micros = sp && sp.measuredEvents > 0 ? (spent / sp.measuredEvents) * 1e6 : undefined;
  const most = micros ? (cores * 1e6) / micros : undefined;
  const each = sp ? Object.entries(sp.cpuWhileCatalogueRan).map(([name, p]) => `${name} ${Math.round((p.cpuSeconds / sp.measuredEvents) * 1e6)}`).join(', ') : '';
  return {
    part: 'P1',
    figure: `… vs (f) CPU: every process's CPU per catalogue event, on this machine's ${cores} cores`,
    measured: fmt.rate(sp?.eventsPerSecond),
    baseline: micros ? `${Math.round(micros)} µs CPU/event (${each}) → at most ${fmt.rate(most)}` : '—',
    ratio: fmt.ratio(sp?.eventsPerSecond, most),
    target: 'info',
    met: null,
  };
}

async function kafkajsNoop(ctx: BenchContext, total: number): Promise<PeerRate> {
  const peer = new BenchProcess('kafkajs-noop', join(ctx.repoRoot, 'dist/bench/peers/kafkajs-noop/main.js'), {
    KAFKA_BROKERS: ctx.brokers.join(','), GROUP_ID: `bench-noop-${ctx.runTag}`, EVENTS: String(total), FETCH_MAX_BYTES: String(ctx.scale.p1.fetchMaxBytes),
  }, ctx.dirs);
  peer.start();
  return peer.result<PeerRate>();
}

async function naivePeer(ctx: BenchContext, dataset: CatalogueDataset, events: number): Promise<PeerRate & { check: ViewCheck }> {
  const db = `bench_naive_${ctx.runTag}`;
  const peer = new BenchProcess('naive-catalogue', join(ctx.repoRoot, 'dist/bench/peers/naive-catalogue/main.js'), {
    KAFKA_BROKERS: ctx.brokers.join(','), MONGO_URL: ctx.mongoUrl, MONGO_DB: db, GROUP_ID: `bench-naive-${ctx.runTag}`, EVENTS: String(events), ID_PREFIX: dataset.spec.idPrefix,
  }, ctx.dirs);
  peer.start();
  const result = await peer.result<PeerRate>();
  const docs = await ctx.mongo.db(db).collection<CatalogueDoc>('catalogue').find({}).toArray();
  const check = dataset.expected.check(docs, { final: false, allProducts: false, averageRating: false });
  if (check.mismatchCount > 0 || check.eventsApplied !== events) {
    throw new Error(`naive peer's view is wrong: ${check.eventsApplied} of ${events} events applied; ${check.mismatches.join('; ')}`);
  }
  return { ...result, check };
}
