import { spawn } from 'node:child_process';
import { join } from 'node:path';

export type Server = 'kafka' | 'ferretdb';

/**
 * Stops and starts the runtime's servers. By default through the local runtime's scripts (the state dir
 * and ports come from the environment, as for the scripts themselves); CHAOS_STOP_KAFKA /
 * CHAOS_START_KAFKA / CHAOS_STOP_FERRETDB / CHAOS_START_FERRETDB replace them with any shell command
 * (e.g. `docker compose stop kafka`) where the servers run elsewhere. Starting returns once healthy.
 */
export class ServerControl {
  constructor(
    private readonly repoRoot: string,
    private readonly log: (message: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  stop(server: Server): Promise<void> {
    return this.run(this.env[`CHAOS_STOP_${server.toUpperCase()}`] ?? this.script('stop.sh', server), `stopping ${server}`);
  }

  start(server: Server): Promise<void> {
    return this.run(this.env[`CHAOS_START_${server.toUpperCase()}`] ?? this.script('start.sh', server), `starting ${server}`);
  }

  private script(name: string, server: Server): string {
    return `bash ${JSON.stringify(join(this.repoRoot, 'scripts', 'runtime', name))} ${server}`;
  }

  private run(command: string, what: string): Promise<void> {
    this.log(`${what}: ${command}`);
    return new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', command], { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}): ${stderr.trim()}`))));
    });
  }
}
