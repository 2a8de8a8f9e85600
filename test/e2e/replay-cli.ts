import { REPO_ROOT, viewsCaughtUp } from '@app/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

interface ReplayStack {
  infra: { kafkaBrokers: string; mongoUrl: string };
  streamsDb: string;
  streamsGroup: string;
  ordersDb: string;
  ordersGroup: string;
  accountsDb: string;
  catalogDb: string;
  catalogGroup: string;
}

/** Runs the built replay CLI against a stack's stream processor; resolves with its exit code and output. */
export function runReplay(args: string[], stack: ReplayStack, env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'dist', 'tools', 'replay', 'main.js'), ...args, '--streams-db', stack.streamsDb, '--streams-group', stack.streamsGroup, '--orders-db', stack.ordersDb, '--orders-group', stack.ordersGroup, '--accounts-db', stack.accountsDb, '--catalog-db', stack.catalogDb, '--catalog-group', stack.catalogGroup, '--log-dir', join(REPO_ROOT, 'test-artifacts', 'logs')],
    { env: { ...process.env, KAFKA_BROKERS: stack.infra.kafkaBrokers, MONGO_URL: stack.infra.mongoUrl, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Waits until every view of a stream processor has applied everything (a fresh one first works through the shared topics' history). */
export async function streamsCaughtUp(streamsUrl: string, timeoutMs = 300_000): Promise<void> {
  await viewsCaughtUp(streamsUrl, { timeoutMs, what: 'the views to catch up' });
}
