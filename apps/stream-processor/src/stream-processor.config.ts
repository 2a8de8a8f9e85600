import { ConsumerServiceConfig } from '@app/outbox';
import { EnvInt } from '@app/platform';
import { IsIn, IsInt, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface, ValidationArguments } from 'class-validator';

@ValidatorConstraint({ name: 'belowLowThreshold' })
class BelowLowThreshold implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return typeof value === 'number' && value < (args.object as StreamProcessorConfig).LOW_STOCK_THRESHOLD;
  }
  defaultMessage(): string {
    return 'CRITICAL_STOCK_THRESHOLD must be below LOW_STOCK_THRESHOLD';
  }
}

export class StreamProcessorConfig extends ConsumerServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  override HTTP_PORT = 3006;

  override MONGO_DB = 'streams';

  /**
   * The catalogue's relay is told of every flush that wrote a stock alert, and scans once at start-up;
   * its periodic scan (which reads the whole collection on FerretDB) is only the safety net.
   */
  override OUTBOX_POLL_INTERVAL_MS = 10_000;

  /** Prefix of the views' consumer group, `<prefix>.views`, and of a rebuilt view's own, `<prefix>.<view>.g<N>`. */
  override KAFKA_GROUP_ID = 'stream-processor';

  @EnvInt()
  @IsInt()
  @Min(1)
  LOW_STOCK_THRESHOLD = 20;

  @EnvInt()
  @IsInt()
  @Min(1)
  @Validate(BelowLowThreshold)
  CRITICAL_STOCK_THRESHOLD = 5;

  /** A Gold customer's order still Processing this long after it was placed is delayed. */
  @EnvInt()
  @IsInt()
  @Min(1000)
  DELAYED_ORDER_AFTER_MS = 30 * 60 * 1000;

  /** How often due delayed-order timers are checked. */
  @EnvInt()
  @IsInt()
  @Min(50)
  @Max(60_000)
  TIMER_INTERVAL_MS = 1000;

  /** How often the views' lag is read from Kafka. */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  LAG_INTERVAL_MS = 2000;

  /** Largest fetch per partition, so the largest batch a view applies at once (bytes). */
  @EnvInt()
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  VIEW_FETCH_MAX_BYTES = 1024 * 1024;

  /**
   * While the views catch up, their in-memory state is flushed at most this often (longer: more events
   * per write); once caught up they flush after every batch. Offsets are committed after each flush.
   * 30 s, as Kafka Streams' commit.interval.ms: a view behind the log end is stale whatever the
   * interval, and each flush rewrites every key changed since the last (bench/README.md).
   */
  @EnvInt()
  @IsInt()
  @Min(10)
  @Max(60_000)
  VIEW_FLUSH_INTERVAL_MS = 30_000;

  /** A view with this many keys changed (the event index: streams) is written alone at once, without a commit (bounds its memory and its writes' size). */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  VIEW_FLUSH_MAX_PENDING = 20_000;

  /**
   * Partitions whose fetched batches the views' consumer takes at once: they are applied one after
   * another while a flush runs, and share the next flush (1: each partition's batch waits for its own flush).
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(256)
  VIEW_CONCURRENT_PARTITIONS = 32;

  /** Dashboard event streams served at once (all share one feed); one more is refused with 503 DASHBOARD.TOO_MANY_STREAMS. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  DASHBOARD_MAX_STREAMS = 100;

  /**
   * Rebuild mode (run by the replay tool): only this view runs, into generation REBUILD_GENERATION of
   * its collections under that generation's fresh consumer group; derives no business events.
   */
  @IsIn(['', 'catalogue', 'alerts', 'history'])
  REBUILD_VIEW: '' | 'catalogue' | 'alerts' | 'history' = '';

  @EnvInt()
  @IsInt()
  @Min(1)
  REBUILD_GENERATION = 1;

  /** How often the generation pointers are read, to switch a view to a rebuilt generation. */
  @EnvInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  GENERATION_POLL_MS = 1000;

  /**
   * Test-only fault switch: SIGKILL the process right after the first view flush written once it has
   * applied N records (over all its views, redeliveries included), before that flush's offsets are committed (0: off).
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  FAULT_KILL_AFTER_RECORDS = 0;
}
