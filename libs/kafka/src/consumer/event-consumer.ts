import { decodeEvent, KnownEvent } from '@app/contracts';
import { fatal } from '@app/platform/bootstrap/fatal-exit';
import { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Logger } from 'pino';
import { EventPublisher, OutgoingRecord } from '../producer/event-publisher';
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

export interface ConsumedEvent {
  event: KnownEvent;
  ctx: MessageContext;
}

export type EventHandler = (event: KnownEvent, ctx: MessageContext) => Promise<void>;
/** Handles a whole fetched batch of one partition at once (decoded, in offset order). */
export type BatchEventHandler = (events: ConsumedEvent[]) => Promise<void>;

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  policy: FailurePolicy;
  /** A new group starts at the beginning: the topics are the event store. */
  fromBeginning?: boolean;
  /** Upper bound of one partition's fetch, and so of a batch (KafkaJS default 1 MiB). */
  maxBytesPerPartition?: number;
  /** Commit after every batch: once stopped, the committed offsets are exactly what was handled. */
  commitEveryBatch?: boolean;
  /** KafkaJS' sessionTimeout (default 30 s): how long the group waits for this member once it is silent. */
  sessionTimeoutMs?: number;
}

type Attempt = 'ok' | 'stopped' | DeadLetterReason;

interface BatchControls {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
}

/**
 * Runs a KafkaJS consumer over whole batches with an explicit failure policy: undecodable records are
 * dead-lettered at once, transient handler errors are retried with backoff, and what still fails is
 * dead-lettered with its reason — a partition never stalls on one record. Handlers take one event at a
 * time, or (batch mode) a partition's whole fetched batch; a batch that fails for good is replayed
 * event by event to isolate the culprit.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private running = false;
  private crashed?: Error;

  constructor(
    kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly options: EventConsumerOptions,
    private readonly handler: { each: EventHandler } | { batch: BatchEventHandler },
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      ...(options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs } : {}),
      ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition, maxBytes: Math.max(options.maxBytesPerPartition, 10 * 1024 * 1024) } : {}),
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.crashed = e.payload.error;
      this.logger.error({ err: e.payload.error, restart: e.payload.restart }, 'consumer crashed');
      // KafkaJS has given up on this consumer: the service would stay up and never consume again.
      if (!e.payload.restart && this.running) fatal(`consumer ${options.groupId} crashed and will not restart: ${e.payload.error.message}`, e.payload.error);
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.crashed = undefined));
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    this.running = true;
    await this.consumer.run({
      eachBatchAutoResolve: false,
      autoCommitInterval: 1000,
      ...(this.options.commitEveryBatch ? { autoCommitThreshold: 1 } : {}),
      eachBatch: (p) => this.eachBatch(p),
    });
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

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const controls = { heartbeat, isRunning };
    if ('batch' in this.handler) {
      if (batch.messages.length === 0 || isStale()) return;
      if ((await this.processBatch(batch, this.handler.batch, controls)) === 'stopped') return;
      resolveOffset(batch.lastOffset());
    } else {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const decoded = this.decode(batch, message);
        const outcome = 'event' in decoded ? await this.attempt(batch.topic, () => this.eachHandler()(decoded.event, decoded.ctx), controls) : decoded;
        if (outcome === 'stopped') return;
        if (outcome !== 'ok') await this.deadLetter([[batch, message, outcome]]);
        else this.count(batch.topic, 'processed', message);
        resolveOffset(message.offset);
        // A fetched batch can hold thousands of records: stay in the group and keep the progress.
        await heartbeat();
        await commitOffsetsIfNecessary();
      }
    }
    await heartbeat();
    await commitOffsetsIfNecessary();
  }

  private async processBatch(batch: Batch, handle: BatchEventHandler, controls: BatchControls): Promise<'done' | 'stopped'> {
    const valid: (ConsumedEvent & { message: KafkaMessage })[] = [];
    const poison: [Batch, KafkaMessage, DeadLetterReason][] = [];
    for (const message of batch.messages) {
      const decoded = this.decode(batch, message);
      if ('event' in decoded) valid.push({ ...decoded, message });
      else poison.push([batch, message, decoded]);
    }
    await this.deadLetter(poison);
    const whole = await this.attempt(batch.topic, () => whileAlive(controls.heartbeat, () => handle(valid)), controls);
    if (whole === 'stopped') return 'stopped';
    if (whole === 'ok') {
      valid.forEach((v) => this.count(batch.topic, 'processed', v.message));
      return 'done';
    }
    this.logger.warn({ topic: batch.topic, partition: batch.partition, reason: whole.reason }, 'batch failed; replaying it event by event');
    for (const v of valid) {
      const one = await this.attempt(batch.topic, () => handle([v]), controls);
      if (one === 'stopped') return 'stopped';
      if (one === 'ok') this.count(batch.topic, 'processed', v.message);
      else await this.deadLetter([[batch, v.message, one]]);
    }
    return 'done';
  }

  private eachHandler(): EventHandler {
    return (this.handler as { each: EventHandler }).each;
  }

  private decode(batch: Batch, message: KafkaMessage): ConsumedEvent | DeadLetterReason {
    const decoded = decodeEvent(message.value);
    if (!decoded.ok) return { code: decoded.code, reason: decoded.reason, attempts: 0 };
    const ctx = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key?.toString(), timestamp: message.timestamp };
    return { event: decoded.event, ctx };
  }

  /** Runs `work` under the failure policy: transient errors retried with backoff, then given up. */
  private async attempt(topic: string, work: () => Promise<void>, { heartbeat, isRunning }: BatchControls): Promise<Attempt> {
    const { policy } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        await work();
        return 'ok';
      } catch (error) {
        const reason = (error as Error).message ?? String(error);
        if (!policy.isTransient(error)) return { code: 'HANDLER_REJECTED', reason, attempts: attempt + 1 };
        if (attempt >= policy.maxRetries) return { code: 'RETRIES_EXHAUSTED', reason, attempts: attempt + 1 };
        consumerMetrics.retries.inc({ group: this.options.groupId, topic });
        this.logger.warn({ err: error, topic, attempt }, 'transient error, retrying');
        await new Promise((r) => setTimeout(r, backoffMs(policy, attempt)));
        if (!isRunning()) return 'stopped';
        await heartbeat();
      }
    }
  }

  /** Dead letters are acknowledged by Kafka before their offsets are resolved: nothing is lost. */
  private async deadLetter(items: [Batch, KafkaMessage, DeadLetterReason][]): Promise<void> {
    if (items.length === 0) return;
    const records: OutgoingRecord[] = items.map(([batch, message, why]) =>
      deadLetterRecord(this.options.deadLetterTopic, { topic: batch.topic, partition: batch.partition, message, groupId: this.options.groupId }, why, this.now()),
    );
    await this.publisher.publish(records);
    for (const [batch, message, why] of items) {
      this.logger.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset, ...why }, 'message dead-lettered');
      this.count(batch.topic, 'dead_lettered', message);
    }
  }

  private count(topic: string, outcome: string, message: KafkaMessage): void {
    const labels = { group: this.options.groupId, topic };
    consumerMetrics.messages.inc({ ...labels, outcome });
    consumerMetrics.lastEventTime.set(labels, Number(message.timestamp) / 1000);
  }
}

const HEARTBEAT_WHILE_BUSY_MS = 3000;

/**
 * Heartbeats while one long piece of work runs: a view batch written to a slow database must not
 * outlast the session timeout, or the group drops the member and the batch is done twice.
 */
async function whileAlive(heartbeat: () => Promise<void>, work: () => Promise<void>): Promise<void> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_WHILE_BUSY_MS);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
}
