import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

/** The built service binary running in rebuild mode, its output in a log file. */
export class RebuildProcess {
  private readonly child: ChildProcess;
  private exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  constructor(distRoot: string, service: string, env: Record<string, string>, readonly logFile: string) {
    const log = createWriteStream(logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [join(distRoot, 'apps', service, 'src', 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Graceful stop: the consumer finishes its batch and leaves the group with its offsets committed. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
