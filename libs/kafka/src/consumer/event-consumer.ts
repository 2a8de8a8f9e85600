import { decodeEvent, KnownEvent } from '@app/contracts';
import { fatal } from '@app/platform/bootstrap/fatal-exit';
import { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Logger } from 'pino';
import { EventPublisher, OutgoingRecord } from '../producer/event-publisher';
import { connectUntilDone } from './connect-loop';
import { consumerMetrics } from './consumer-metrics';
import { ConsumerState, describeState } from './consumer-state';
import { deadLetterRecord, DeadLetterReason } from './dead-letter';
import { FailurePolicy } from './failure-policy';
import { AttemptOutcome, isRebalanceError, messageOf, RetryControls, RetryEnv, retryTransient, RetryStep, systemRetryEnv } from './retry-loop';
import { nextOffset, UnflushedOffsets, UnflushedRange } from './unflushed-offsets';

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

/**
 * A handler that keeps its state in memory and writes it back in flushes, like Kafka Streams' record
 * cache over its state stores: the consumer commits a partition's offsets only once the state they
 * produced has been flushed, so after a crash the records not flushed are read again (and `apply`
 * must recognise what the stored state already holds).
 */
export interface StatefulHandler {
  /** Applies a partition's batch (decoded, offset order) to the in-memory state, all or nothing; may load keys it has not cached yet. */
  apply(events: ConsumedEvent[]): Promise<void>;
  /** Keys with changes not flushed yet. */
  pending(): number;
  /** Writes every pending change. 'conflict': another writer changed a stored key since it was cached. */
  flush(): Promise<'ok' | 'conflict'>;
  /** Forgets every cached key and pending change (the store is the truth again). */
  reset(): void;
}

/** When a stateful consumer flushes: when caught up, when this many keys are pending, or this long after the last flush. */
export interface FlushOptions {
  intervalMs: number;
  maxPending: number;
}

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
}

const DEFAULT_FLUSH: FlushOptions = { intervalMs: 1000, maxPending: 10_000 };
const LOGGED_FLUSH_KEYS = 1000;
const LOGGED_FLUSH_MS = 1000;
/** However slow the last flush was (an outage included), catching up flushes at least this often. */
const MAX_ADAPTED_INTERVAL_MS = 30_000;
/** How a flush appears in logs and retry metrics: it covers every partition of the consumer. */
const FLUSH_SOURCE = { partition: -1, offset: 'flush' };

