import { ConsumerServiceConfig } from '@app/outbox';
import { EnvInt } from '@app/platform';
import { IsInt, Max, Min } from 'class-validator';

export class OrdersConfig extends ConsumerServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  override HTTP_PORT = 3002;

  override MONGO_DB = 'orders';
  override KAFKA_GROUP_ID = 'orders';

  /** The longest a read may wait for a replica to reach a requested version. */
  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(30_000)
  REPLICA_WAIT_MAX_MS = 5000;
}
