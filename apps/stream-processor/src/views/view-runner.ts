import { Topic } from '@app/contracts';
import { ConsumedEvent, ConsumerRegistry, defaultFailurePolicy, EventConsumer, EventPublisher, InjectKafka } from '@app/kafka';
import { errorFields, fatal } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { GenerationSwitches } from '@app/mongo';
import { Kafka } from 'kafkajs';
import { Subscription } from 'rxjs';
import { PinoLogger } from 'nestjs-pino';
import { StreamProcessorConfig } from '../stream-processor.config';
import { DerivedEventsGate } from './derived-events.gate';
import { activeViews, ViewGenerations } from './view-generations';
import { ReplayFeed } from './replay-feed';
import { ViewAssignments } from './view-assignments';
import { ViewLagMonitor } from './view-lag.monitor';
import { ViewProgress } from './view-progress';
import { VIEW_PROJECTORS, viewGroupId, ViewName, ViewProjector } from './view-projector';

/**
 * Runs one consumer group per view over whole batches, applied to the view's in-memory state and
 * flushed when caught up, when enough keys are pending, or every VIEW_FLUSH_INTERVAL_MS while catching
 * up; up to VIEW_CONCURRENT_PARTITIONS partitions' batches are applied while a flush runs and share the
 * next one. Poison records go to the dead-letter topic, transient failures are retried (the consumer's
 * failure policy); offsets are committed only after the flush that wrote their effect, so a crash means
 * redelivery, which the projectors absorb, and a stopped consumer (it flushes first) has committed
 * exactly what it applied (a generation switch relies on it).
 */
