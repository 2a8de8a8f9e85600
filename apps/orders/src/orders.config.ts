import { IdempotentServiceConfig } from '@app/idempotency';
import { EnvInt } from '@app/platform';
import { IsIn, IsInt, Max, Min } from 'class-validator';

export class OrdersConfig extends IdempotentServiceConfig {
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

  /**
   * Read-your-writes waits in progress at most, per replica (all served by one poll); one more is answered
   * at once with 503 REPLICA.NOT_CAUGHT_UP and Retry-After.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  REPLICA_WAIT_MAX_WAITERS = 200;

  /**
   * How many versions ahead of the replica a wait may ask for. A client asks for the version its own write
   * returned, normally one or a few past the replica; far beyond is a made-up version or a replica too far
   * behind to catch up within REPLICA_WAIT_MAX_MS: answered at once with 503 REPLICA.NOT_CAUGHT_UP.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  REPLICA_WAIT_MAX_VERSION_GAP = 100;

  /**
   * Rebuild mode (run by the replay tool): the replicas are rebuilt into generation REBUILD_GENERATION
   * under that generation's fresh consumer group; the outbox is not relayed from this process.
   */
  @IsIn(['', 'replicas'])
  REBUILD_TARGET: '' | 'replicas' = '';

  @EnvInt()
  @IsInt()
  @Min(1)
  REBUILD_GENERATION = 1;

  /** How often the replicas' generation pointer is read, to switch to a rebuilt generation. */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  GENERATION_POLL_MS = 1000;
}
