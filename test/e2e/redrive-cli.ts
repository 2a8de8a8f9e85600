import { REPO_ROOT } from '@app/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs the built redrive CLI against the test broker; resolves with its exit code and output. */
export function runRedrive(args: string[], kafkaBrokers: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'tools', 'redrive', 'main.js'), ...args], {
    env: { ...process.env, KAFKA_BROKERS: kafkaBrokers, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
