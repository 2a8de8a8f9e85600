import { ConsumerServiceConfig } from '@app/outbox';
import { EnvInt } from '@app/platform';
import { IsInt, Max, Min } from 'class-validator';

/** Settings of services whose writes take an `Idempotency-Key` (orders, catalog). */
export class IdempotentServiceConfig extends ConsumerServiceConfig {
  /** How long a key and its answer are kept (then the key may be used afresh): 1 minute to 30 days. */
  @EnvInt()
  @IsInt()
  @Min(60)
  @Max(2_592_000)
  IDEMPOTENCY_RETENTION_SECONDS = 86_400;
}
