import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadInfra, REPO_ROOT } from '../infra';

/** Stops only what the setup started; KEEP_RUNTIME=1 keeps local servers for the next suite. */
export default async function globalTeardown(): Promise<void> {
  const infra = loadInfra();
  if (infra.mode === 'testcontainers') await (await import('../containers')).stopContainers();
  if (infra.mode === 'local-runtime' && infra.startedLocal?.length && process.env.KEEP_RUNTIME !== '1') {
    execFileSync('bash', [join(REPO_ROOT, 'scripts', 'runtime', 'stop.sh'), ...infra.startedLocal], { stdio: 'inherit' });
  }
}
