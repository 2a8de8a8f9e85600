import { DaprServiceConfig } from '@app/dapr';
import { EnvInt } from '@app/platform';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';

export const LOCK_MODES = ['lock', 'none'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** A robfig/cron expression (5 or 6 fields) or a descriptor such as @every 30s, @hourly: what bindings.cron takes. */
export const CRON_SCHEDULE = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|@every (\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+|(\S+\s+){4,5}\S+)$/;

export class LoyaltyConfig extends DaprServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  override HTTP_PORT = 3005;

  /** When the Dapr cron binding triggers a run; scripts/runtime/dapr.sh renders it into the component. */
  @Matches(CRON_SCHEDULE, { message: 'LOYALTY_CRON_SCHEDULE must be a cron expression or @every <duration>' })
  LOYALTY_CRON_SCHEDULE = '@every 30s';

  /** `none` runs the same job without the lock and without ETags: it shows the lost updates. */
  @IsIn(LOCK_MODES)
  LOCK_MODE: LockMode = 'lock';

  /** A crashed holder blocks a customer for at most this long. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(300)
  LOCK_EXPIRY_SECONDS = 10;

  /** How long a worker waits for a customer's lock before leaving the order to the next run. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(60_000)
  LOCK_WAIT_MAX_MS = 10_000;

  /** Workers split the orders by a hash of the order id: this worker takes those equal to its index. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(64)
  LOYALTY_WORKERS = 1;

  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(63)
  LOYALTY_WORKER_INDEX = 0;
}
