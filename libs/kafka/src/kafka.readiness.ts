import { ReadinessCheck } from '@app/platform/health/readiness-check';
import { withTimeout } from '@app/platform/health/with-timeout';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { InjectKafka } from './kafka.module';

/** Below /health's own probe timeout, so an unreachable broker is reported as degraded, not as a failed probe. */
const DESCRIBE_TIMEOUT_MS = 2000;

/**
 * Reports the brokers, or since when and why Kafka cannot be reached — as `degraded`, never failing
 * readiness: what a service needs Kafka for is covered elsewhere (its consumers must have joined once,
 * ConsumerReadiness; its events wait in the outbox), and taking every pod out of service during a broker
 * outage would refuse the writes the outbox exists to keep.
 */
@Injectable()
export class KafkaReadiness implements ReadinessCheck, OnModuleDestroy {
  readonly key = 'kafka';
  private admin?: Promise<Admin>;
  private troubleSince?: Date;

  constructor(@InjectKafka() private readonly kafka: Kafka) {}

  async probe(): Promise<Record<string, unknown>> {
    try {
      const cluster = await withTimeout(this.describe(), DESCRIBE_TIMEOUT_MS);
      this.troubleSince = undefined;
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    } catch (error) {
      this.troubleSince ??= new Date();
      return { degraded: `Kafka unreachable since ${this.troubleSince.toISOString()}: ${(error as Error).message}` };
    }
  }

  /** Not awaited: a connect under way (Kafka unreachable) can take a minute, and must not hold up the shutdown. */
  onModuleDestroy(): void {
    const admin = this.admin;
    this.admin = undefined;
    void admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  private async describe(): Promise<Awaited<ReturnType<Admin['describeCluster']>>> {
    // One connect shared by the probes that come while it is under way (KafkaJS retries it for up to a minute).
    const admin = (this.admin ??= this.connect());
    try {
      return await (await admin).describeCluster();
    } catch (error) {
      if (this.admin === admin) {
        this.admin = undefined;
        void admin.then((a) => a.disconnect()).catch(() => undefined);
      }
      throw error;
    }
  }

  private async connect(): Promise<Admin> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
    return admin;
  }
}
