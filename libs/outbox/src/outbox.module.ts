import { EventPublisher } from '@app/kafka/producer/event-publisher';
import { MONGO_DB } from '@app/mongo/mongo.module';
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Db } from 'mongodb';
import { PinoLogger } from 'nestjs-pino';
import { OutboxRelay } from './outbox-relay';
import { killIfFaultInjected } from './fault-injection';
import { OutboxConfig, outboxLeaseMs } from './outbox.config';
import { SET_ASIDE_COLLECTION } from './set-aside-store';

export const OUTBOX_RELAYS = Symbol('OUTBOX_RELAYS');
const OUTBOX_RELAY_FACTORY = Symbol('OUTBOX_RELAY_FACTORY');

type RelayFactory = (collection: string) => OutboxRelay;

/** Lets command handlers nudge the relay of their collection right after a write. */
@Injectable()
export class Outbox {
  constructor(
    @Inject(OUTBOX_RELAYS) private readonly relays: Map<string, OutboxRelay>,
    @Inject(OUTBOX_RELAY_FACTORY) private readonly createRelay: RelayFactory,
    private readonly config: OutboxConfig,
  ) {}

  /** Starts publishing one more collection's outbox (e.g. a view switched to a new generation of its collection). */
  async track(collection: string): Promise<void> {
    if (this.relays.has(collection)) return;
    const relay = this.createRelay(collection);
    this.relays.set(collection, relay);
    await relay.start();
  }

  /** Stops the relay of a collection no longer written, after publishing what is still pending in it. */
  async untrack(collection: string): Promise<void> {
    const relay = this.relays.get(collection);
    if (!relay) return;
    await relay.stop();
    await relay.flushPending();
    this.relays.delete(collection);
  }

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
              }, logger.logger.child({ component: 'outbox', collection: name })),
        },
        {
          provide: OUTBOX_RELAYS,
          inject: [OUTBOX_RELAY_FACTORY],
          useFactory: (create: RelayFactory) => new Map(collections.map((name) => [name, create(name)])),
        },
        Outbox,
        OutboxLifecycle,
      ],
      exports: [Outbox, OUTBOX_RELAYS],
    };
  }
}
