import { Consumer, EachBatchPayload } from 'kafkajs';
import { Logger } from 'pino';
import { FlushRhythm } from './flush-rhythm';
import { PartitionCommits } from './partition-commits';
import { ReadProgress } from './read-progress';
import { RecordIsolation } from './record-isolation';
import { AttemptOutcome, RetryControls, RetryEnv } from './retry-loop';
import { BatchOutcome, ConsumerPolicy, FlushOptions, idleControls, StatefulHandler } from './stateful-handler';
import { UnflushedOffsets, UnflushedRange } from './unflushed-offsets';

/** What a flush took, in turn with the batches: the offsets it commits, and the keys pending when it took its state. */
interface TakenForFlush {
  ranges: UnflushedRange[];
  /** The consumer's generation when they were taken: committed for the partitions owned throughout since. */
  generation: number;
  /** appliedBatches then: the batches whose effect it writes. */
  covers: number;
  records: number;
  keys: number;
}

/** What a failed flush leaves to do, in turn, before anything else is applied: drop the state and read the unflushed records again. */
interface Recovery {
  /** A rejected flush: read them one record per flush to find the one the store refuses. */
  isolate: boolean;
}

/**
 * The stateful mode of EventConsumer: batches applied to the handler's in-memory state, flushed when
 * due, offsets committed only after the flush that wrote their effect, and only for the partitions this
 * member has owned since they were applied (PartitionCommits).
 *
 * Applies take turns (`locked`); a flush runs beside them, like a database's group commit. KafkaJS hands
 * the consumer several partitions' batches at once (partitionsConsumedConcurrently); each is applied in
 * turn, and a batch that makes a flush due waits for a flush that covers it. One flush runs at a time;
 * the next starts as it ends and covers everything applied meanwhile, so a fetch round over many
 * partitions costs one or two flushes instead of one per partition, and applying goes on while the store
 * writes.
 */
export class StatefulBatches {
  private turn: Promise<void> = Promise.resolve();
  private readonly unflushed = new UnflushedOffsets();
  /** Records applied since the last flush took its offsets, for its log line. */
  private appliedSinceFlush = 0;
  /** Batches applied so far, and how many of them the flushes that landed (and committed) covered. */
  private appliedBatches = 0;
  private flushedBatches = 0;
  /** Bumped whenever the state is dropped: a batch waiting for a flush of dropped state stops waiting (it is read again). */
  private epoch = 0;
  private inFlight?: Promise<void>;
  /** A flush wrote its state but Kafka refused the commit: the next due flush commits again, records or not. */
  private commitOwed = false;
  private recovery?: Recovery;
  /** Set on every join after the first: the cached state may belong to partitions now owned by another member. */
  private rejoined = false;
  private rejoining?: Promise<void>;
  private readonly isolation: RecordIsolation;
  private readonly commits: PartitionCommits;
  private punctuator?: NodeJS.Timeout;
  private readonly progress: ReadProgress;
  private readonly rhythm: FlushRhythm;

  constructor(
    private readonly handler: StatefulHandler,
    private readonly options: FlushOptions,
    private readonly consumer: Pick<Consumer, 'commitOffsets' | 'seek'>,
    private readonly policy: ConsumerPolicy,
    private readonly flushSource: string,
    private readonly logger: Logger,
    private readonly env: RetryEnv,
  ) {
    this.commits = new PartitionCommits(this.unflushed, handler, consumer, logger);
    this.progress = new ReadProgress(logger);
    this.rhythm = new FlushRhythm(options.intervalMs, () => env.now().getTime());
    this.isolation = new RecordIsolation(handler, consumer, policy, {
      dropState: () => this.dropState(),
      commit: async (record) => {
        if (!(await this.commits.commit([record]))) this.commitOwed = true;
      },
    });
  }

  joined(assignment: Record<string, number[]>, before: boolean, memberId?: string): void {
    if (before) this.rejoined = true;
    // What was applied to a partition not owned throughout is read again (KafkaJS reads from the committed offsets), never committed.
    this.commits.joined(assignment, memberId);
    this.progress.joined();
    this.logger.debug({ assignment }, 'partitions assigned');
    this.handler.assigned?.(assignment);
  }

  /**
   * Work on the state that no record brought, in turn with the batches, then flushed like a caught-up
   * batch (see EventConsumer.punctuate). False when it cannot run yet (not joined, or isolating a
   * rejected record): the caller asks again later.
   */
  async punctuate(work: () => Promise<void>): Promise<boolean> {
    if (!this.policy.isRunning()) return true;
    if (!this.policy.isJoined() || this.isolation.active()) return false;
    const controls = idleControls(() => this.policy.isRunning());
    // After a rebalance every partition may be caught up, and no batch comes to settle the rejoin: settled here.
    await this.settleRejoin(controls);
    const pending = await this.locked(async () => {
      this.recover();
      await work();
      if (this.handler.pending() === 0) return false;
      this.appliedBatches++;
      return true;
    });
    // Nothing to write (the usual case: no order of this instance wants the product): no flush, no commit.
    if (pending) await this.flushCovering(this.appliedBatches, controls);
    return true;
  }

