import { fatal } from '@app/platform/bootstrap/fatal-exit';
import { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage, PartitionAssigners } from 'kafkajs';
import { Logger } from 'pino';
import { EventPublisher } from '../producer/event-publisher';
import { OutgoingRecord } from '../producer/outgoing-record';
import { connectUntilDone } from './connect-loop';
import { consumerMetrics } from './consumer-metrics';
import { ConsumerState, describeState } from './consumer-state';
import { deadLetterRecord, DeadLetterReason } from './dead-letter';
import { FailurePolicy } from './failure-policy';
import { AttemptOutcome, messageOf, RetryControls, RetryEnv, retryTransient, RetryStep, systemRetryEnv, whileAlive, WorkSource } from './retry-loop';
import { CopartitionedAssigner } from './copartitioned-assigner';
import { BatchEventHandler, ConsumedEvent, decodeRecord, EventHandler } from './consumed-event';
import { StatefulBatches } from './stateful-batches';
import { ConsumerPolicy, DEFAULT_FLUSH, FlushOptions, StatefulHandler } from './stateful-handler';

export type { FlushOptions, StatefulHandler } from './stateful-handler';

export type { BatchEventHandler, ConsumedEvent, EventHandler, MessageContext } from './consumed-event';

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  policy: FailurePolicy;
  /** A new group starts at the beginning: the topics are the event store. */
  fromBeginning?: boolean;
  /** Upper bound of one partition's fetch, and so of a batch (KafkaJS default 1 MiB). */
  maxBytesPerPartition?: number;
  /** KafkaJS' sessionTimeout (default 30 s): how long the group waits for this member once it is silent. */
  sessionTimeoutMs?: number;
  /** For a stateful handler: when to flush (and then commit). */
  flush?: FlushOptions;
  /**
   * For a stateful handler: how many partitions' batches KafkaJS hands over at once (default 1). They
   * are applied in turn and share flushes, so a fetch round over many partitions is one or two flushes.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * The consumer groups a dead letter of `topic` names (default: this group). A consumer that reads for
   * several handlers (FanOutHandler) names each handler that reads the topic, as if each were its own group.
   */
  deadLetterGroups?: (topic: string) => readonly string[];
}

