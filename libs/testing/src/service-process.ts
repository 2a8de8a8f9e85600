import { join } from 'node:path';
import { freePort } from '@app/platform/net/free-port';
import { serviceProcessEnv } from '@app/platform/runtime/service-process-env';
import { REPO_ROOT } from './infra';
import { NodeProcess } from './node-process';

/** A built service running as its own OS process, as in production: for end-to-end and crash tests. */
export class ServiceProcess {
  private process?: NodeProcess;
  private stopping = false;

  /**
   * `port` undefined: a free port (TEST_PORT_RANGE) chosen at the first start and kept for restarts, so
   * two test runs on one machine never answer each other's health checks.
   */
  constructor(
    readonly app: string,
    private assignedPort: number | undefined,
    private readonly env: Record<string, string>,
  ) {}

  get port(): number {
    if (this.assignedPort === undefined) throw new Error(`${this.app} has no port before its first start`);
    return this.assignedPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and waits until /health says ready (or, `until: 'live'`, until /health/live answers 200). */
  async start(extraEnv: Record<string, string> = {}, { until = 'ready' }: { until?: 'ready' | 'live' } = {}): Promise<void> {
    this.assignedPort ??= await freePort();
    const child = (this.process ??= new NodeProcess(this.app, join(REPO_ROOT, 'dist', 'apps', this.app, 'src', 'main.js'), {
      logFile: join(REPO_ROOT, 'test-artifacts', 'logs', `${this.app}-${this.port}.log`),
    }));
    child.start({ ...serviceProcessEnv(this.app), ...this.env, ...extraEnv, HTTP_PORT: String(this.port) });
    this.stopping = false;
    void child.exited().then((code) => {
      if (!this.stopping && child.signal() !== 'SIGKILL') {
        process.stderr.write(`${this.app} (port ${this.port}) exited by itself (code ${code}, signal ${child.signal()}); its last lines:\n${child.tail()}\n`);
      }
    });
    await child.waitForHttp(`${this.url}${until === 'live' ? '/health/live' : '/health'}`, { timeoutMs: 60_000, what: `${this.app} to become ${until}` });
  }

  /** Resolves with the exit code once the process has ended (e.g. after a fault-injected SIGKILL). */
  exited(): Promise<number | null> {
    return this.process?.exited() ?? Promise.resolve(null);
  }

  /** Started and not ended. */
  running(): boolean {
    return this.process?.running() ?? false;
  }

  /** The signal that ended the last run (e.g. SIGKILL), or null. */
  signal(): NodeJS.Signals | null {
    return this.process?.signal() ?? null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running()) return;
    this.stopping = true;
    await this.process?.stop(signal);
  }
}
