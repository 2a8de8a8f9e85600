import { Topic } from '@app/contracts';
import { Command, Option } from 'commander';
import { MongoClient } from 'mongodb';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BenchContext } from './bench-context';
import { BenchScale, FULL, SMOKE } from './bench-scale';
import { CatalogueDataset } from './dataset/catalogue-dataset';
import { produceDataset } from './dataset/produce-dataset';
import { benchKafka, recordCount } from './infra/kafka';
import { machineInfo } from './machine-info';
import { runP1 } from './p1/p1-projection';
import { runP2 } from './p2/p2-freshness';
import { runP3 } from './p3/p3-command-path';
import { p4Part } from './p4/p4-replay';
import { BenchResults, PartResult } from './report/results';
import { markdownTable } from './report/table';

interface Options {
  smoke?: boolean;
  sharedRuntime?: boolean;
  brokers: string;
  mongoUrl: string;
  runtimeDir: string;
  out?: string;
  parts: string;
  events?: string;
  products?: string;
  naiveEvents?: string;
  fetchMaxBytes?: string;
  p2Seconds?: string;
}

const REPO_ROOT = resolve(__dirname, '../../..');
const SHARED_PORTS = [':9092', ':27017'];

const program = new Command('bench')
  .description('P1 projection throughput, P2 freshness, P3 command path, each beside its baseline; writes JSON and prints a markdown table')
  .option('--smoke', 'every part at a small size: checks results are correct, never timings')
  .option('--shared-runtime', "use a runtime that is not the benchmark's own (the test runtime): its topics may hold other events (smoke only)")
  .addOption(new Option('--brokers <list>', "the benchmark's own Kafka").env('KAFKA_BROKERS').makeOptionMandatory())
  .addOption(new Option('--mongo-url <url>', "the benchmark's own FerretDB/MongoDB").env('MONGO_URL').makeOptionMandatory())
  .addOption(new Option('--runtime-dir <dir>', "the benchmark runtime's state dir (pids, logs)").env('CQRS_RUNTIME_DIR').makeOptionMandatory())
  .option('--out <file>', 'results JSON (default bench/results/<timestamp>.json)')
  .option('--parts <list>', 'parts to run (P4 is measured on the P1 stream processor)', 'P1,P2,P3,P4')
  .addOption(new Option('--events <n>', 'P1 dataset size override').env('BENCH_EVENTS'))
  .addOption(new Option('--products <n>', 'P1 products override').env('BENCH_PRODUCTS'))
  .addOption(new Option('--naive-events <n>', 'P1 naive peer prefix override').env('BENCH_NAIVE_EVENTS'))
  .addOption(new Option('--fetch-max-bytes <n>', "P1/P2 consumers' fetch size per partition override").env('BENCH_FETCH_MAX_BYTES'))
  .addOption(new Option('--p2-seconds <n>', 'P2 seconds per rate override').env('BENCH_P2_SECONDS'))
  .action((opts: Options) => main(opts));

