import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './infra';
import { freePort } from './free-port';
import { uniqueName } from './unique';

const run = promisify(execFile);
const DAPR_SCRIPT = join(REPO_ROOT, 'scripts', 'runtime', 'dapr.sh');

/** A real daprd, started and stopped by scripts/runtime/dapr.sh (installed first if missing), on free ports. */
export class DaprSidecar {
  readonly name: string;
  httpPort = 0;
  metricsPort = 0;

  constructor(
    readonly appId: string,
    readonly appPort: number,
    private readonly env: Record<string, string>,
  ) {
    this.name = uniqueName(appId);
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get metricsUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}`;
  }

  async start(): Promise<void> {
    this.httpPort = await freePort();
    this.metricsPort = await freePort();
    const grpcPort = await freePort();
    const internalPort = await freePort();
    const args = ['start', this.name, this.appId, ...[this.appPort, this.httpPort, grpcPort, this.metricsPort, internalPort].map(String)];
    // A cold install builds daprd (minutes): the first start may take that long.
    await run('bash', [DAPR_SCRIPT, ...args], { env: { ...process.env, ...this.env }, timeout: 900_000 });
  }

  async stop(): Promise<void> {
    await run('bash', [DAPR_SCRIPT, 'stop', this.name], { env: { ...process.env, ...this.env } });
  }

  /** One sample of daprd's Prometheus metrics, summed over the series whose labels include `labels`. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${this.metricsUrl}/metrics`)).text();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    return text
      .split('\n')
      .filter((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && wanted.every((w) => l.includes(w)))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  }
}
