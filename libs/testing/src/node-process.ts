import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream';
import { dirname } from 'node:path';
import { waitFor } from './wait-for';

const LAST_OUTPUT_CHARS = 16_384;

export interface NodeProcessOptions {
  /** Where stdout and stderr go (appended). */
  logFile: string;
  /** Holds the pid while the process runs, for a cleanup trap that sweeps such files. */
  pidFile?: string;
  /** Options for node itself, before the script (e.g. `--require` of a profiler). */
  nodeArgs?: string[];
}

/**
 * A built Node program run as its own OS process on this Node, its output appended to a log file: the
 * one launcher of the end-to-end tests (ServiceProcess), the benchmarks and chaos harness (BenchProcess)
 * and the replay tool's rebuilds (RebuildProcess). It can be started again after it ended.
 */
export class NodeProcess {
  private child?: ChildProcess;
  private exit?: Promise<number | null>;
  private output = '';
  private stdout = '';

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly options: NodeProcessOptions,
  ) {}

  start(env: Record<string, string>): void {
    const { logFile, pidFile, nodeArgs = [] } = this.options;
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile, { flags: 'a' });
    // A log that cannot be written (its directory removed) is said in the output; it never throws out of the launcher.
    log.on('error', (error) => (this.output = `${this.output}\n[${logFile}: ${error.message}]`.slice(-LAST_OUTPUT_CHARS)));
    const child = spawn(process.execPath, [...nodeArgs, this.script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.output = '';
    this.stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout = (this.stdout + chunk.toString()).slice(-LAST_OUTPUT_CHARS)));
    for (const stream of [child.stdout, child.stderr]) {
      // Not ended by the first of the two streams to end: the log is ended once the process has closed both.
      stream?.pipe(log, { end: false });
      stream?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-LAST_OUTPUT_CHARS)));
    }
    if (pidFile) {
      mkdirSync(dirname(pidFile), { recursive: true });
      writeFileSync(pidFile, String(child.pid));
    }
    this.child = child;
    // 'close': the output is all in, so the last lines are there when the exit is reported; and the log
    // file is written and closed (a caller may remove its directory as soon as the exit is reported).
    this.exit = new Promise((resolve) =>
      child.once('close', (code) => {
        if (pidFile) rmSync(pidFile, { force: true });
        finished(log.end(), () => resolve(code));
      }),
    );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get logFile(): string {
    return this.options.logFile;
  }

  /** Started and not ended. */
  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The signal that ended the last run (e.g. SIGKILL), or null. */
  signal(): NodeJS.Signals | null {
    return this.child?.signalCode ?? null;
  }

  /** Resolves with the exit code once the last run has ended (null before any start). */
  exited(): Promise<number | null> {
    return this.exit ?? Promise.resolve(null);
  }

  /** The last lines the process wrote (stdout and stderr), to say why it died without opening its log. */
  tail(lines = 20): string {
    return this.output.split('\n').slice(-lines - 1).join('\n');
  }

  /** The last line it wrote to stdout (one-shot programs print their result there). */
  lastStdoutLine(): string {
    return this.stdout.trim().split('\n').pop() ?? '';
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running()) this.child?.kill(signal);
  }

  /** Sends `signal` and waits until the process is gone; past `killAfterMs`, SIGKILL. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs?: number): Promise<void> {
    if (!this.running()) return;
    this.kill(signal);
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => this.kill('SIGKILL'), killAfterMs);
    await this.exit;
    clearTimeout(timer);
  }

  /** Waits until GET `url` answers 200; fails at once, with the process's last lines, if it ends first. */
  async waitForHttp(url: string, { timeoutMs, intervalMs = 200, what }: { timeoutMs: number; intervalMs?: number; what: string }): Promise<void> {
    const done = new AbortController();
    const answered = waitFor(async () => (await fetch(url).catch(() => undefined))?.status === 200, { timeoutMs, intervalMs, what, signal: done.signal });
    const died = this.exited().then((code) => {
      throw new Error(`${this.name} exited with ${code} before ${what}; its last lines (all in ${this.options.logFile}):\n${this.tail()}`);
    });
    try {
      await Promise.race([answered, died]);
    } finally {
      // A process that died first leaves the poll nothing to wait for (it kept a test runner alive for the whole timeout).
      done.abort();
    }
  }
}
