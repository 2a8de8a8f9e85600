import { IsString, Matches } from 'class-validator';
import { OutboxConfig } from './outbox.config';

/** Settings of services that both publish through the outbox and consume topics. */
export class ConsumerServiceConfig extends OutboxConfig {
  /** A new group starts at the beginning of the topics, rebuilding this service's replicas. */
  @IsString()
  @Matches(/^[\w.-]{1,100}$/)
  KAFKA_GROUP_ID = 'service';
}
