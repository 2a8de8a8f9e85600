import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from '@app/kafka/producer/record-size';
import { EnvBool, EnvInt } from '@app/platform/config/env-transforms';
import { ServiceConfig } from '@app/platform/config/service.config';
import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';

/**
 * What a lease must hold beyond the publish timeout: claiming and reading the documents before the
 * request, and releasing them after it — MongoDB calls that may each wait out the driver's 10 s
 * server selection.
 */
export const OUTBOX_LEASE_MARGIN_MS = 20_000;

/** Settings of services that publish through the outbox. */
export class OutboxConfig extends ServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(5000)
  OUTBOX_BATCH_SIZE = 500;

  @EnvInt()
  @IsInt()
  @Min(10)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  /** How long the relay waits for Kafka to acknowledge one request (the producer retries inside it). */
  @EnvInt()
  @IsInt()
  @Min(1000)
  OUTBOX_PUBLISH_TIMEOUT_MS = 60_000;

  /** Unset: the publish timeout plus OUTBOX_LEASE_MARGIN_MS. */
  @IsOptional()
  @EnvInt()
  @IsInt()
  @ValidateBy({
    name: 'leaseOutlastsPublish',
    validator: {
      validate: (value, args) => typeof value === 'number' && value >= (args?.object as OutboxConfig).OUTBOX_PUBLISH_TIMEOUT_MS + OUTBOX_LEASE_MARGIN_MS,
      defaultMessage: () => `OUTBOX_LEASE_MS must be at least OUTBOX_PUBLISH_TIMEOUT_MS + ${OUTBOX_LEASE_MARGIN_MS} ms, so a lease outlasts the request it covers`,
    },
  })
  OUTBOX_LEASE_MS?: number;

  /** Largest record batch per partition the relay sends (key, value, headers and framing); one record above it is set aside. */
  @EnvInt()
  @IsInt()
  @Min(1024)
  @Max(KAFKA_DEFAULT_MAX_MESSAGE_BYTES * 100)
  OUTBOX_MAX_BATCH_BYTES = 900_000;

  /** Test-only fault switch: SIGKILL the process after a command's database write, before publishing. */
  @EnvBool()
  @IsBoolean()
  FAULT_KILL_AFTER_DB_WRITE = false;

  /** Test-only fault switch: SIGKILL the process right after the relay's Nth acknowledged request, before it removes the entries (0: off). */
  @EnvInt()
  @IsInt()
  @Min(0)
  FAULT_KILL_AFTER_PUBLISHES = 0;
}

/** The lease the relay takes: as set, or derived from the publish timeout. */
export const outboxLeaseMs = (config: OutboxConfig): number => config.OUTBOX_LEASE_MS ?? config.OUTBOX_PUBLISH_TIMEOUT_MS + OUTBOX_LEASE_MARGIN_MS;
