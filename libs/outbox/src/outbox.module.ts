import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { MONGO_DB } from '@app/mongo/mongo.module';
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Db } from 'mongodb';
import { PinoLogger } from 'nestjs-pino';
import { CommandWriter } from './command-writer';
import { Outbox, OUTBOX_RELAY_FACTORY, OUTBOX_RELAYS, RelayFactory } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { OutboxConfig, outboxLeaseMs } from './outbox.config';
import { SET_ASIDE_COLLECTION } from './set-aside-store';

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
          provide: OUTBOX_RELAY_FACTORY,
          inject: [MONGO_DB, EventPublisher, OutboxConfig, PinoLogger],
          useFactory:
            (db: Db, publisher: EventPublisher, config: OutboxConfig, logger: PinoLogger): RelayFactory =>
            (name) =>
              new OutboxRelay(db.collection(name), db.collection(SET_ASIDE_COLLECTION), publisher, {
                batchSize: config.OUTBOX_BATCH_SIZE,
                pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
                leaseMs: outboxLeaseMs(config),
                publishTimeoutMs: config.OUTBOX_PUBLISH_TIMEOUT_MS,
                maxBatchBytes: config.OUTBOX_MAX_BATCH_BYTES,
                faultKillAfterPublishes: config.FAULT_KILL_AFTER_PUBLISHES,
              }, logger.logger.child({ component: 'outbox', collection: name })),
        },
        {
          provide: OUTBOX_RELAYS,
          inject: [OUTBOX_RELAY_FACTORY],
          useFactory: (create: RelayFactory) => new Map(collections.map((name) => [name, create(name)])),
        },
        Outbox,
        CommandWriter,
        OutboxLifecycle,
      ],
      exports: [Outbox, CommandWriter, OUTBOX_RELAYS],
    };
  }
}
