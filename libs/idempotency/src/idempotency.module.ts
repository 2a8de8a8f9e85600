import { PeriodicTask } from '@app/platform';
import { CLOCK, Clock } from '@app/core';
import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';

const SWEEP_INTERVAL_MS = 10 * 60_000;

/** Deletes expired keys every 10 minutes; expired keys still there meanwhile are read as absent. */
@Injectable()
class IdempotencySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private task?: PeriodicTask;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const onError = (error: unknown) => this.logger.warn({ err: error }, 'idempotency key sweep failed; the next one retries');
    this.store.collection.createIndex({ expiresAt: 1 }, { name: 'by_expiry' }).catch(onError);
    this.task = new PeriodicTask(() => this.store.sweep(this.clock.now()), SWEEP_INTERVAL_MS, onError);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }
}

/** `Idempotency-Key` for the writes marked @Idempotent(): one store per service database. */
@Global()
@Module({
  providers: [IdempotencyStore, IdempotencyInterceptor, IdempotencySweeper],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
