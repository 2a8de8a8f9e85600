import { ServiceConfig } from '@app/platform/config/service.config';
import { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { KAFKA } from '../kafka.module';
import { EventPublisher } from '../producer/event-publisher';
import { ConsumerRegistry } from './consumer-registry';
import { EventConsumer } from './event-consumer';
import { defaultFailurePolicy, FailurePolicy } from './failure-policy';
import { KafkaEventServer } from './kafka-event.server';

export interface KafkaTransportOptions {
  groupId: string;
  deadLetterTopic: string;
  policy?: FailurePolicy;
}

/** The transport for a service's message controllers, wired to the app's Kafka client, producer and logger. */
export async function kafkaTransport(app: INestApplication, options: KafkaTransportOptions): Promise<KafkaEventServer> {
  const kafka = app.get<Kafka>(KAFKA);
  const publisher = app.get(EventPublisher);
  const registry = app.get(ConsumerRegistry);
  const sessionTimeoutMs = app.get(ServiceConfig).KAFKA_SESSION_TIMEOUT_MS;
  const logger = (await app.resolve(PinoLogger)).logger.child({ component: 'consumer', group: options.groupId });
  let current: string | undefined;
  return new KafkaEventServer((handle, topics, groupId = options.groupId) => {
    const consumer = new EventConsumer(
      kafka,
      publisher,
      { groupId, topics, deadLetterTopic: options.deadLetterTopic, policy: options.policy ?? defaultFailurePolicy, sessionTimeoutMs },
      { each: handle },
      logger,
    );
    if (current) registry.remove(current);
    registry.add(groupId, consumer);
    current = groupId;
    return consumer;
  });
}
