import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './infra';
import { waitFor } from './wait-for';

/** A built service running as its own OS process, as in production: for end-to-end and crash tests. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exit?: Promise<number | null>;

  constructor(
    readonly app: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and waits until /health says ready. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const logs = join(REPO_ROOT, 'test-artifacts', 'logs');
    mkdirSync(logs, { recursive: true });
    const log = createWriteStream(join(logs, `${this.app}-${this.port}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'apps', this.app, 'src', 'main.js')], {
      env: { ...process.env, ...this.env, ...extraEnv, HTTP_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = waitFor(async () => (await fetch(`${this.url}/health`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: `${this.app} to become ready`,
    });
    const died = this.exit.then((code) => {
      throw new Error(`${this.app} exited with ${code} before it was ready; see test-artifacts/logs`);
    });
    await Promise.race([ready, died]);
  }

  /** Resolves with the exit code once the process has ended (e.g. after a fault-injected SIGKILL). */
  exited(): Promise<number | null> {
    return this.exit ?? Promise.resolve(null);
  }

  /** The signal that ended the last run (e.g. SIGKILL), or null. */
  signal(): NodeJS.Signals | null {
    return this.child?.signalCode ?? null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exit;
  }
}
