import { serviceProcessEnv } from '@app/platform/runtime/service-process-env';
import { NodeProcess } from '@app/testing/node-process';
import { join } from 'node:path';

/** The built service binary running in rebuild mode, its output in a log file. */
export class RebuildProcess {
  private readonly process: NodeProcess;
  readonly exited: Promise<number | null>;

  constructor(distRoot: string, service: string, env: Record<string, string>, readonly logFile: string) {
    this.process = new NodeProcess(`${service} (rebuild)`, join(distRoot, 'apps', service, 'src', 'main.js'), { logFile });
    this.process.start({ ...serviceProcessEnv(service), ...env });
    this.exited = this.process.exited();
  }

  get running(): boolean {
    return this.process.running();
  }

  /** Graceful stop: the consumer finishes its batch and leaves the group with its offsets committed. */
  async stop(): Promise<void> {
    await this.process.stop('SIGTERM');
  }
}
