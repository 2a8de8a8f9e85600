import { Batch, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { Logger } from 'pino';
import type { BatchEventHandler, ConsumedEvent } from './event-consumer';
import { DeadLetterReason } from './dead-letter';
import { AttemptOutcome, isRebalanceError, RetryControls, RetryEnv, WorkSource } from './retry-loop';
import { nextOffset, UnflushedOffsets, UnflushedRange } from './unflushed-offsets';

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

export const DEFAULT_FLUSH: FlushOptions = { intervalMs: 1000, maxPending: 10_000 };

type BatchOutcome = 'done' | 'stopped' | 'rebalanced';

/** What the stateful mode shares with the consumer's other modes: its failure policy, dead letters and metrics. */
export interface ConsumerPolicy {
  isRunning(): boolean;
  isJoined(): boolean;
  processBatch(batch: Batch, handle: BatchEventHandler, controls: RetryControls): Promise<BatchOutcome>;
  attempt(source: WorkSource, work: () => Promise<void>, controls: RetryControls): Promise<AttemptOutcome>;
  decode(batch: Batch, message: KafkaMessage): ConsumedEvent | DeadLetterReason;
  deadLetter(items: [Batch, KafkaMessage, DeadLetterReason][]): Promise<void>;
  count(topic: string, outcome: string, messages: KafkaMessage[]): void;
}

const LOGGED_FLUSH_KEYS = 1000;
const LOGGED_FLUSH_MS = 1000;
/** However slow the last flush was (an outage included), catching up flushes at least this often. */
const MAX_ADAPTED_INTERVAL_MS = 30_000;

/** Controls for work outside eachBatch (the punctuator, the stop): KafkaJS heartbeats between its own fetches. */
export const idleControls = (isRunning: () => boolean): RetryControls => ({ isRunning, heartbeat: async () => undefined });

/**
 * The stateful mode of EventConsumer: batches applied to the handler's in-memory state, flushed when
 * due, offsets committed only after the flush that wrote their effect. Batches, the punctuator and the
 * stop take turns (`locked`), so a flush never runs beside an apply.
 */
export class StatefulBatches {
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
    private readonly handler: StatefulHandler,
    private readonly options: FlushOptions,
    private readonly consumer: Pick<Consumer, 'commitOffsets' | 'seek'>,
    private readonly policy: ConsumerPolicy,
    private readonly flushSource: string,
    private readonly logger: Logger,
    private readonly env: RetryEnv,
  ) {}

  joined(assignment: Record<string, number[]>, before: boolean): void {
    if (before) this.rejoined = true;
    this.assignment = assignment;
  }

  /** Before KafkaJS runs: fresh state, and the punctuator, so a quiet consumer still flushes what it applied. */
  start(): void {
    this.handler.reset();
    this.lastFlushAt = this.env.now().getTime();
    this.punctuator = setInterval(() => void this.locked(() => this.flushIfDue(false, idleControls(() => this.policy.isRunning()))), this.options.intervalMs).unref();
  }

  /** Flushes and commits what was applied (one attempt: a stop does not wait out an outage). */
  async stop(): Promise<void> {
    clearInterval(this.punctuator);
    if (this.policy.isJoined()) await this.locked(() => this.flushAndCommit(idleControls(() => false)));
  }

  batch(payload: EachBatchPayload, controls: RetryControls): Promise<void> {
    return this.locked(() => this.applyBatch(payload, controls));
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
  private async applyBatch({ batch, resolveOffset, isStale }: EachBatchPayload, controls: RetryControls): Promise<void> {
    if (this.rejoined) await this.afterRejoin(controls);
    if (!controls.isRunning() || isStale()) return;
    const isolating = this.isolateThrough.size > 0;
    const outcome = isolating ? await this.isolateBatch(batch, controls) : await this.policy.processBatch(batch, (events) => this.handler.apply(events), controls);
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
    if (!this.policy.isRunning() || !this.policy.isJoined() || this.unflushed.isEmpty()) return;
    const interval = Math.max(this.options.intervalMs, Math.min(2 * this.lastFlushMs, MAX_ADAPTED_INTERVAL_MS));
    if (caughtUp || this.handler.pending() >= this.options.maxPending || this.env.now().getTime() - this.lastFlushAt >= interval) await this.flushAndCommit(controls);
  }

  /** The handler's flush under the failure policy: a transient failure waits and retries, as for any handler. */
  private async attemptFlush(controls: RetryControls): Promise<{ outcome: AttemptOutcome; result: 'ok' | 'conflict' }> {
    const flushed: { result: 'ok' | 'conflict' } = { result: 'ok' };
    const outcome = await this.policy.attempt({ topic: this.flushSource, partition: -1, offset: 'flush' }, async () => void (flushed.result = await this.handler.flush()), controls);
    return { outcome, result: flushed.result };
  }

  /**
   * Writes the pending state, then commits the offsets it covers. A conflict (another writer moved a
   * stored key) drops the cache and reads the uncommitted records again onto fresh state; a rejected
   * flush does the same, one record per flush, to find and dead-letter the record whose state the
   * store refuses.
   */
  private async flushAndCommit(controls: RetryControls): Promise<void> {
    const started = this.env.now().getTime();
    const keys = this.handler.pending();
    const { outcome, result } = keys === 0 ? { outcome: 'ok' as const, result: 'ok' as const } : await this.attemptFlush(controls);
    if (outcome === 'stopped' || outcome === 'rebalanced') return;
    this.lastFlushAt = this.env.now().getTime();
    if (outcome === 'ok') this.lastFlushMs = this.lastFlushAt - started;
    // Large or slow flushes only: caught up, a view flushes after every batch.
    if (keys >= LOGGED_FLUSH_KEYS || this.lastFlushMs >= LOGGED_FLUSH_MS) this.logger.info({ keys, records: this.appliedSinceFlush, ms: this.lastFlushMs, result }, 'state flushed');
    this.appliedSinceFlush = 0;
    if (outcome !== 'ok') {
      this.logger.error({ reason: outcome.reason }, 'flush rejected; reading the unflushed records again one at a time to find the culprit');
      return this.rewind(true);
    }
    if (result === 'conflict') {
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
    this.handler.reset();
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
    if (this.handler.pending() > 0) {
      const { outcome, result } = await this.attemptFlush(controls);
      if (outcome === 'ok' && result === 'ok') await this.commit(this.unflushed.take());
    }
    // KafkaJS fetches from the offsets committed when it rejoined: anything not committed is read again.
    this.unflushed.take();
    this.isolateThrough.clear();
    this.handler.reset();
  }

  /** Isolation after a rejected flush: each record applied and flushed alone; the one whose flush is rejected is dead-lettered. */
  private async isolateBatch(batch: Batch, controls: RetryControls): Promise<BatchOutcome> {
    const key = `${batch.topic}|${batch.partition}`;
    // Every partition goes one record at a time while any is isolating: a shared flush would blur the blame.
    for (const message of batch.messages) {
      const decoded = this.policy.decode(batch, message);
      const source = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      const flushed: { result: 'ok' | 'conflict' } = { result: 'ok' };
      const applyAndFlush = async (event: ConsumedEvent): Promise<void> => {
        await this.handler.apply([event]);
        flushed.result = await this.handler.flush();
      };
      const outcome = 'event' in decoded ? await this.policy.attempt(source, () => applyAndFlush(decoded), controls) : decoded;
      if (outcome === 'stopped' || outcome === 'rebalanced') return outcome;
      if (outcome !== 'ok' || flushed.result === 'conflict') this.handler.reset();
      if (flushed.result === 'conflict') {
        // Read this partition again from the record whose flush conflicted.
        this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset: message.offset });
        return 'rebalanced';
      }
      if (outcome === 'ok') this.policy.count(batch.topic, 'processed', [message]);
      else await this.policy.deadLetter([[batch, message, outcome]]);
      await this.commit([{ topic: batch.topic, partition: batch.partition, from: message.offset, to: message.offset }]);
      if (BigInt(message.offset) >= (this.isolateThrough.get(key) ?? -1n)) this.isolateThrough.delete(key);
    }
    return 'done';
  }
}