  /** Before KafkaJS runs: fresh state, and the punctuator, so a quiet consumer still flushes what it applied. */
  start(): void {
    this.handler.reset();
    this.rhythm.restart();
    this.punctuator = setInterval(() => {
      this.flushIfDue(false, idleControls(() => this.policy.isRunning())).catch((error: unknown) => this.logger.error({ err: error }, 'timed flush failed'));
    }, this.options.intervalMs).unref();
  }

  /** Flushes and commits what was applied (one attempt: a stop does not wait out an outage). */
  async stop(): Promise<void> {
    clearInterval(this.punctuator);
    await this.rejoining;
    // The batch in turn finishes (it sees the stop and applies nothing more), a running flush ends (it gives up waiting for a dependency).
    await this.locked(async () => undefined);
    await this.inFlight;
    if (this.policy.isJoined() && !this.recovery) await this.flushOnce(idleControls(() => false));
  }

  async batch(payload: EachBatchPayload, controls: RetryControls): Promise<void> {
    this.commits.batchCommits(payload.commitOffsetsIfNecessary);
    await this.settleRejoin(controls);
    const { caughtUp } = this.progress.read(payload.batch);
    const applied = await this.locked(() => this.applyBatch(payload, controls));
    if (applied) await this.flushIfDue(caughtUp, controls);
  }

  /** The first batch or punctuation after a rejoin runs afterRejoin; the others wait for it. */
  private async settleRejoin(controls: RetryControls): Promise<void> {
    if (this.rejoined) {
      this.rejoined = false;
      this.rejoining = this.afterRejoin(controls).finally(() => (this.rejoining = undefined));
    }
    await this.rejoining;
  }

