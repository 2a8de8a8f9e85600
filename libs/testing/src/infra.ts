import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the servers under test are, and who is responsible for stopping them. */
export interface Infra {
  mode: 'external' | 'testcontainers' | 'local-runtime';
  kafkaBrokers: string;
  mongoUrl: string;
  redisUrl: string;
  /** Local-runtime servers this run started itself (and so stops at the end). */
  startedLocal?: string[];
}

export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** The runtime's state dir (make test: .runtime-test, its own; make up: .runtime). */
const RUNTIME_DIR = process.env.CQRS_RUNTIME_DIR ?? join(REPO_ROOT, '.runtime');
const STATE_FILE = join(RUNTIME_DIR, 'test-infra.json');

/** A Docker engine is used only if one actually answers. */
export function dockerAnswers(): boolean {
  if (process.env.TESTCONTAINERS_DISABLED === 'true') return false;
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000, stdio: 'ignore' });
  return result.status === 0;
}

/** Servers named by KAFKA_BROKERS / MONGO_URL / REDIS_URL are used as they are. */
export function externalInfra(env: NodeJS.ProcessEnv = process.env): Infra | null {
  if (!env.KAFKA_BROKERS || !env.MONGO_URL) return null;
  return { mode: 'external', kafkaBrokers: env.KAFKA_BROKERS, mongoUrl: env.MONGO_URL, redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
}

/** Starts (if needed) the project's local runtime: real Kafka, FerretDB and Redis on 127.0.0.1. */
export function localRuntimeInfra(components = ['kafka', 'ferretdb', 'redis']): Infra {
  const script = join(REPO_ROOT, 'scripts', 'runtime');
  const running = (name: string) => spawnSync('bash', [join(script, 'status.sh'), name], { encoding: 'utf8' }).stdout.includes('running');
  const notRunning = components.filter((c) => !running(c));
  if (notRunning.length > 0) execFileSync('bash', [join(script, 'start.sh'), ...notRunning], { stdio: 'inherit' });
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return {
    mode: 'local-runtime',
    kafkaBrokers: `127.0.0.1:${port('KAFKA_PORT', 9092)}`,
    mongoUrl: `mongodb://127.0.0.1:${port('MONGO_PORT', 27017)}`,
    redisUrl: `redis://127.0.0.1:${port('REDIS_PORT', 6379)}`,
    startedLocal: notRunning,
  };
}

export function saveInfra(infra: Infra): void {
  mkdirSync(RUNTIME_DIR, { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(infra, null, 2));
}

/** The infra this run's global setup resolved (it rewrites the file at every start). */
export function loadInfra(): Infra {
  if (!existsSync(STATE_FILE)) throw new Error('no test infra: run the tests through jest (its global setup starts the servers)');
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as Infra;
}
