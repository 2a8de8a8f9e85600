/**
 * Not a test: the process that fatal-exit.process.unit.spec.ts starts, running the real handlers on the
 * real `process` (and a real Nest context with enableShutdownHooks), one scenario per run (argv[2]).
 */
import 'reflect-metadata';
import { writeSync } from 'node:fs';
import { Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { fatal, installFatalExit } from './fatal-exit';

const scenario = process.argv[2];

class ShutdownWitness implements OnApplicationShutdown {
  async onApplicationShutdown(signal?: string): Promise<void> {
    writeSync(2, `shutdown hook ran on ${signal}\n`);
    if (scenario === 'nest-hangs') await new Promise(() => undefined);
  }
}

@Module({ providers: [ShutdownWitness] })
class ChildModule {}

/** What a listening server does: keeps the process alive until someone ends it. */
const stayAlive = (): void => void setInterval(() => undefined, 60_000);

async function nestThenSigterm(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ChildModule, { logger: false });
  app.enableShutdownHooks();
  stayAlive();
  process.kill(process.pid, 'SIGTERM');
}

const scenarios: Record<string, () => void> = {
  uncaught: () =>
    setTimeout(() => {
      throw new TypeError('boom');
    }),
  rejection: () => void Promise.reject(new Error('nobody awaited me')),
  exit: () => process.exit(3),
  'bad-config': () => fatal('refuses to start. HTTP_PORT must be a port', undefined, 78),
  'signal-at-boot': () => {
    stayAlive();
    process.kill(process.pid, 'SIGTERM');
  },
  'nest-stops': () => void nestThenSigterm(),
  'nest-hangs': () => void nestThenSigterm(),
};

installFatalExit({ service: 'orders', shutdownTimeoutMs: scenario === 'nest-hangs' ? 300 : 15_000 });
scenarios[scenario]();