/** Where the work under retry comes from, for the logs. */
interface Source {
  topic: string;
  partition: number;
  offset: string;
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
  // Stateful handlers only: batches, timed flushes and the stop take turns through `locked`.
  private turn: Promise<void> = Promise.resolve();
  private readonly unflushed = new UnflushedOffsets();
  private lastFlushAt = 0;
  private lastFlushMs = 0;
  /** Records applied since the last flush, for its log line. */
  private appliedSinceFlush = 0;
  /** Set on every join after the first: the cached state may belong to partitions now owned by another member. */
  private rejoined = false;
  private assignment?: Record<string, number[]>;
  /** After a rejected flush: per partition, the records up to this offset are applied and flushed one at a time. */
  private readonly isolateThrough = new Map<string, bigint>();
  private punctuator?: NodeJS.Timeout;

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
      ...(options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs } : {}),
      ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition, maxBytes: Math.max(options.maxBytesPerPartition, 10 * 1024 * 1024) } : {}),
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.crashed = { error: e.payload.error, at: this.env.now() };
      this.logger.error({ err: e.payload.error, restart: e.payload.restart }, 'consumer crashed');
      // KafkaJS has given up on this consumer: the service would stay up and never consume again.
      if (!e.payload.restart && this.running) fatal(`consumer ${options.groupId} crashed and will not restart: ${e.payload.error.message}`, e.payload.error);
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => {
      if (this.joinedOnce) this.rejoined = true;
      this.assignment = e.payload.memberAssignment;
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
    const stateful = this.stateful();
    if (stateful) {
      stateful.reset();
      this.lastFlushAt = this.env.now().getTime();
      // The punctuator: a quiet consumer still flushes what it applied.
      this.punctuator = setInterval(() => void this.locked(() => this.flushIfDue(false, idleControls(() => this.running))), this.flushOptions().intervalMs).unref();
    }
    await this.consumer.run({
      eachBatchAutoResolve: false,
      ...(stateful ? { autoCommit: false } : { autoCommitInterval: 1000 }),
      eachBatch: (p) => this.eachBatch(p),
    });
  }

  /** A stateful consumer flushes and commits what it applied first (one attempt: a stop does not wait out an outage). */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.punctuator);
    if (this.stateful() && this.joinedOnce) await this.locked(() => this.flushAndCommit(idleControls(() => false)));
    await this.consumer.disconnect();
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

  /** KafkaJS calls this for one partition's fetched batch at a time (partitionsConsumedConcurrently 1). */
  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const controls: RetryControls = { heartbeat, isRunning: () => this.running && isRunning() };
    if ('stateful' in this.handler) {
      if (batch.messages.length === 0) return;
      return whileAlive(heartbeat, () => this.locked(() => this.statefulBatch(payload, controls)));
    }
    if ('batch' in this.handler) {
      if (batch.messages.length === 0 || isStale()) return;
      // Stopped or rebalancing: nothing of this batch resolved; it is fetched again (here or by the new owner).
      if ((await this.processBatch(batch, this.handler.batch, controls)) !== 'done') return;
      resolveOffset(batch.lastOffset());
    } else {
      for (const message of batch.messages) {
        if (!controls.isRunning() || isStale()) break;
        const decoded = this.decode(batch, message);
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
      const decoded = this.decode(batch, message);
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

  private stateful(): StatefulHandler | undefined {
    return 'stateful' in this.handler ? this.handler.stateful : undefined;
  }

  private flushOptions(): FlushOptions {
    return this.options.flush ?? DEFAULT_FLUSH;
  }

  /** Runs `work` after every earlier batch, timed flush or stop of this consumer. */
  private locked(work: () => Promise<void>): Promise<void> {
    const run = this.turn.then(work);
    this.turn = run.catch((error: unknown) => this.logger.error({ err: error }, 'stateful consumer step failed'));
    return run;
  }

  /**
   * One partition's batch into the in-memory state: applied (poison dead-lettered, a rejected batch
   * isolated event by event, as for batch handlers), resolved so the next fetch goes on, and flushed
   * when due. Nothing is committed before its flush.
   */
  private async statefulBatch({ batch, resolveOffset, isStale }: EachBatchPayload, controls: RetryControls): Promise<void> {
    const handler = this.stateful() as StatefulHandler;
    if (this.rejoined) await this.afterRejoin(controls);
    if (!controls.isRunning() || isStale()) return;
    const isolating = this.isolateThrough.size > 0;
    const outcome = isolating ? await this.isolateBatch(batch, controls) : await this.processBatch(batch, (events) => handler.apply(events), controls);
    if (outcome !== 'done') return;
    resolveOffset(batch.lastOffset());
    if (isolating) return; // every record was flushed and committed on its own
    this.appliedSinceFlush += batch.messages.length;
    this.unflushed.applied(batch.topic, batch.partition, batch.firstOffset() ?? batch.lastOffset(), batch.lastOffset());
    // Caught up: this batch reached the log end as it was when fetched (a large fetch while catching up does not).
    await this.flushIfDue(batch.offsetLag() === '0', controls);
  }

  /**
   * Flushes when caught up (at once: the next flush starts as this one ends), when enough is pending, or
   * while catching up when the interval is over — and never sooner than twice the last flush took, so a
   * slow store gets fewer, fuller flushes (more events per write) instead of falling further behind.
   */
  private async flushIfDue(caughtUp: boolean, controls: RetryControls): Promise<void> {
    const handler = this.stateful();
    if (!handler || !this.running || !this.joinedOnce || this.unflushed.isEmpty()) return;
    const { intervalMs, maxPending } = this.flushOptions();
    const interval = Math.max(intervalMs, Math.min(2 * this.lastFlushMs, MAX_ADAPTED_INTERVAL_MS));
    if (caughtUp || handler.pending() >= maxPending || this.env.now().getTime() - this.lastFlushAt >= interval) await this.flushAndCommit(controls);
  }

  /**
   * Writes the pending state (a transient failure waits and retries, as for any handler), then commits
   * the offsets it covers. A conflict (another writer moved a stored key) drops the cache and reads the
   * uncommitted records again onto fresh state; a rejected flush does the same, one record per flush,
   * to find and dead-letter the record whose state the store refuses.
   */
  private async flushAndCommit(controls: RetryControls): Promise<void> {
    const handler = this.stateful() as StatefulHandler;
    const flushed: { result: 'ok' | 'conflict' } = { result: 'ok' };
    const started = this.env.now().getTime();
    const keys = handler.pending();
    const outcome = keys === 0 ? 'ok' : await this.attempt({ topic: this.options.topics.join(','), ...FLUSH_SOURCE }, async () => void (flushed.result = await handler.flush()), controls);
    if (outcome === 'stopped' || outcome === 'rebalanced') return;
    this.lastFlushAt = this.env.now().getTime();
    if (outcome === 'ok') this.lastFlushMs = this.lastFlushAt - started;
    // Large or slow flushes only: caught up, a view flushes after every batch.
    if (keys >= LOGGED_FLUSH_KEYS || this.lastFlushMs >= LOGGED_FLUSH_MS) this.logger.info({ keys, records: this.appliedSinceFlush, ms: this.lastFlushMs, result: flushed.result }, 'state flushed');
    this.appliedSinceFlush = 0;
    if (outcome !== 'ok') {
      this.logger.error({ reason: outcome.reason }, 'flush rejected; reading the unflushed records again one at a time to find the culprit');
      return this.rewind(true);
    }
    if (flushed.result === 'conflict') {
      this.logger.warn('the store changed under the cached state; reading the uncommitted records again onto fresh state');
      return this.rewind(false);
    }
    await this.commit(this.unflushed.take());
  }

  private async commit(ranges: UnflushedRange[]): Promise<void> {
    const owned = ranges.filter((r) => !this.assignment || (this.assignment[r.topic] ?? []).includes(r.partition));
    if (owned.length === 0) return;
    try {
      await this.consumer.commitOffsets(owned.map((r) => ({ topic: r.topic, partition: r.partition, offset: nextOffset(r) })));
    } catch (error) {
      // Flushed already: a later commit covers these, or they are read again (and recognised) after a rejoin.
      this.unflushed.restore(owned);
      this.logger.warn({ err: error, rebalancing: isRebalanceError(error) }, 'could not commit flushed offsets; the next flush commits them');
    }
  }

  private rewind(isolate: boolean): void {
    this.stateful()?.reset();
    for (const r of this.unflushed.take()) {
      this.consumer.seek({ topic: r.topic, partition: r.partition, offset: r.from });
      if (isolate) this.isolateThrough.set(`${r.topic}|${r.partition}`, BigInt(r.to));
    }
  }

  /**
   * After a rebalance the cached keys may now be another member's: flush (conditioned writes, so a stale
   * write is a conflict, not a loss), commit what this member still owns, and start from the store again.
   */
  private async afterRejoin(controls: RetryControls): Promise<void> {
    this.rejoined = false;
    const handler = this.stateful() as StatefulHandler;
    if (handler.pending() > 0) {
      const flushed: { result: 'ok' | 'conflict' } = { result: 'ok' };
      const outcome = await this.attempt({ topic: this.options.topics.join(','), ...FLUSH_SOURCE }, async () => void (flushed.result = await handler.flush()), controls);
      if (outcome === 'ok' && flushed.result === 'ok') await this.commit(this.unflushed.take());
    }
    // KafkaJS fetches from the offsets committed when it rejoined: anything not committed is read again.
    this.unflushed.take();
    this.isolateThrough.clear();
    handler.reset();
  }

  /** Isolation after a rejected flush: each record applied and flushed alone; the one whose flush is rejected is dead-lettered. */
  private async isolateBatch(batch: Batch, controls: RetryControls): Promise<'done' | 'stopped' | 'rebalanced'> {
    const handler = this.stateful() as StatefulHandler;
    const key = `${batch.topic}|${batch.partition}`;
    // Every partition goes one record at a time while any is isolating: a shared flush would blur the blame.
    for (const message of batch.messages) {
      const decoded = this.decode(batch, message);
      const source = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      const flushed: { result: 'ok' | 'conflict' } = { result: 'ok' };
      const attempt = async (event: ConsumedEvent): Promise<void> => {
        await handler.apply([event]);
        flushed.result = await handler.flush();
      };
      const outcome = 'event' in decoded ? await this.attempt(source, () => attempt(decoded), controls) : decoded;
      if (outcome === 'stopped' || outcome === 'rebalanced') return outcome;
      if (outcome !== 'ok' || flushed.result === 'conflict') handler.reset();
      if (flushed.result === 'conflict') return this.rewindIsolated(batch, message.offset);
      if (outcome === 'ok') this.count(batch.topic, 'processed', [message]);
      else await this.deadLetter([[batch, message, outcome]]);
      await this.commit([{ topic: batch.topic, partition: batch.partition, from: message.offset, to: message.offset }]);
      if (BigInt(message.offset) >= (this.isolateThrough.get(key) ?? -1n)) this.isolateThrough.delete(key);
    }
    return 'done';
  }

  /** A conflict while isolating: read this partition again from the record whose flush conflicted. */
  private rewindIsolated(batch: Batch, offset: string): 'rebalanced' {
    this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset });
    return 'rebalanced';
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

  /**
   * Runs `work` under the failure policy (retry-loop.ts), heartbeating while it runs: during an outage
   * one attempt can take the driver's whole server selection timeout. While it waits for a dependency,
   * problem() reports it; one warning per backoff step, and a line when it is over.
   */
  private async attempt(source: Source, work: () => Promise<void>, controls: RetryControls): Promise<AttemptOutcome> {
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
    const records: OutgoingRecord[] = items.map(([batch, message, why]) =>
      deadLetterRecord(this.options.deadLetterTopic, { topic: batch.topic, partition: batch.partition, message, groupId: this.options.groupId }, why, this.env.now()),
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

const HEARTBEAT_WHILE_BUSY_MS = 3000;

/** Controls for work outside eachBatch (the punctuator, the stop): KafkaJS heartbeats between its own fetches. */
const idleControls = (isRunning: () => boolean): RetryControls => ({ isRunning, heartbeat: async () => undefined });

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
