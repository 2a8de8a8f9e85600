import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { MONGO_DB } from '@app/mongo/mongo.module';
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Db } from 'mongodb';
import { PinoLogger } from 'nestjs-pino';
import { OutboxRelay } from './outbox-relay';
import { killIfFaultInjected } from './fault-injection';
import { OutboxConfig } from './outbox.config';

export const OUTBOX_RELAYS = Symbol('OUTBOX_RELAYS');

/** Lets command handlers nudge the relay of their collection right after a write. */
@Injectable()
export class Outbox {
  constructor(
    @Inject(OUTBOX_RELAYS) private readonly relays: Map<string, OutboxRelay>,
    private readonly config: OutboxConfig,
  ) {}

  /** Called after the atomic write: publishes soon (or kills the process when the fault switch is on). */
  written(collection: string): void {
    killIfFaultInjected(this.config.FAULT_KILL_AFTER_DB_WRITE);
    this.relays.get(collection)?.notify();
  }
}

@Injectable()
class OutboxLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(OUTBOX_RELAYS) private readonly relays: Map<string, OutboxRelay>) {}
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([...this.relays.values()].map((r) => r.start()));
  }
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.relays.values()].map((r) => r.stop()));
  }
}

/** One relay per aggregate collection that carries an outbox. */
@Module({})
export class OutboxModule {
  static forCollections(collections: string[]): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [
        {
          provide: OUTBOX_RELAYS,
          inject: [MONGO_DB, EventPublisher, OutboxConfig, PinoLogger],
          useFactory: (db: Db, publisher: EventPublisher, config: OutboxConfig, logger: PinoLogger) =>
            new Map(
              collections.map((name) => [
                name,
                new OutboxRelay(db.collection(name), publisher, {
                  batchSize: config.OUTBOX_BATCH_SIZE,
                  pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
                  leaseMs: config.OUTBOX_LEASE_MS,
                }, logger.logger.child({ component: 'outbox', collection: name })),
              ]),
            ),
        },
        Outbox,
        OutboxLifecycle,
      ],
      exports: [Outbox],
    };
  }
}