/**
 * Runs a KafkaJS consumer over whole batches with an explicit failure policy: undecodable records and
 * records the handler rejects (a non-transient error) are dead-lettered at once with their reason, so a
 * partition never stalls on poison; a transient error (a dependency down or failing over) is retried
 * until it succeeds, however long that takes, while readiness says what the consumer is waiting for
 * (retry-loop.ts). Handlers take one event at a time, or (batch mode) a partition's whole fetched batch;
 * a batch rejected as a whole is replayed event by event to isolate the culprit, a batch that fails
 * transiently is retried whole.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private running = false;
  private startedAt = new Date(0);
  private joinedOnce = false;
  /** Why the last connect attempt failed, until the first join. */
  private connectError?: string;
  private crashed?: { error: Error; at: Date };
  /** Work waiting for a dependency (one at a time unless partitions were consumed concurrently). */
  private readonly waiting = new Set<RetryStep>();
  /** The stateful mode, for a stateful handler. */
  private readonly stateful?: StatefulBatches;

  constructor(
    kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly options: EventConsumerOptions,
    private readonly handler: { each: EventHandler } | { batch: BatchEventHandler } | { stateful: StatefulHandler },
    private readonly logger: Logger,
    private readonly env: RetryEnv = systemRetryEnv,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // Keyed state: one member owns partition N of every topic it reads (a key's events, whichever topic). Round-robin stays as a fallback protocol for a rolling upgrade.
      ...('stateful' in handler ? { partitionAssigners: [CopartitionedAssigner, PartitionAssigners.roundRobin] } : {}),
      ...(options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs } : {}),
      ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition, maxBytes: Math.max(options.maxBytesPerPartition, 10 * 1024 * 1024) } : {}),
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.crashed = { error: e.payload.error, at: this.env.now() };
      this.logger.error({ err: e.payload.error, restart: e.payload.restart }, 'consumer crashed');
      // KafkaJS has given up on this consumer: the service would stay up and never consume again.
      if (!e.payload.restart && this.running) fatal(`consumer ${options.groupId} crashed and will not restart: ${e.payload.error.message}`, e.payload.error);
    });
    if ('stateful' in handler) {
      this.stateful = new StatefulBatches(handler.stateful, options.flush ?? DEFAULT_FLUSH, this.consumer, this.policy(), options.topics.join(','), logger, env);
    }
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => {
      this.stateful?.joined(e.payload.memberAssignment, this.joinedOnce, e.payload.memberId);
      this.joinedOnce = true;
      this.crashed = undefined;
      this.connectError = undefined;
    });
  }

  /**
   * Connects and subscribes (retrying with capped backoff for as long as Kafka is unreachable, see
   * connect-loop.ts), then runs: resolves once KafkaJS' runner has started, which is not yet joined —
   * state() says when it has. Callers that must not wait for Kafka do not await it.
   */
  async start(): Promise<void> {
    this.running = true;
    this.startedAt = this.env.now();
    const connected = await connectUntilDone(
      async () => {
        await this.consumer.connect();
        await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
      },
      {
        env: this.env,
        isRunning: () => this.running,
        failed: (error, attempts, retryInMs) => {
          this.connectError = messageOf(error);
          this.logger.warn({ err: error, attempts, retryInMs, waitingSince: this.startedAt.toISOString() }, 'could not connect to Kafka; retrying');
        },
      },
    );
    // Stopped while connecting: a connect KafkaJS was still retrying may have succeeded after stop()'s disconnect.
    if (!connected) return void (await this.consumer.disconnect().catch(() => undefined));
    this.stateful?.start();
    await this.consumer.run({
      eachBatchAutoResolve: false,
      ...(this.stateful ? { autoCommit: false, partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1 } : { autoCommitInterval: 1000 }),
      eachBatch: (p) => this.eachBatch(p),
    });
  }

  /** A stateful consumer flushes and commits what it applied first (one attempt: a stop does not wait out an outage). */
  async stop(): Promise<void> {
    this.running = false;
    await this.stateful?.stop();
    await this.consumer.disconnect();
  }

  /**
   * Stateful mode: work on the handler's state that no record brought (a punctuator's, e.g. a change of
   * a table the view joins with), done in turn with the batches and flushed like a caught-up batch.
   * False when it cannot run yet (not joined, or isolating a rejected record): ask again later. Dropped
   * once the consumer stops; throws what `work` throws.
   */
  async punctuate(work: () => Promise<void>): Promise<boolean> {
    return (await this.stateful?.punctuate(work)) ?? true;
  }

  /** Where the consumer stands, for readiness (consumer-state.ts says what each phase means to it). */
  state(): ConsumerState {
    if (!this.running) return { phase: 'stopped' };
    if (!this.joinedOnce) return { phase: 'joining', since: this.startedAt, lastError: this.crashed?.error.message ?? this.connectError };
    if (this.crashed) return { phase: 'rejoining', since: this.crashed.at, reason: `consumer crashed: ${this.crashed.error.message}` };
    const oldest = [...this.waiting].sort((a, b) => a.since.getTime() - b.since.getTime())[0];
    return oldest ? { phase: 'waiting', since: oldest.since, reason: oldest.reason } : { phase: 'consuming' };
  }

  /** Null when consuming, else why not (and since when). */
  problem(): string | null {
    return describeState(this.options.groupId, this.state());
  }

  /** KafkaJS calls this for one partition's fetched batch at a time (stateful mode: for several at once, see StatefulBatches). */
  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const controls: RetryControls = { heartbeat, isRunning: () => this.running && isRunning() };
    if (this.stateful) {
      if (batch.messages.length === 0) return;
      const stateful = this.stateful;
      return whileAlive(heartbeat, () => stateful.batch(payload, controls));
    }
    if ('batch' in this.handler) {
      if (batch.messages.length === 0 || isStale()) return;
      // Stopped or rebalancing: nothing of this batch resolved; it is fetched again (here or by the new owner).
      if ((await this.processBatch(batch, this.handler.batch, controls)) !== 'done') return;
      resolveOffset(batch.lastOffset());
    } else {
      for (const message of batch.messages) {
        if (!controls.isRunning() || isStale()) break;
        const decoded = decodeRecord(batch, message);
        const source = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        const outcome = 'event' in decoded ? await this.attempt(source, () => this.eachHandler()(decoded.event, decoded.ctx), controls) : decoded;
        if (outcome === 'stopped' || outcome === 'rebalanced') return;
        if (outcome !== 'ok') await this.deadLetter([[batch, message, outcome]]);
        else this.count(batch.topic, 'processed', [message]);
        resolveOffset(message.offset);
        // A fetched batch can hold thousands of records: stay in the group and keep the progress.
        await heartbeat();
        await commitOffsetsIfNecessary();
      }
    }
    await heartbeat();
    await commitOffsetsIfNecessary();
  }

  /**
   * The whole batch first: a transient failure waits and retries the whole batch (splitting it would
   * not help while the database is down); a rejection replays it event by event so only the culprit is
   * dead-lettered. Poison found by the decoder is dead-lettered once the rest is handled, so a batch
   * given back on a stop or a rebalance has dead-lettered nothing twice.
   */
  private async processBatch(batch: Batch, handle: BatchEventHandler, controls: RetryControls): Promise<'done' | 'stopped' | 'rebalanced'> {
    const valid: (ConsumedEvent & { message: KafkaMessage })[] = [];
    const poison: [Batch, KafkaMessage, DeadLetterReason][] = [];
    for (const message of batch.messages) {
      const decoded = decodeRecord(batch, message);
      if ('event' in decoded) valid.push({ ...decoded, message });
      else poison.push([batch, message, decoded]);
    }
    const source = { topic: batch.topic, partition: batch.partition, offset: `${batch.firstOffset()}-${batch.lastOffset()}` };
    const whole = await this.attempt(source, () => handle(valid), controls);
    if (whole === 'stopped' || whole === 'rebalanced') return whole;
    if (whole === 'ok') {
      this.count(batch.topic, 'processed', valid.map((v) => v.message));
    } else {
      this.logger.warn({ topic: batch.topic, partition: batch.partition, reason: whole.reason }, 'batch rejected; replaying it event by event');
      for (const v of valid) {
        const one = await this.attempt({ ...source, offset: v.message.offset }, () => handle([v]), controls);
        if (one === 'stopped' || one === 'rebalanced') return one;
        if (one === 'ok') this.count(batch.topic, 'processed', [v.message]);
        else await this.deadLetter([[batch, v.message, one]]);
      }
    }
    await this.deadLetter(poison);
    return 'done';
  }

  /** What the stateful mode shares with the other modes. */
  private policy(): ConsumerPolicy {
    return {
      isRunning: () => this.running,
      isJoined: () => this.joinedOnce,
      processBatch: (batch, handle, controls) => this.processBatch(batch, handle, controls),
      attempt: (source, work, controls) => this.attempt(source, work, controls),
      decode: decodeRecord,
      deadLetter: (items) => this.deadLetter(items),
      count: (topic, outcome, messages) => this.count(topic, outcome, messages),
    };
  }

  private eachHandler(): EventHandler {
    return (this.handler as { each: EventHandler }).each;
  }

  /**
   * Runs `work` under the failure policy (retry-loop.ts), heartbeating while it runs: during an outage
   * one attempt can take the driver's whole server selection timeout. While it waits for a dependency,
   * problem() reports it; one warning per backoff step, and a line when it is over.
   */
  private async attempt(source: WorkSource, work: () => Promise<void>, controls: RetryControls): Promise<AttemptOutcome> {
    const labels = { group: this.options.groupId, topic: source.topic };
    let current: RetryStep | undefined;
    return retryTransient(() => whileAlive(controls.heartbeat, work), {
      policy: this.options.policy,
      controls,
      env: this.env,
      observer: {
        retrying: (step) => {
          if (current) this.waiting.delete(current);
          this.waiting.add((current = step));
          consumerMetrics.retries.inc(labels);
          this.logger.warn(
            { ...source, attempts: step.attempts, retryInMs: step.delayMs, waitingSince: step.since.toISOString(), reason: step.reason, ...(step.attempts === 1 ? { err: step.error } : {}) },
            'transient error; waiting for the dependency, then retrying',
          );
        },
        settled: (outcome, last) => {
          if (current) this.waiting.delete(current);
          const waitedMs = this.env.now().getTime() - last.since.getTime();
          const how = typeof outcome === 'string' ? outcome : outcome.code;
          this.logger.info({ ...source, outcome: how, attempts: last.attempts, waitedMs }, how === 'ok' ? 'dependency back; retry succeeded' : 'stopped waiting for the dependency');
        },
      },
    });
  }

  /** Dead letters are acknowledged by Kafka before their offsets are resolved: nothing is lost. */
  private async deadLetter(items: [Batch, KafkaMessage, DeadLetterReason][]): Promise<void> {
    if (items.length === 0) return;
    const groups = (topic: string, why: DeadLetterReason) => why.rejectedBy ?? this.options.deadLetterGroups?.(topic) ?? [this.options.groupId];
    const records: OutgoingRecord[] = items.flatMap(([batch, message, why]) =>
      groups(batch.topic, why).map((groupId) => deadLetterRecord(this.options.deadLetterTopic, { topic: batch.topic, partition: batch.partition, message, groupId }, why, this.env.now())),
    );
    await this.publisher.publish(records);
    for (const [batch, message, why] of items) {
      this.logger.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset, ...why }, 'message dead-lettered');
      this.count(batch.topic, 'dead_lettered', [message]);
    }
  }

  /** Metrics once per batch, not per message. */
  private count(topic: string, outcome: string, messages: KafkaMessage[]): void {
    const last = messages[messages.length - 1];
    if (!last) return;
    const labels = { group: this.options.groupId, topic };
    consumerMetrics.messages.inc({ ...labels, outcome }, messages.length);
    consumerMetrics.lastEventTime.set(labels, Number(last.timestamp) / 1000);
  }
}
