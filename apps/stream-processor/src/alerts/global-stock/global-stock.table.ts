import { decodeEvent, PRODUCT_CHANGED, Topic } from '@app/contracts';
import { connectUntilDone, endOffsets, InjectKafka, systemRetryEnv } from '@app/kafka';
import { errorFields, fatal } from '@app/platform';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { StreamProcessorConfig } from '../../stream-processor.config';
import { activeViews } from '../../views/view-generations';

/** How long a shutdown waits to delete the table's consumer group. */
const GROUP_DELETE_WAIT_MS = 5000;

/** A product's stock as its newest ProductChanged event says, and that event's time. */
export interface StockLevel {
  version: number;
  stock: number;
  at: string;
}

/**
 * The alerts view's global table of stock (Kafka Streams' GlobalKTable). Orders and products are
 * partitioned by different ids, so with several instances the owner of an order does not own the
 * products it wants: every instance reads every partition of the product events into memory, and
 * judges its orders against the stock of any product. Read from the beginning at start by a consumer
 * group of this process alone (it commits nothing and is deleted at shutdown); the view applies nothing
 * before the table holds what the topic held when the process started.
 */
@Injectable()
export class GlobalStockTable implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly levels = new Map<string, StockLevel>();
  /** Current stock per product, as the at-risk policy reads it. */
  readonly stock = new Map<string, number>();
  /** Products whose stock changed since the view last took them. */
  private readonly changed = new Set<string>();
  /** Emits after a fetched batch changed the stock of some product, once the table is loaded. */
  readonly changes = new Subject<void>();
  private consumer?: Consumer;
  private running = false;
  private loaded = false;
  private readonly whenLoaded: Promise<void>;
  private markLoaded!: () => void;
  private readonly groupId: string;

  constructor(
    @InjectKafka() private readonly kafka: Kafka,
    private readonly config: StreamProcessorConfig,
    private readonly logger: PinoLogger,
  ) {
    this.groupId = `${config.KAFKA_GROUP_ID}.alerts.stock-table.${randomUUID()}`;
    this.whenLoaded = new Promise((resolve) => (this.markLoaded = resolve));
  }

  onApplicationBootstrap(): void {
    if (!activeViews(this.config).includes('alerts')) return;
    this.running = true;
    // Not awaited, as the views' consumers: the alerts view waits for it (readiness with it).
    this.start().catch((error: unknown) => fatal(`could not start the global stock table: ${errorFields(error).message}`, error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (!this.consumer) return;
    await this.consumer.disconnect();
    // Its own group committed nothing: deleted on the way out, as far as Kafka answers within a few
    // seconds (an empty group without offsets expires by itself anyway).
    const admin = this.kafka.admin();
    let timer: NodeJS.Timeout | undefined;
    const deleted = (async () => {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    })().catch((error: unknown) => this.logger.warn({ err: error, groupId: this.groupId }, 'global stock table: could not delete its consumer group'));
    await Promise.race([deleted, new Promise((resolve) => (timer = setTimeout(resolve, GROUP_DELETE_WAIT_MS)))]);
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }

  /** Resolves once the table holds every product event the topic held at start. */
  ready(): Promise<void> {
    return this.whenLoaded;
  }

  level(productId: string): StockLevel | undefined {
    return this.levels.get(productId);
  }

  /** The products whose stock changed since the last call. */
  takeChanges(): string[] {
    const ids = [...this.changed];
    this.changed.clear();
    return ids;
  }

  private async start(): Promise<void> {
    const remaining = new Map<number, bigint>();
    const connected = await connectUntilDone(
      async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          for (const end of await endOffsets(admin, [Topic.ProductEvents])) if (end.high > 0) remaining.set(end.partition, BigInt(end.high));
        } finally {
          await admin.disconnect();
        }
        const consumer = this.kafka.consumer({
          groupId: this.groupId,
          allowAutoTopicCreation: false,
          sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
          maxBytesPerPartition: this.config.VIEW_FETCH_MAX_BYTES,
        });
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          // KafkaJS gave up on it: the at-risk alerts would follow a table that no longer changes.
          if (!payload.restart && this.running) fatal(`the global stock table's consumer crashed and will not restart: ${payload.error.message}`, payload.error);
        });
        try {
          await consumer.connect();
          await consumer.subscribe({ topics: [Topic.ProductEvents], fromBeginning: true });
        } catch (error) {
          // The next attempt makes a consumer of its own: this one must not linger, half connected.
          await consumer.disconnect().catch(() => undefined);
          throw error;
        }
        this.consumer = consumer;
      },
      {
        env: systemRetryEnv,
        isRunning: () => this.running,
        failed: (error, attempts, retryInMs) => this.logger.warn({ err: error, attempts, retryInMs }, 'global stock table: could not connect to Kafka; retrying'),
      },
    );
    // Stopped while connecting: a connect that succeeded after the shutdown looked is undone here.
    if (!connected || !this.running) return void (await this.consumer?.disconnect().catch(() => undefined));
    if (!this.consumer) return;
    const done = (): void => {
      if (this.loaded || remaining.size > 0) return;
      this.loaded = true;
      this.changed.clear(); // the view judges every order against the loaded table once it starts
      this.logger.info({ products: this.levels.size }, 'global stock table loaded');
      this.markLoaded();
    };
    done();
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        let changed = false;
        for (const message of batch.messages) {
          const decoded = decodeEvent(message.value);
          // Undecodable records are the view's consumer's to dead-letter.
          if (!decoded.ok || decoded.event.type !== PRODUCT_CHANGED) continue;
          const { aggregateId, aggregateVersion, occurredAt, payload } = decoded.event;
          if ((this.levels.get(aggregateId)?.version ?? 0) >= aggregateVersion) continue;
          this.levels.set(aggregateId, { version: aggregateVersion, stock: payload.product.stock, at: occurredAt });
          if (this.stock.get(aggregateId) !== payload.product.stock) {
            this.stock.set(aggregateId, payload.product.stock);
            this.changed.add(aggregateId);
            changed = true;
          }
        }
        const end = remaining.get(batch.partition);
        if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
        done();
        if (changed && this.loaded) this.changes.next();
      },
    });
  }
}
