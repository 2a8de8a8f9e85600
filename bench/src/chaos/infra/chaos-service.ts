import { join } from 'node:path';
import { freePort } from '@app/platform/net/free-port';
import { serviceProcessEnv } from '@app/platform/runtime/service-process-env';
import { waitFor } from '@app/testing/wait-for';
import { BenchProcess } from '../../infra/bench-process';
import { ChaosContext } from '../chaos-context';

export type App = 'accounts' | 'orders' | 'catalog' | 'stream-processor';

/** A service from dist on its own database and consumer group(s), which can be SIGKILLed and started again on the same port. */
export class ChaosService {
  private process: BenchProcess;
  private generation = 0;
  readonly db: string;
  readonly group: string;

  private constructor(
    private readonly ctx: ChaosContext,
    readonly app: App,
    readonly port: number,
    scenario: string,
    private readonly env: Record<string, string>,
  ) {
    const tag = `${ctx.runTag}_${scenario}`;
    this.db = `chaos_${tag}_${app.replace('-', '_')}`;
    this.group = `chaos-${tag}-${app}`;
    this.process = this.newProcess();
  }

  static async create(ctx: ChaosContext, app: App, scenario: string, env: Record<string, string> = {}): Promise<ChaosService> {
    const service = new ChaosService(ctx, app, await freePort(), scenario, env);
    created.add(service);
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  async start(): Promise<void> {
    await this.process.startHealthy(this.url, 120_000);
  }

  /**
   * Starts the process and resolves with the milliseconds from spawn to its first `/health/live` 200,
   * then waits until it is ready. A service listens at once, whatever its consumers are waiting for
   * (after a SIGKILL, the dead member's session to expire).
   */
  async startTimingLiveness(): Promise<number> {
    const spawned = Date.now();
    this.process.start();
    const live = await waitFor(async () => ((await fetch(`${this.url}/health/live`, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined))?.status === 200 ? Date.now() : undefined), {
      timeoutMs: 120_000, intervalMs: 50, what: `${this.app} /health/live`,
    });
    await this.process.waitHealthy(this.url, 120_000);
    return live - spawned;
  }

  /** SIGKILL (or, `SIGTERM`, a graceful stop that leaves its group at once); then start() runs a new process on the same port and database. */
  async kill(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    await this.process.killAndWait(signal);
    this.generation += 1;
    this.process = this.newProcess();
  }

  /** Answers GET /health with 200 (every dependency up). */
  async ready(): Promise<boolean> {
    return (await this.health()).ready;
  }

  /** GET /health: ready (200), and whether its `kafka` check reported Kafka degraded. */
  async health(): Promise<{ ready: boolean; kafkaDegraded: boolean }> {
    const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    const body = (await res?.json().catch(() => undefined)) as { details?: { kafka?: { degraded?: unknown } } } | undefined;
    return { ready: res?.status === 200, kafkaDegraded: typeof body?.details?.kafka?.degraded === 'string' };
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  private newProcess(): BenchProcess {
    return new BenchProcess(`${this.app}-${this.port}-${this.generation}`, join(this.ctx.repoRoot, 'dist', 'apps', this.app, 'src', 'main.js'), {
      ...serviceProcessEnv(this.app),
      KAFKA_BROKERS: this.ctx.brokers.join(','),
      MONGO_URL: this.ctx.mongoUrl,
      MONGO_DB: this.db,
      KAFKA_GROUP_ID: this.group,
      HTTP_PORT: String(this.port),
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      OUTBOX_POLL_INTERVAL_MS: '200',
      ...this.env,
    }, this.ctx.dirs);
  }
}

/** Services started together and stopped together. */
/** Every service a scenario created: a scenario that aborts half-way leaves none running (stopLeftovers). */
const created = new Set<ChaosService>();

/** Stops whatever the scenarios so far left running; called after each scenario, however it ended. */
export async function stopLeftovers(): Promise<void> {
  await Promise.all([...created].map((s) => s.stop()));
  created.clear();
}

export async function startAll(services: ChaosService[]): Promise<void> {
  await Promise.all(services.map((s) => s.start()));
}

export async function stopAll(services: ChaosService[]): Promise<void> {
  await Promise.all(services.map((s) => s.stop()));
}
