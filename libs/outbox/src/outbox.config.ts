import { EnvBool, EnvInt } from '@app/platform/config/env-transforms';
import { ServiceConfig } from '@app/platform/config/service.config';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

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

  @EnvInt()
  @IsInt()
  @Min(1000)
  OUTBOX_LEASE_MS = 30_000;

  /** Test-only fault switch: SIGKILL the process after a command's database write, before publishing. */
  @EnvBool()
  @IsBoolean()
  FAULT_KILL_AFTER_DB_WRITE = false;
}
