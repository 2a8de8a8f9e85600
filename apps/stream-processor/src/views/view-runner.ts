import { Topic } from '@app/contracts';
import { ConsumedEvent, ConsumerRegistry, defaultFailurePolicy, EventConsumer, EventPublisher, InjectKafka } from '@app/kafka';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { StreamProcessorConfig } from '../stream-processor.config';
import { ViewLagMonitor } from './view-lag.monitor';
import { ViewProgress } from './view-progress';
import { VIEW_PROJECTORS, viewGroupId, ViewProjector } from './view-projector';

/**
 * Runs one consumer group per view over whole batches. Poison records go to the dead-letter topic,
 * transient failures are retried (the consumer's failure policy); offsets are committed only after
 * the view was written, so a crash means redelivery, which the projectors absorb.
 */
@Injectable()
export class ViewRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: EventConsumer[] = [];
  private batchesWritten = 0;

  constructor(
    @Inject(VIEW_PROJECTORS) private readonly projectors: ViewProjector[],
    @InjectKafka() private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly registry: ConsumerRegistry,
    private readonly progress: ViewProgress,
    lag: ViewLagMonitor,
    private readonly config: StreamProcessorConfig,
    private readonly logger: PinoLogger,
  ) {
    projectors.forEach((p) => lag.watch(p.view, p.topics));
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const projector of this.projectors) {
      const groupId = viewGroupId(this.config, projector.view);
      const consumer = new EventConsumer(
        this.kafka,
        this.publisher,
        { groupId, topics: projector.topics, deadLetterTopic: Topic.StreamsDeadLetter, policy: defaultFailurePolicy, maxBytesPerPartition: this.config.VIEW_FETCH_MAX_BYTES },
        { batch: (events) => this.project(projector, events) },
        this.logger.logger.child({ component: 'view', view: projector.view }),
      );
      this.registry.add(groupId, consumer);
      this.consumers.push(consumer);
      await consumer.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  private async project(projector: ViewProjector, events: ConsumedEvent[]): Promise<void> {
    await projector.project(events);
    this.progress.applied(projector.view, events);
    if (this.config.FAULT_KILL_AFTER_BATCHES > 0 && ++this.batchesWritten >= this.config.FAULT_KILL_AFTER_BATCHES) process.kill(process.pid, 'SIGKILL');
  }
}
