import { decodeEvent, KnownEvent } from '@app/contracts';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Logger } from 'pino';
import { EventPublisher } from '../producer/event-publisher';
import { consumerMetrics } from './consumer-metrics';
import { deadLetterRecord, DeadLetterReason } from './dead-letter';
import { backoffMs, FailurePolicy } from './failure-policy';

/** Where a consumed event came from; handlers may use it for idempotency or logging. */
export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  timestamp: string;
}

export type EventHandler = (event: KnownEvent, ctx: MessageContext) => Promise<void>;

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  policy: FailurePolicy;
  /** A new group starts at the beginning: the topics are the event store. */
  fromBeginning?: boolean;
}

type Outcome = { done: true } | { done: false; deadLetter: DeadLetterReason };

/**
 * Runs a KafkaJS consumer over whole batches with an explicit failure policy: undecodable records are
 * dead-lettered at once, transient handler errors are retried with backoff, and a message that still
 * fails is dead-lettered with its reason — the partition never stalls on one record.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private running = false;
  private crashed?: Error;

  constructor(
    kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly options: EventConsumerOptions,
    private readonly handle: EventHandler,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.crashed = e.payload.error;
      this.logger.error({ err: e.payload.error, restart: e.payload.restart }, 'consumer crashed');
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.crashed = undefined));
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    this.running = true;
    await this.consumer.run({ eachBatchAutoResolve: false, autoCommitInterval: 1000, eachBatch: (p) => this.eachBatch(p) });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }

  /** Null when healthy, else why not. */
  problem(): string | null {
    if (!this.running) return 'consumer is not running';
    return this.crashed ? `consumer crashed: ${this.crashed.message}` : null;
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const outcome = await this.process(batch.topic, batch.partition, message, heartbeat, isRunning);
      if (outcome === 'stopped') return;
      if (!outcome.done) {
        await this.publisher.publish([
          deadLetterRecord(this.options.deadLetterTopic, { topic: batch.topic, partition: batch.partition, message, groupId: this.options.groupId }, outcome.deadLetter, this.now()),
        ]);
        this.logger.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset, ...outcome.deadLetter }, 'message dead-lettered');
      }
      this.count(batch.topic, outcome.done ? 'processed' : 'dead_lettered', message);
      resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<Outcome | 'stopped'> {
    const decoded = decodeEvent(message.value);
    if (!decoded.ok) return { done: false, deadLetter: { code: decoded.code, reason: decoded.reason, attempts: 0 } };
    const ctx: MessageContext = { topic, partition, offset: message.offset, key: message.key?.toString(), timestamp: message.timestamp };
    const { policy } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handle(decoded.event, ctx);
        return { done: true };
      } catch (error) {
        const transient = policy.isTransient(error);
        const reason = (error as Error).message ?? String(error);
        if (!transient) return { done: false, deadLetter: { code: 'HANDLER_REJECTED', reason, attempts: attempt + 1 } };
        if (attempt >= policy.maxRetries) return { done: false, deadLetter: { code: 'RETRIES_EXHAUSTED', reason, attempts: attempt + 1 } };
        consumerMetrics.retries.inc({ group: this.options.groupId, topic });
        this.logger.warn({ err: error, topic, offset: message.offset, attempt }, 'transient error, retrying');
        await new Promise((r) => setTimeout(r, backoffMs(policy, attempt)));
        if (!isRunning()) return 'stopped';
        await heartbeat();
      }
    }
  }

  private count(topic: string, outcome: string, message: KafkaMessage): void {
    const labels = { group: this.options.groupId, topic };
    consumerMetrics.messages.inc({ ...labels, outcome });
    consumerMetrics.lastEventTime.set(labels, Number(message.timestamp) / 1000);
  }
}
