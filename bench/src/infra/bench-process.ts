import { join } from 'node:path';
import { NodeProcess } from '@app/testing/node-process';

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

/** A built Node program (a service from dist/apps or a peer from dist/bench) run as its own OS process (NodeProcess). */
export class BenchProcess {
  private readonly process: NodeProcess;

  constructor(
    readonly name: string,
    script: string,
    private readonly env: Record<string, string>,
    private readonly dirs: ProcessDirs,
    /** Options for node itself, before the script (e.g. `--require` of the profiler). */
    nodeArgs: string[] = [],
  ) {
    this.process = new NodeProcess(name, script, { logFile: join(dirs.logs, `${name}.log`), pidFile: join(dirs.pids, `bench-${name}.pid`), nodeArgs });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  start(): void {
    this.process.start(this.env);
    live.add(this);
    void this.process.exited().then(() => live.delete(this));
  }

  /** Starts the process and waits until GET {url}/health answers 200. */
  async startHealthy(url: string, timeoutMs = 90_000): Promise<void> {
    this.start();
    await this.waitHealthy(url, timeoutMs);
  }

  /** Waits until GET {url}/health answers 200; fails at once if the process exits first. */
  async waitHealthy(url: string, timeoutMs = 90_000): Promise<void> {
    await this.process.waitForHttp(`${url}/health`, { timeoutMs, intervalMs: 100, what: `${this.name} to become ready` });
  }

  /** For one-shot programs: waits for the exit and returns the last stdout line parsed as JSON. */
  async result<T>(): Promise<T> {
    const code = await this.process.exited();
    if (code !== 0) throw new Error(`${this.name} exited with ${code}; see ${join(this.dirs.logs, `${this.name}.log`)}`);
    return JSON.parse(this.process.lastStdoutLine()) as T;
  }

  kill(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  /** Sends the signal and waits until the process is gone (a SIGKILL: no shutdown hook runs). */
  async killAndWait(signal: NodeJS.Signals): Promise<void> {
    this.kill(signal);
    await this.process.exited();
  }

  async stop(): Promise<void> {
    await this.process.stop('SIGTERM', 15_000);
  }
}
