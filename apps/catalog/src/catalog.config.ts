import { IdempotentServiceConfig } from '@app/idempotency';
import { EnvInt } from '@app/platform';
import { IsInt, Max, Min } from 'class-validator';

export class CatalogConfig extends IdempotentServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  override HTTP_PORT = 3003;

  override MONGO_DB = 'catalog';
  override KAFKA_GROUP_ID = 'catalog';
}
