import { ServiceConfig } from '@app/platform/config/service.config';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { createKafka } from './client/create-kafka';
import { ConsumerRegistry } from './consumer/consumer-registry';
import { EventPublisher } from './producer/event-publisher';

export const KAFKA = Symbol('KAFKA');

@Injectable()
class KafkaLifecycle implements OnApplicationShutdown {
  constructor(private readonly publisher: EventPublisher) {}
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}

/** The service's KafkaJS client and its single idempotent producer. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(clientId: string): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: KAFKA,
          inject: [ServiceConfig, PinoLogger],
          useFactory: (config: ServiceConfig, logger: PinoLogger) => createKafka(config, clientId, logger.logger.child({ component: 'kafkajs' })),
        },
        {
          provide: EventPublisher,
          inject: [KAFKA],
          // Not awaited: Kafka down at boot must not stop the service (the outbox keeps the events); the
          // first publish connects if this early attempt failed.
          useFactory: (kafka: Kafka) => {
            const publisher = new EventPublisher(kafka);
            publisher.connect().catch(() => undefined);
            return publisher;
          },
        },
        KafkaLifecycle,
        ConsumerRegistry,
      ],
      exports: [KAFKA, EventPublisher, ConsumerRegistry],
    };
  }
}

export const InjectKafka = (): ParameterDecorator => Inject(KAFKA);