  /** Runs `work` after every earlier batch's apply (and the offsets a flush takes). */
  private locked<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.then(
      () => undefined,
      (error: unknown) => this.logger.error({ err: error }, 'stateful consumer step failed'),
    );
    return run;
  }

  /**
   * One partition's batch into the in-memory state: applied (poison dead-lettered, a rejected batch
   * isolated event by event, as for batch handlers) and resolved so the next fetch goes on. Nothing is
   * committed before its flush. True when it waits for one.
   */
  private async applyBatch({ batch, resolveOffset, isStale }: EachBatchPayload, controls: RetryControls): Promise<boolean> {
    this.recover();
    if (!controls.isRunning() || isStale()) return false;
    const isolating = this.isolation.active();
    const { generation } = this.commits;
    let outcome: BatchOutcome;
    try {
      outcome = isolating ? await this.isolation.isolateBatch(batch, controls) : await this.policy.processBatch(batch, (events) => this.handler.apply(events), controls);
    } catch (error) {
      this.taint();
      throw error;
    }
    if (outcome !== 'done' || (generation !== this.commits.generation && !this.commits.ownedThroughout(batch, generation))) {
      this.taint();
      return false;
    }
    resolveOffset(batch.lastOffset());
    if (isolating) return false; // every record was flushed and committed on its own
    this.appliedSinceFlush += batch.messages.length;
    this.unflushed.applied(batch.topic, batch.partition, batch.firstOffset() ?? batch.lastOffset(), batch.lastOffset());
    this.appliedBatches++;
    return true;
  }

  /**
   * Flushes when caught up (at once: the next flush starts as this one ends), when enough keys are pending
   * or the handler's buffer is full, or while catching up when the interval (FlushRhythm) is over.
   */
  private async flushIfDue(caughtUp: boolean, controls: RetryControls): Promise<void> {
    if (!this.policy.isRunning() || !this.policy.isJoined() || this.isolation.active()) return;
    if (this.unflushed.isEmpty() && !this.inFlight && !this.recovery) return;
    if (caughtUp || this.handler.pending() >= this.options.maxPending || this.handler.full?.() || this.rhythm.intervalOver()) {
      // Every batch is covered but a commit was refused: caught up, no batch would ever ask again.
      await this.flushCovering(this.commitOwed ? Math.max(this.appliedBatches, this.flushedBatches + 1) : this.appliedBatches, controls);
    }
  }

  /**
   * Waits until the batches up to `target` are flushed and committed, starting a flush when none runs.
   * Stops waiting when their state was dropped (a failed flush: it then drops it, in turn) or the flush
   * was given up (a stop, a rebalance): those records are read again.
   */
  private async flushCovering(target: number, controls: RetryControls): Promise<void> {
    const epoch = this.epoch;
    while (this.flushedBatches < target && this.epoch === epoch) {
      if (this.recovery) return this.locked(async () => this.recover());
      const before = this.flushedBatches;
      if (!this.inFlight) this.inFlight = this.flushOnce(controls).finally(() => (this.inFlight = undefined));
      await this.inFlight;
      if (this.flushedBatches === before && !this.recovery) return;
      if (this.commitOwed) return; // the next due flush commits again; a waiting batch does not spin on it
    }
  }

  /**
   * The handler's flush under the failure policy: a transient failure waits and retries, as for any
   * handler. Each attempt takes, in turn with the batches, the offsets applied so far (with those an
   * earlier attempt took) and calls the handler's flush in the same turn, which takes its state at once:
   * what a flush writes is exactly what the offsets it commits produced, a retry after an outage
   * included. (A state written past its offsets would let a re-reader from them find a stored slice of
   * the event index starting before where it starts, and store its events again.)
   */
  private async attemptFlush(controls: RetryControls): Promise<{ outcome: AttemptOutcome; result: 'ok' | 'conflict' } & TakenForFlush> {
    const taken: TakenForFlush = { ranges: [], generation: this.commits.generation, covers: this.appliedBatches, records: 0, keys: 0 };
    let result: 'ok' | 'conflict' = 'ok';
    const outcome = await this.policy.attempt({ topic: this.flushSource, partition: -1, offset: 'flush' }, async () => {
      const { writing } = await this.locked(async () => {
        this.unflushed.restore(this.commits.stillOwned(taken.ranges, taken.generation));
        // A batch given back while this attempt waited for its turn left records in the state that no range holds.
        this.recover();
        taken.ranges = this.unflushed.take();
        taken.generation = this.commits.generation;
        taken.covers = this.appliedBatches;
        taken.records += this.appliedSinceFlush;
        this.appliedSinceFlush = 0;
        taken.keys = this.handler.pending();
        // Not awaited in turn: the batches go on applying while the store writes.
        return { writing: taken.keys === 0 ? undefined : this.handler.flush() };
      });
      result = writing ? await writing : 'ok';
    }, controls);
    return { outcome, result, ...taken };
  }

  /**
   * One flush: writes the pending state and commits the offsets that produced it (attemptFlush). A
   * conflict (another writer moved a stored key) or a rejected flush leaves a recovery: the state
   * dropped and the uncommitted records read again — one per flush after a rejection, to find and
   * dead-letter the record whose state the store refuses.
   */
  private async flushOnce(controls: RetryControls): Promise<void> {
    const started = this.env.now().getTime();
    const { outcome, result, ranges: taken, generation, covers, records, keys } = await this.attemptFlush(controls);
    // A join since they were taken: those of partitions that were another member's meanwhile are read again, never committed.
    const ranges = this.commits.stillOwned(taken, generation);
    if (outcome === 'stopped' || outcome === 'rebalanced') return this.unflushed.restore(ranges);
    const ms = this.rhythm.ended(started, outcome === 'ok');
    if (this.rhythm.worthLogging(keys)) this.logger.info({ keys, records, ms, result }, 'state flushed');
    if (outcome !== 'ok' || result === 'conflict') {
      if (outcome !== 'ok') this.logger.error({ reason: outcome.reason }, 'flush rejected; reading the unflushed records again one at a time to find the culprit');
      else this.logger.warn('the store changed under the cached state; reading the uncommitted records again onto fresh state');
      this.unflushed.restore(ranges);
      this.recovery = { isolate: outcome !== 'ok' };
      return;
    }
    this.commitOwed = !(await this.commits.commit(ranges));
    this.flushedBatches = Math.max(this.flushedBatches, covers);
  }

  /**
   * A batch given back (a stop, a rebalance, a failure) after part of it may have reached the state — a
   * fan-out's members take a batch in turn — or applied across a join: its records are in the state but
   * in no range a flush commits, so the state is not written; it is dropped and the uncommitted records
   * are read again (afterRejoin and stop write nothing while a recovery is due).
   */
  private taint(): void {
    this.recovery ??= { isolate: false };
  }

  /** In turn, after a failed flush: the state dropped, every uncommitted record read again. */
  private recover(): void {
    if (!this.recovery) return;
    const { isolate } = this.recovery;
    this.recovery = undefined;
    this.dropState();
    for (const r of this.unflushed.take()) {
      this.consumer.seek({ topic: r.topic, partition: r.partition, offset: r.from });
      if (isolate) this.isolation.add(r);
    }
  }

  private dropState(): void {
    this.epoch++;
    this.progress.dropped();
    this.handler.reset();
  }

  /**
   * After a rebalance the cached keys may now be another member's: flush (conditioned writes, so a stale
   * write is a conflict, not a loss), commit what this member still owns, and start from the store again.
   */
  private async afterRejoin(controls: RetryControls): Promise<void> {
    await this.inFlight;
    if (this.handler.pending() > 0 && !this.recovery) await (this.inFlight = this.flushOnce(controls).finally(() => (this.inFlight = undefined)));
    // KafkaJS fetches from the offsets committed when it rejoined: anything not committed is read again.
    await this.locked(async () => {
      this.recovery = undefined;
      this.commitOwed = false;
      this.unflushed.take();
      this.isolation.clear();
      this.dropState();
    });
  }
}
