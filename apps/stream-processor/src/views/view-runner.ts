import { Topic } from '@app/contracts';
import { ConsumedEvent, ConsumerRegistry, defaultFailurePolicy, EventConsumer, EventPublisher, FanOutHandler, InjectKafka, StatefulHandler } from '@app/kafka';
import { errorFields, fatal } from '@app/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { GenerationSwitches } from '@app/mongo';
import { Kafka } from 'kafkajs';
import { Subscription } from 'rxjs';
import { PinoLogger } from 'nestjs-pino';
import { StreamProcessorConfig } from '../stream-processor.config';
import { DerivedEventsGate } from './derived-events.gate';
import { activeViews, ViewGenerations } from './view-generations';
import { startWherePerViewGroupsStopped } from './per-view-groups';
import { ReplayFeed } from './replay-feed';
import { ViewAssignments } from './view-assignments';
import { ViewLagMonitor } from './view-lag.monitor';
import { ViewProgress } from './view-progress';
import { sharedViewsGroupId, viewBaseGroup, VIEW_PROJECTORS, viewGroupId, ViewName, ViewProjector } from './view-projector';

/** A consumer and the views it reads for. */
interface ViewConsumer {
  groupId: string;
  consumer: EventConsumer;
  projectors: ViewProjector[];
}

/**
 * Runs the views' consumers over whole batches: one consumer for the views on their first generation
 * (each record fetched and decoded once, applied to every view that reads its topic, see FanOutHandler),
 * one for each view on a rebuilt generation. A batch is applied to the views' in-memory state and
 * flushed when caught up or every VIEW_FLUSH_INTERVAL_MS while catching up (a view with
 * VIEW_FLUSH_MAX_PENDING keys changed is written alone in between); up to VIEW_CONCURRENT_PARTITIONS
 * partitions' batches are applied while a flush runs and share the next one. Poison records go to the dead-letter topic, transient failures are retried (the consumer's
 * failure policy); offsets are committed only after the flush that wrote their effect, so a crash means
 * redelivery, which the projectors absorb, and a stopped consumer (it flushes first) has committed
 * exactly what it applied (a generation switch relies on it).
 */
