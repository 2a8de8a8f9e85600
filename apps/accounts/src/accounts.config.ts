import { EnvInt } from '@app/platform';
import { OutboxConfig } from '@app/outbox';
import { IsInt, Max, Min } from 'class-validator';

export class AccountsConfig extends OutboxConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  override HTTP_PORT = 3001;

  override MONGO_DB = 'accounts';
}
