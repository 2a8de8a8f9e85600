import { Topic, TOPIC_CATALOG } from '@app/contracts';
import { join } from 'node:path';
import { BenchContext } from '../bench-context';
import { freePort } from '@app/platform/net/free-port';
import { serviceProcessEnv } from '@app/platform/runtime/service-process-env';
import { BenchProcess } from '../infra/bench-process';
import { recordCount } from '../infra/kafka';
import { scrape, sumSamples } from '../infra/prometheus';

export interface ViewCounts {
  /** Events of the dataset's topics (products, reviews) each view has applied, per its consumer metrics. */
  catalogue: number;
  alerts: number;
  history: number;
  deadLettered: number;
}

const DATASET_TOPICS = [Topic.ProductEvents, Topic.ReviewEvents];
/** Every declared topic but the dead-letter ones: what the three views read between them. */
const VIEW_TOPICS = TOPIC_CATALOG.map((t) => t.name).filter((name) => !name.endsWith('.deadletter'));

/** The real stream processor from dist, on its own database and consumer groups. */
export class StreamProcessorUnderTest {
  readonly process: BenchProcess;
  readonly db: string;
  readonly groupPrefix: string;
  readonly env: Record<string, string>;
  /** Where the preloaded V8 profiler writes (undefined: not profiled). */
  readonly cpuProfileFile?: string;

  private constructor(
    ctx: BenchContext,
    readonly url: string,
    port: number,
  ) {
    this.db = `bench_sp_${ctx.runTag}`;
    this.groupPrefix = `bench-sp-${ctx.runTag}`;
    this.env = {
      // As every launcher starts it: the memory profile is part of what P4 measures.
      ...serviceProcessEnv('stream-processor'),
      KAFKA_BROKERS: ctx.brokers.join(','),
      MONGO_URL: ctx.mongoUrl,
      MONGO_DB: this.db,
      KAFKA_GROUP_ID: this.groupPrefix,
      HTTP_PORT: String(port),
      LOG_LEVEL: process.env.BENCH_SP_LOG_LEVEL ?? 'warn',
      LAG_INTERVAL_MS: '500',
      VIEW_FETCH_MAX_BYTES: String(ctx.scale.p1.fetchMaxBytes),
    };
    const nodeArgs: string[] = [];
    if (ctx.cpuProfile) {
      this.cpuProfileFile = join(ctx.dirs.logs, 'stream-processor.cpuprofile');
      this.env.BENCH_CPU_PROFILE_FILE = this.cpuProfileFile;
      nodeArgs.push('--require', join(ctx.repoRoot, 'dist/bench/src/infra/cpu-profile-preload.js'));
    }
    this.process = new BenchProcess('stream-processor', ctx.streamProcessorMain, this.env, ctx.dirs, nodeArgs);
  }

  static async create(ctx: BenchContext): Promise<StreamProcessorUnderTest> {
    const port = await freePort();
    return new StreamProcessorUnderTest(ctx, `http://127.0.0.1:${port}`, port);
  }

  /** Per view, dataset events applied so far (counted after each batch is written). */
  async counts(): Promise<ViewCounts> {
    const text = await scrape(this.url);
    const applied = (view: string) =>
      DATASET_TOPICS.reduce((n, topic) => n + sumSamples(text, 'stream_view_events_applied_total', { view, topic }), 0);
    return { catalogue: applied('catalogue'), alerts: applied('alerts'), history: applied('history'), deadLettered: sumSamples(text, 'kafka_consumer_messages_total', { outcome: 'dead_lettered' }) };
  }

  /** Every view's lag from /health (null where not measured yet). */
  async lags(): Promise<Record<string, number | null>> {
    const health = (await (await fetch(`${this.url}/health`)).json()) as { info?: { views?: Record<string, unknown> } };
    const views = Object.entries(health.info?.views ?? {}).filter((e): e is [string, { lag: number | null }] => typeof e[1] === 'object' && e[1] !== null && 'lag' in e[1]);
    return Object.fromEntries(views.map(([view, v]) => [view, v.lag]));
  }

  /** Records in the topics the views read (the size of a rebuild). */
  async recordsInViewTopics(ctx: BenchContext): Promise<number> {
    const admin = ctx.kafka.admin();
    await admin.connect();
    try {
      return await recordCount(admin, VIEW_TOPICS);
    } finally {
      await admin.disconnect();
    }
  }

  /** /health reports lag 0 for all three views, measured after `after` (ISO time). */
  async allViewsAtLagZero(after: string): Promise<boolean> {
    const health = (await (await fetch(`${this.url}/health`)).json()) as { info?: { views?: Record<string, { lag?: number | null; lagMeasuredAt?: string | null }> } };
    const views = Object.values(health.info?.views ?? {}).filter((v) => typeof v === 'object' && v !== null && 'lag' in v);
    return views.length === 3 && views.every((v) => v.lag === 0 && (v.lagMeasuredAt ?? '') > after);
  }

  /** The catalogue view's lag from /health, if it was measured after `after` (ISO time). */
  async catalogueLag(after: string): Promise<number | null> {
    const health = (await (await fetch(`${this.url}/health`)).json()) as { info?: { views?: { catalogue?: { lag: number | null; lagMeasuredAt: string | null } } } };
    const view = health.info?.views?.catalogue;
    return view && (view.lagMeasuredAt ?? '') > after ? view.lag : null;
  }
}
