import { KafkaModule, KafkaReadiness } from '@app/kafka';
import { ConsumerReadiness } from '@app/kafka/consumer/consumer.readiness';
import { MongoModule, MongoReadiness } from '@app/mongo';
import { OutboxModule, OutboxReadiness } from '@app/outbox';
import { ConfigModule, HealthModule, ReadinessCheck, LoggingModule, MetricsModule, ServiceConfig, SystemModule } from '@app/platform';
import { DynamicModule, Module, Type } from '@nestjs/common';

export interface ServiceModuleOptions<C extends ServiceConfig> {
  clientId: string;
  configClass: Type<C>;
  config: C;
  /** Aggregate collections whose outbox a relay publishes. */
  outboxCollections?: string[];
  consumes?: boolean;
  /** More readiness checks the app provides (reported in /health). */
  extraChecks?: Type<ReadinessCheck>[];
  /** False for a service that keeps no MongoDB data (its state lives behind a Dapr sidecar). */
  mongo?: boolean;
  /** False for a service that reaches Kafka only through its Dapr sidecar. */
  kafka?: boolean;
}

/** What every service is built on: validated config, JSON logs, metrics, health, MongoDB, Kafka, outbox (each store optional). */
@Module({})
export class ServiceModule {
  static forRoot<C extends ServiceConfig>(options: ServiceModuleOptions<C>): DynamicModule {
    const mongo = options.mongo ?? true;
    const kafka = options.kafka ?? true;
    const checks: Type<ReadinessCheck>[] = [...(mongo ? [MongoReadiness] : []), ...(kafka ? [KafkaReadiness] : [])];
    if (options.consumes) checks.push(ConsumerReadiness);
    if (options.outboxCollections) checks.push(OutboxReadiness);
    checks.push(...(options.extraChecks ?? []));
    return {
      module: ServiceModule,
      imports: [
        ConfigModule.forRoot(options.configClass, options.config),
        LoggingModule,
        MetricsModule,
        SystemModule,
        ...(mongo ? [MongoModule] : []),
        ...(kafka ? [KafkaModule.forRoot(options.clientId)] : []),
        ...(options.outboxCollections ? [OutboxModule.forCollections(options.outboxCollections)] : []),
        HealthModule.forRoot(checks),
      ],
      exports: options.outboxCollections ? [OutboxModule] : [],
    };
  }
}
