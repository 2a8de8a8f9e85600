import { EnvBool, EnvInt } from '@app/platform/config/env-transforms';
import { ServiceConfig } from '@app/platform/config/service.config';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';

/** The bootstrap's settings: the services' Kafka settings (brokers, TLS, SASL) and how topics are made. */
export class TopicsConfig extends ServiceConfig {
  /** Replicas of each topic the bootstrap creates (existing topics keep theirs). */
  @EnvInt()
  @IsInt()
  @Min(1)
  KAFKA_REPLICATION_FACTOR = 1;

  /** Overrides the min.insync.replicas derived from each topic's replication factor (1 to the factor). */
  @IsOptional()
  @EnvInt()
  @IsInt()
  @Min(1)
  KAFKA_MIN_INSYNC_REPLICAS?: number;

  /** Keep an existing topic whose partition count differs from the catalogue's, instead of refusing. */
  @EnvBool()
  @IsBoolean()
  TOPICS_ACCEPT_EXISTING_PARTITIONS = false;
}