@Injectable()
export class ViewRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  /** The consumer each view runs in (several views share one). */
  private readonly running = new Map<ViewName, ViewConsumer>();
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
    else {
      const groups = new Map<string, ViewProjector[]>();
      for (const p of this.projectors) {
        const groupId = viewGroupId(this.config, p.view, this.generations.generation(p.view));
        groups.set(groupId, [...(groups.get(groupId) ?? []), p]);
      }
      for (const [groupId, projectors] of groups) {
        const shared = groupId === sharedViewsGroupId(this.config.KAFKA_GROUP_ID);
        (shared ? this.upgradeFromPerViewGroups(projectors).then(() => this.start(groupId, projectors)) : this.start(groupId, projectors)).catch((error: unknown) =>
          fatal(`could not start views ${projectors.map((p) => p.view).join(', ')}: ${errorFields(error).message}`, error),
        );
      }
    }
  }

  /**
   * A process upgraded from one group per view starts the shared group where those groups stopped
   * (per-view-groups.ts). Kafka unreachable or a refusal (another instance joined first) only costs a
   * re-read from the beginning, which the views absorb: logged, not fatal.
   */
  private async upgradeFromPerViewGroups(projectors: ViewProjector[]): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const partitions = await startWherePerViewGroupsStopped(admin, this.config.KAFKA_GROUP_ID, projectors.map((p) => p.view));
      if (partitions > 0) this.logger.info({ partitions }, "views' shared group starts where the earlier per-view groups stopped");
    } catch (error) {
      this.logger.warn({ err: error }, "could not start the views' shared group where the earlier per-view groups stopped; unless another instance did, it reads the topics from the beginning");
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Rebuild mode: the topics so far merged by event time, then the regular consumer for what follows. */
  private async rebuild(projector: ViewProjector): Promise<void> {
    const groupId = viewGroupId(this.config, projector.view, this.generations.generation(projector.view));
    try {
      projector.reset();
      // A chunk is flushed before the feed commits past it: chunks as large as a flush may be, so each write covers the most events.
      const feed = new ReplayFeed(this.kafka, groupId, projector.topics, this.config.KAFKA_SESSION_TIMEOUT_MS, { chunkSize: this.config.VIEW_FLUSH_MAX_PENDING });
      await feed.run((events) => this.applyAndFlush(projector, events));
      await this.start(groupId, [projector]);
    } catch (error) {
      fatal(`could not rebuild view ${projector.view}: ${errorFields(error).message}`, error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.punctuations.forEach((s) => s.unsubscribe());
    await Promise.all([...new Set([...this.running.values()].map((r) => r.consumer))].map((c) => c.stop()));
  }

  /**
   * Moves a view to another generation: stops its consumer (its offsets are then what it applied),
   * re-points the repositories, and consumes on under the new generation's group — from where the
   * rebuild stopped; the views that shared the stopped consumer go on in it without this one. Records
   * both generations read are applied again, which the projectors absorb.
   * Every step may be run again: a switch a step failed in stays pending (the view is then reported
   * not ready, its stopped consumer still registered) and the next call resumes it until it is done.
   */
  async switchView(view: ViewName, generation: number): Promise<void> {
    const projector = this.projectors.find((p) => p.view === view);
    if (!projector) return;
    const move = await this.switches.run(view, this.generations.generation(view), generation, async ({ from, to }) => {
      const current = this.running.get(view);
      await current?.consumer.stop();
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
      if (current) {
        this.registry.remove(current.groupId);
        this.running.delete(view);
        const rest = current.projectors.filter((p) => p !== projector && this.running.get(p.view) === current);
        if (rest.length > 0) await this.start(current.groupId, rest);
      }
      await this.start(viewGroupId(this.config, view, to), [projector]);
    });
    if (move) this.logger.info({ view, ...move }, 'view switched to a rebuilt generation');
  }

  /** Reports a finished switch of `view` once (`report` failing is tried again on the next call). */
  async reportSwitch(view: ViewName, report: (generation: number) => Promise<void>): Promise<void> {
    await this.switches.report(view, report);
  }

  private async start(groupId: string, projectors: ViewProjector[]): Promise<void> {
    const fanOut = new FanOutHandler(
      projectors.map((p) => ({ name: this.deadLetterGroup(groupId, p.view), topics: p.topics, handler: this.handlerOf(p) })),
      {
        evictAt: this.config.VIEW_FLUSH_MAX_PENDING,
        evictionFailed: (view, error) => this.logger.warn({ err: error, view }, 'writing a full view between flushes failed; its keys wait for the next flush'),
      },
    );
    const views = projectors.map((p) => p.view);
    const consumer = new EventConsumer(
      this.kafka,
      this.publisher,
      {
        groupId,
        topics: [...new Set(projectors.flatMap((p) => p.topics))],
        deadLetterTopic: Topic.StreamsDeadLetter,
        deadLetterGroups: (topic) => fanOut.readersOf(topic),
        policy: defaultFailurePolicy,
        maxBytesPerPartition: this.config.VIEW_FETCH_MAX_BYTES,
        sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
        flush: { intervalMs: this.config.VIEW_FLUSH_INTERVAL_MS, maxPending: this.config.VIEW_FLUSH_MAX_PENDING },
        partitionsConsumedConcurrently: this.config.VIEW_CONCURRENT_PARTITIONS,
      },
      { stateful: fanOut },
      this.logger.logger.child({ component: 'view', views, groupId }),
    );
    this.registry.add(groupId, consumer);
    const running: ViewConsumer = { groupId, consumer, projectors };
    for (const projector of projectors) {
      this.running.set(projector.view, running);
      this.punctuations.get(projector.view)?.unsubscribe();
      const punctuation = projector.punctuation;
      if (punctuation) this.punctuations.set(projector.view, punctuation.due.subscribe(() => this.punctuate(projector.view, consumer, punctuation.run)));
    }
    await consumer.start();
  }

  /** One view's part of its consumer's handler. */
  private handlerOf(projector: ViewProjector): StatefulHandler {
    return {
      apply: (events) => this.apply(projector, events),
      pending: () => projector.pending(),
      full: () => projector.full?.() ?? false,
      holdsCommit: (topic, partition, through) => projector.holdsCommit?.(topic, partition, through) ?? false,
      flush: () => this.flush(projector),
      reset: () => {
        projector.reset();
        this.progress.discardUnflushed(projector.view);
      },
      assigned: (assignment) => this.assignments.set(projector.view, assignment),
    };
  }

  /** The group a view's dead letters name: `<KAFKA_GROUP_ID>.<view>` in the shared consumer, else the view's own group. */
  private deadLetterGroup(groupId: string, view: ViewName): string {
    return groupId === sharedViewsGroupId(this.config.KAFKA_GROUP_ID) ? viewBaseGroup(this.config.KAFKA_GROUP_ID, view) : groupId;
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
    const later = (): void => void setTimeout(() => this.running.get(view)?.consumer === consumer && this.punctuate(view, consumer, run), 1000).unref();
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
