import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@app/platform/net/free-port';
import { REPO_ROOT } from './infra';
import { waitFor } from './wait-for';

const LAST_OUTPUT_CHARS = 16_384;

/** A built service running as its own OS process, as in production: for end-to-end and crash tests. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exit?: Promise<number | null>;
  private stopping = false;
  /** The end of what the process wrote, to say why it died without opening its log. */
  private lastOutput = '';

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
    const logs = join(REPO_ROOT, 'test-artifacts', 'logs');
    mkdirSync(logs, { recursive: true });
    const log = createWriteStream(join(logs, `${this.app}-${this.port}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'apps', this.app, 'src', 'main.js')], {
      env: { ...process.env, ...this.env, ...extraEnv, HTTP_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.lastOutput = (this.lastOutput + chunk.toString()).slice(-LAST_OUTPUT_CHARS));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.pipe(log);
      stream?.on('data', keep);
    }
    this.child = child;
    this.stopping = false;
    // 'close': the output is all in, so the last lines are there when it is reported.
    this.exit = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    void this.exit.then((code) => {
      if (!this.stopping && child.signalCode !== 'SIGKILL') process.stderr.write(`${this.app} (port ${this.port}) exited by itself (code ${code}, signal ${child.signalCode}); its last lines:\n${this.tail()}\n`);
    });
    const path = until === 'live' ? '/health/live' : '/health';
    const ready = waitFor(async () => (await fetch(`${this.url}${path}`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: `${this.app} to become ${until}`,
    });
    const died = this.exit.then((code) => {
      throw new Error(`${this.app} exited with ${code} before it was ready; its last lines (all in test-artifacts/logs):\n${this.tail()}`);
    });
    await Promise.race([ready, died]);
  }

  private tail(lines = 20): string {
    return this.lastOutput.split('\n').slice(-lines - 1).join('\n');
  }

  /** Resolves with the exit code once the process has ended (e.g. after a fault-injected SIGKILL). */
  exited(): Promise<number | null> {
    return this.exit ?? Promise.resolve(null);
  }

  /** Started and not ended. */
  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The signal that ended the last run (e.g. SIGKILL), or null. */
  signal(): NodeJS.Signals | null {
    return this.child?.signalCode ?? null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.stopping = true;
    this.child.kill(signal);
    await this.exit;
  }
}
