import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@app/testing/wait-for';

const live = new Set<BenchProcess>();

/** Kills what the benchmark started if it is interrupted or fails (run.sh also sweeps the pid files). */
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    live.forEach((p) => p.kill('SIGKILL'));
    process.exit(130);
  });
}
process.once('exit', () => live.forEach((p) => p.kill('SIGKILL')));

export interface ProcessDirs {
  logs: string;
  /** One pid file per running child, for run.sh's cleanup trap. */
  pids: string;
}

/** A built Node program (a service from dist/apps or a peer from dist/bench) run as its own OS process. */
export class BenchProcess {
  private child?: ChildProcess;
  private exit?: Promise<number | null>;
  private stdout = '';

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
    private readonly dirs: ProcessDirs,
    /** Options for node itself, before the script (e.g. `--require` of the profiler). */
    private readonly nodeArgs: string[] = [],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    mkdirSync(this.dirs.logs, { recursive: true });
    mkdirSync(this.dirs.pids, { recursive: true });
    const log = createWriteStream(join(this.dirs.logs, `${this.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [...this.nodeArgs, this.script], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      log.write(chunk);
    });
    child.stderr?.pipe(log);
    this.child = child;
    live.add(this);
    writeFileSync(this.pidFile(), String(child.pid));
    this.exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        live.delete(this);
        rmSync(this.pidFile(), { force: true });
        resolve(code);
      }),
    );
  }

  /** Starts the process and waits until GET {url}/health answers 200. */
  async startHealthy(url: string, timeoutMs = 90_000): Promise<void> {
    this.start();
    await this.waitHealthy(url, timeoutMs);
  }

  /** Waits until GET {url}/health answers 200; fails at once if the process exits first. */
  async waitHealthy(url: string, timeoutMs = 90_000): Promise<void> {
    const ready = waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, {
      timeoutMs,
      intervalMs: 100,
      what: `${this.name} to become ready`,
    });
    const died = this.exit?.then((code) => {
      throw new Error(`${this.name} exited with ${code} before it was ready; see ${join(this.dirs.logs, `${this.name}.log`)}`);
    });
    await Promise.race([ready, died]);
  }

  /** For one-shot programs: waits for the exit and returns the last stdout line parsed as JSON. */
  async result<T>(): Promise<T> {
    const code = await this.exit;
    const last = this.stdout.trim().split('\n').pop() ?? '';
    if (code !== 0) throw new Error(`${this.name} exited with ${code}; see ${join(this.dirs.logs, `${this.name}.log`)}`);
    return JSON.parse(last) as T;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** Sends the signal and waits until the process is gone (a SIGKILL: no shutdown hook runs). */
  async killAndWait(signal: NodeJS.Signals): Promise<void> {
    this.kill(signal);
    await this.exit;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 15_000);
    await this.exit;
    clearTimeout(timer);
  }

  private pidFile(): string {
    return join(this.dirs.pids, `bench-${this.name}.pid`);
  }
}
