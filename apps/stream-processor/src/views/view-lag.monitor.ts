import { InjectKafka } from '@app/kafka';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Gauge, register } from 'prom-client';
import { StreamProcessorConfig } from '../stream-processor.config';
import { ViewGenerations } from './view-generations';
import { ViewName, viewGroupId } from './view-projector';

const lagGauge =
  (register.getSingleMetric('stream_view_lag_messages') as Gauge<'view'> | undefined) ??
  new Gauge({ name: 'stream_view_lag_messages', help: 'Records on the view topics not yet applied (committed offsets behind the log end)', labelNames: ['view'] });

export interface ViewLag {
  lag: number;
  /** Per `topic/partition`: records behind. */
  partitions: Record<string, number>;
  measuredAt: string;
}

/** Reads each view's committed offsets against the log end, every LAG_INTERVAL_MS. */
@Injectable()
export class ViewLagMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly admin: Admin;
  private readonly views = new Map<ViewName, string[]>();
  private readonly lags = new Map<ViewName, ViewLag>();
  private timer?: NodeJS.Timeout;
  private connected?: Promise<void>;
  private measuring = false;

  constructor(
    @InjectKafka() kafka: Kafka,
    private readonly config: StreamProcessorConfig,
    private readonly generations: ViewGenerations,
    private readonly logger: PinoLogger,
  ) {
    this.admin = kafka.admin();
  }

  watch(view: ViewName, topics: string[]): void {
    this.views.set(view, topics);
  }

  /** Not awaited: Kafka may be down at boot; the lag is unknown (null in /health) until it is measured. */
  onApplicationBootstrap(): void {
    void this.measure();
    this.timer = setInterval(() => void this.measure(), this.config.LAG_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }

  lag(view: ViewName): ViewLag | undefined {
    return this.lags.get(view);
  }

  /** True when the view had applied everything of that partition at the last measurement. */
  caughtUp(view: ViewName, topic: string, partition: number): boolean {
    return this.lags.get(view)?.partitions[`${topic}/${partition}`] === 0;
  }

  /** One measurement at a time: while Kafka is unreachable a connect attempt outlasts many intervals. */
  async measure(): Promise<void> {
    if (this.measuring) return;
    this.measuring = true;
    try {
      await this.connect();
      for (const [view, topics] of this.views) {
        try {
          this.lags.set(view, await this.measureView(view, topics));
          lagGauge.set({ view }, this.lags.get(view)?.lag ?? 0);
        } catch (error) {
          this.logger.warn({ err: error, view }, 'could not measure view lag');
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not connect to Kafka to measure view lag; next interval retries');
    } finally {
      this.measuring = false;
    }
  }

  private connect(): Promise<void> {
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  private async measureView(view: ViewName, topics: string[]): Promise<ViewLag> {
    const committed = await this.admin.fetchOffsets({ groupId: viewGroupId(this.config, view, this.generations.generation(view)), topics });
    const partitions: Record<string, number> = {};
    let lag = 0;
    for (const topic of topics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
        const behind = Number(end.high) - Math.max(at, Number(end.low));
        partitions[`${topic}/${end.partition}`] = Math.max(0, behind);
        lag += Math.max(0, behind);
      }
    }
    return { lag, partitions, measuredAt: new Date().toISOString() };
  }
}