async function main(opts: Options): Promise<void> {
  if (opts.sharedRuntime && !opts.smoke) throw new Error('--shared-runtime is for --smoke only: figures need a runtime of their own');
  if (!opts.sharedRuntime && SHARED_PORTS.some((p) => opts.brokers.includes(p) || opts.mongoUrl.includes(p))) {
    throw new Error(`refusing to benchmark against the shared developer runtime (${opts.brokers}, ${opts.mongoUrl}): run bench/run.sh, which starts an isolated one`);
  }
  const base = opts.smoke ? SMOKE : FULL;
  const override = (value: string | undefined, fallback: number): number => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive integer: ${value}`);
    return n;
  };
  const overridden = [opts.events, opts.products, opts.naiveEvents, opts.fetchMaxBytes, opts.p2Seconds].some((v) => v !== undefined && v !== '');
  const scale: BenchScale = {
    ...base,
    name: overridden ? 'custom' : base.name,
    p2: { ...base.p2, seconds: override(opts.p2Seconds, base.p2.seconds) },
    p1: {
      ...base.p1,
      events: override(opts.events, base.p1.events),
      products: override(opts.products, base.p1.products),
      naiveEvents: override(opts.naiveEvents, base.p1.naiveEvents),
      fetchMaxBytes: override(opts.fetchMaxBytes, base.p1.fetchMaxBytes),
    },
  };
  const startedAt = new Date();
  const runTag = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').toLowerCase();
  const brokers = opts.brokers.split(',');
  const mongo = await new MongoClient(opts.mongoUrl).connect();
  const kafka = benchKafka(brokers);
  const ctx: BenchContext = {
    scale, repoRoot: REPO_ROOT, brokers, mongoUrl: opts.mongoUrl, runTag, kafka, mongo, sharedRuntime: opts.sharedRuntime === true, cpuProfile: process.env.BENCH_CPU_PROFILE !== '0',
    streamProcessorMain: resolve(process.env.BENCH_STREAM_PROCESSOR || join(REPO_ROOT, 'dist/apps/stream-processor/src/main.js')),
    runtimePids: { kafka: pidOf(opts.runtimeDir, 'kafka'), ferretdb: pidOf(opts.runtimeDir, 'ferretdb') },
    dirs: { logs: join(opts.runtimeDir, 'logs', `bench-${runTag}`), pids: join(opts.runtimeDir, 'pids') },
    log: (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`),
  };
  const wanted = new Set(opts.parts.split(',').map((p) => p.trim().toUpperCase()));
  const parts: PartResult[] = [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const dataset = new CatalogueDataset({ products: scale.p1.products, events: scale.p1.events, seed: 20_250_101, startAt: new Date(startedAt.getTime() - 24 * 3600_000), idPrefix: `b${runTag}-` });
    const topics = [Topic.ProductEvents, Topic.ReviewEvents];
    const earlierRecords = await recordCount(admin, topics);
    if (earlierRecords > 0 && !ctx.sharedRuntime) throw new Error('the catalogue topics are not empty: the benchmark needs a fresh runtime (bench/run.sh wipes it)');
    ctx.log(`producing ${scale.p1.events} events for ${scale.p1.products} products${earlierRecords > 0 ? ` (after ${earlierRecords} earlier records in the topics)` : ''}`);
    const produced = await produceDataset(kafka, dataset, scale.p1.produceBatch);
    ctx.log(`produced in ${produced.seconds.toFixed(1)} s (${Math.round(produced.eventsPerSecond)} ev/s, ${Math.round(produced.bytes / 2 ** 20)} MiB)`);
    const totals = productAndReviewEvents(dataset);

    const needsP1 = wanted.has('P1') || wanted.has('P2') || wanted.has('P4');
    const { part: p1, processor, rebuild, floor } = needsP1 ? await underLoad(() => runP1(ctx, dataset, totals, earlierRecords)) : { part: undefined, processor: undefined, rebuild: undefined, floor: undefined };
    if (p1 && wanted.has('P1')) parts.push(p1);
    if (p1 && wanted.has('P4')) parts.push(p4Part(rebuild, floor, p1.parameters.loadAverage1m));
    if (wanted.has('P2')) parts.push((await underLoad(async () => ({ part: await runP2(ctx, dataset, processor) }))).part);
    await processor?.process.stop();
    if (wanted.has('P3')) parts.push((await underLoad(async () => ({ part: await runP3(ctx) }))).part);

    const results: BenchResults = {
      schemaVersion: 1, scale: scale.name, scaleDetail: scale, sharedRuntime: ctx.sharedRuntime, streamProcessor: ctx.streamProcessorMain, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: machineInfo(),
      dataset: { ...dataset.spec, startAt: dataset.spec.startAt.toISOString(), productEvents: totals.products, reviewEvents: totals.reviews, earlierRecordsInTopics: earlierRecords, produce: produced, generator: 'bench/src/dataset/catalogue-dataset.ts (contracts envelope, seeded)' },
      parts: parts.sort((a, b) => a.id.localeCompare(b.id)),
    };
    const out = opts.out ?? join(REPO_ROOT, 'bench/results', `${startedAt.toISOString().replace(/:/g, '-')}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${markdownTable(results)}\n\nresults: ${out}\n`);
    if (opts.smoke) process.stdout.write('(smoke: a correctness check at a tiny size; its timings mean nothing)\n');
    const problems = parts.flatMap((p) => p.problems.map((m) => `${p.id}: ${m}`));
    if (problems.length > 0) {
      process.stderr.write(`\nthe benchmark produced wrong or missing results:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
      process.exitCode = 1;
    }
  } finally {
    await admin.disconnect();
    await mongo.close();
  }
}

/** Records the machine's 1-minute load average before and after a part: others' work shares these 2 cores. */
async function underLoad<T extends { part?: PartResult }>(run: () => Promise<T>): Promise<T> {
  const before = loadavg()[0];
  const result = await run();
  if (result.part) result.part.parameters.loadAverage1m = { before: Math.round(before * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 };
  return result;
}

function productAndReviewEvents(dataset: CatalogueDataset): { products: number; reviews: number } {
  let products = 0;
  let reviews = 0;
  for (const p of dataset.expected.products.values()) {
    products += p.stockAt.length;
    reviews += p.ratingSumAt.length - 1;
  }
  return { products, reviews };
}

function pidOf(runtimeDir: string, server: string): number | undefined {
  const file = join(runtimeDir, 'pids', `${server}.pid`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
