import { CRITICAL_STOCK, decodeEvent, KnownEvent, LOW_STOCK, StockAlert, STOCK_RECOVERED, Topic } from '@app/contracts';
import { InjectKafka } from '@app/kafka';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Consumer, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { StreamProcessorConfig } from '../../stream-processor.config';
import { NotificationRing, StockNotification, toNotification } from '../domain/notification-ring';

/** Kept for pages that open later, newest first. */
const KEPT = 50;
/** Read again from the end of each partition on joining, so the feed does not start empty. */
const RECENT_PER_PARTITION = 10;
const RESTART_AFTER_MS = 5000;
const isStockAlert = (e: KnownEvent): e is StockAlert => e.type === LOW_STOCK || e.type === CRITICAL_STOCK || e.type === STOCK_RECOVERED;

export interface NotificationsState {
  /** When the feed got its partitions: every stock event published since then reaches it. Null before. */
  since: string | null;
  items: readonly StockNotification[];
}

/**
 * The stock business events as they arrive on their topic, like the Drasi sample's notifications
 * service. Every process reads all partitions in a group of its own (nothing committed, so the group
 * is gone once it leaves), starting a few records before each partition's end.
 */
@Injectable()
export class StockNotificationsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly arrivals = new Subject<StockNotification>();
  private readonly ring = new NotificationRing(KEPT);
  private readonly admin: Admin;
  private consumer?: Consumer;
  private since: string | null = null;
  private adminConnected?: Promise<void>;
  private stopped = false;
  private restart?: NodeJS.Timeout;

  constructor(
    @InjectKafka() private readonly kafka: Kafka,
    private readonly config: StreamProcessorConfig,
    private readonly logger: PinoLogger,
  ) {
    this.admin = kafka.admin();
  }

  /** Not awaited: Kafka may be down at boot; the feed starts once it is reachable. Rebuild mode serves no page. */
  onApplicationBootstrap(): void {
    if (!this.config.REBUILD_VIEW) void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restart);
    this.arrivals.complete();
    await this.consumer?.disconnect().catch(() => undefined);
    if (this.adminConnected) await this.admin.disconnect().catch(() => undefined);
  }

  state(): NotificationsState {
    return { since: this.since, items: this.ring.list() };
  }

  private async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `${this.config.KAFKA_GROUP_ID}.dashboard.${randomUUID()}`,
      allowAutoTopicCreation: false,
      sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => void this.rewind(consumer, payload.memberAssignment[Topic.StockAlerts] ?? []));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) void this.retry(consumer, payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [Topic.StockAlerts], fromBeginning: false });
      await consumer.run({ autoCommit: false, eachMessage: async ({ message }) => this.arrive(message.value) });
    } catch (error) {
      await this.retry(consumer, error);
    }
  }

  private async retry(consumer: Consumer, error: unknown): Promise<void> {
    this.logger.warn({ err: error }, 'dashboard notifications: cannot read the stock alerts topic; retrying');
    this.since = null;
    await consumer.disconnect().catch(() => undefined);
    if (!this.stopped && this.consumer === consumer) this.restart = setTimeout(() => void this.start(), RESTART_AFTER_MS);
  }

  /**
   * Reads again from RECENT_PER_PARTITION records before each partition's end; `since` is set once every
   * partition is rewound (records fetched meanwhile come again: the ring keeps each once).
   */
  private async rewind(consumer: Consumer, partitions: number[]): Promise<void> {
    try {
      this.adminConnected ??= this.admin.connect().catch((error: unknown) => {
        this.adminConnected = undefined;
        throw error;
      });
      await this.adminConnected;
      const offsets = await this.admin.fetchTopicOffsets(Topic.StockAlerts);
      for (const { partition, low, high } of offsets.filter((o) => partitions.includes(o.partition))) {
        consumer.seek({ topic: Topic.StockAlerts, partition, offset: String(Math.max(Number(low), Number(high) - RECENT_PER_PARTITION)) });
      }
      this.since = new Date().toISOString();
    } catch (error) {
      // `since` stays unset: where the consumer starts is not known.
      this.logger.warn({ err: error }, 'dashboard notifications: could not rewind to the recent stock alerts; showing new ones only');
    }
  }

  private arrive(value: Buffer | null): void {
    const decoded = decodeEvent(value);
    if (!decoded.ok || !isStockAlert(decoded.event)) return;
    const notification = toNotification(decoded.event);
    if (this.ring.add(notification)) this.arrivals.next(notification);
  }
}
