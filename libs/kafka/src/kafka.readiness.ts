import { ReadinessCheck } from '@app/platform/health/readiness-check';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { InjectKafka } from './kafka.module';

@Injectable()
export class KafkaReadiness implements ReadinessCheck, OnModuleDestroy {
  readonly key = 'kafka';
  private admin?: Promise<Admin>;

  constructor(@InjectKafka() private readonly kafka: Kafka) {}

  async probe(): Promise<Record<string, unknown>> {
    this.admin ??= this.connect();
    try {
      const cluster = await (await this.admin).describeCluster();
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    } catch (error) {
      this.admin = undefined;
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  private async connect(): Promise<Admin> {
    const admin = this.kafka.admin();
    await admin.connect();
    return admin;
  }
}