@Injectable()
export class ViewRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers = new Map<ViewName, EventConsumer>();
  private readonly projectors: ViewProjector[];
  /** Records this process applied, for the FAULT_KILL_AFTER_RECORDS switch. */
  private recordsApplied = 0;
  private readonly switches = new GenerationSwitches<ViewName>();
  private readonly punctuations = new Map<ViewName, Subscription>();
  /** Views whose punctuation runs; true: due again meanwhile. */
  private readonly punctuating = new Map<ViewName, boolean>();

  constructor(
    @Inject(VIEW_PROJECTORS) projectors: ViewProjector[],
    @InjectKafka() private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly registry: ConsumerRegistry,
    private readonly progress: ViewProgress,
    private readonly assignments: ViewAssignments,
    lag: ViewLagMonitor,
    private readonly generations: ViewGenerations,
    private readonly gate: DerivedEventsGate,
    private readonly config: StreamProcessorConfig,
    private readonly logger: PinoLogger,
  ) {
    const active = activeViews(config);
    this.projectors = projectors.filter((p) => active.includes(p.view));
    this.projectors.forEach((p) => lag.watch(p.view, p.topics));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.REBUILD_VIEW) for (const projector of this.projectors) void this.rebuild(projector);
    // Not awaited: the service listens while the views' consumers connect and join (readiness waits for them).
    else for (const projector of this.projectors) this.start(projector).catch((error: unknown) => fatal(`could not start view ${projector.view}: ${errorFields(error).message}`, error));
  }

  /** Rebuild mode: the topics so far merged by event time, then the regular consumer for what follows. */
  private async rebuild(projector: ViewProjector): Promise<void> {
    const groupId = viewGroupId(this.config, projector.view, this.generations.generation(projector.view));
    try {
      projector.reset();
      // A chunk is flushed before the feed commits past it: chunks as large as a flush may be, so each write covers the most events.
      const feed = new ReplayFeed(this.kafka, groupId, projector.topics, this.config.KAFKA_SESSION_TIMEOUT_MS, { chunkSize: this.config.VIEW_FLUSH_MAX_PENDING });
      await feed.run((events) => this.applyAndFlush(projector, events));
      await this.start(projector);
    } catch (error) {
      fatal(`could not rebuild view ${projector.view}: ${errorFields(error).message}`, error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.punctuations.forEach((s) => s.unsubscribe());
    await Promise.all([...this.consumers.values()].map((c) => c.stop()));
  }

  /**
   * Moves a view to another generation: stops its consumer (its offsets are then what it applied),
   * re-points the repositories, and consumes on under the new generation's group — from where the
   * rebuild stopped. Records both generations read are applied again, which the projectors absorb.
   * Every step may be run again: a switch a step failed in stays pending (the view is then reported
   * not ready, its stopped consumer still registered) and the next call resumes it until it is done.
   */
  async switchView(view: ViewName, generation: number): Promise<void> {
    const projector = this.projectors.find((p) => p.view === view);
    if (!projector) return;
    const move = await this.switches.run(view, this.generations.generation(view), generation, async ({ from, to }) => {
      await this.consumers.get(view)?.stop();
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const stoppedAt = await admin.fetchOffsets({ groupId: viewGroupId(this.config, view, from), topics: projector.topics });
        this.gate.handOver(view, stoppedAt.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, partition: p.partition, offset: p.offset }))));
      } finally {
        await admin.disconnect();
      }
      this.generations.switchTo(view, to);
      this.progress.reset(view);
      await projector.generationSwitched?.(from, to);
      this.registry.remove(viewGroupId(this.config, view, from));
      await this.start(projector);
    });
    if (move) this.logger.info({ view, ...move }, 'view switched to a rebuilt generation');
  }

  /** Reports a finished switch of `view` once (`report` failing is tried again on the next call). */
  async reportSwitch(view: ViewName, report: (generation: number) => Promise<void>): Promise<void> {
    await this.switches.report(view, report);
  }

  private async start(projector: ViewProjector): Promise<void> {
    const groupId = viewGroupId(this.config, projector.view, this.generations.generation(projector.view));
    const consumer = new EventConsumer(
      this.kafka,
      this.publisher,
      {
        groupId,
        topics: projector.topics,
        deadLetterTopic: Topic.StreamsDeadLetter,
        policy: defaultFailurePolicy,
        maxBytesPerPartition: this.config.VIEW_FETCH_MAX_BYTES,
        sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
        flush: { intervalMs: this.config.VIEW_FLUSH_INTERVAL_MS, maxPending: this.config.VIEW_FLUSH_MAX_PENDING },
        partitionsConsumedConcurrently: this.config.VIEW_CONCURRENT_PARTITIONS,
      },
      {
        stateful: {
          apply: (events) => this.apply(projector, events),
          pending: () => projector.pending(),
          full: () => projector.full?.() ?? false,
          flush: () => this.flush(projector),
          reset: () => {
            projector.reset();
            this.progress.discardUnflushed(projector.view);
          },
          assigned: (assignment) => this.assignments.set(projector.view, assignment),
        },
      },
      this.logger.logger.child({ component: 'view', view: projector.view, groupId }),
    );
    this.registry.add(groupId, consumer);
    this.consumers.set(projector.view, consumer);
    this.punctuations.get(projector.view)?.unsubscribe();
    const punctuation = projector.punctuation;
    if (punctuation) this.punctuations.set(projector.view, punctuation.due.subscribe(() => this.punctuate(projector.view, consumer, punctuation.run)));
    await consumer.start();
  }

  /**
   * Runs a view's punctuation in turn with its batches: one at a time, once more if it was due again
   * meanwhile. One that cannot run yet (the consumer not joined) or failed (the store down) is tried again
   * a second later; whatever it was for stays pending.
   */
  private punctuate(view: ViewName, consumer: EventConsumer, run: () => Promise<void>): void {
    if (this.punctuating.has(view)) return void this.punctuating.set(view, true);
    this.punctuating.set(view, false);
    const loop = async (): Promise<boolean> => {
      do {
        this.punctuating.set(view, false);
        if (!(await consumer.punctuate(run))) return false;
      } while (this.punctuating.get(view));
      return true;
    };
    const later = (): void => void setTimeout(() => this.consumers.get(view) === consumer && this.punctuate(view, consumer, run), 1000).unref();
    loop()
      .then((ran) => ran || later())
      .catch((error: unknown) => {
        this.logger.warn({ err: error, view }, 'punctuation failed; trying again in a second');
        later();
      })
      .finally(() => this.punctuating.delete(view));
  }

  private async apply(projector: ViewProjector, events: ConsumedEvent[]): Promise<void> {
    await projector.apply(events);
    this.recordsApplied += events.length;
    this.progress.noted(projector.view, events);
  }

  private async flush(projector: ViewProjector): Promise<'ok' | 'conflict'> {
    // Taken before the projector takes the state it writes: only what this flush holds counts as written.
    const marks = this.progress.taking(projector.view);
    const result = await projector.flush();
    if (result === 'ok') this.progress.flushed(projector.view, marks);
    // Counted in records, not flushes: how many flushes a stretch of work takes depends on the machine's speed.
    if (this.config.FAULT_KILL_AFTER_RECORDS > 0 && this.recordsApplied >= this.config.FAULT_KILL_AFTER_RECORDS) process.kill(process.pid, 'SIGKILL');
    return result;
  }

  /** Rebuild mode: each chunk of the merged replay is written before the feed commits past it (a conflict re-applies it onto fresh state). */
  private async applyAndFlush(projector: ViewProjector, events: ConsumedEvent[]): Promise<void> {
    for (;;) {
      await this.apply(projector, events);
      if ((await this.flush(projector)) === 'ok') return;
      projector.reset();
      this.progress.discardUnflushed(projector.view);
    }
  }
}
