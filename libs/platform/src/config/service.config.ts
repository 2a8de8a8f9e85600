import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MinLength, Min, ValidateBy, ValidateIf } from 'class-validator';
import { API_KEY_MIN_LENGTH, API_KEY_PATTERN, DEFAULT_OPEN_PATHS, OPEN_PATH_PATTERN } from '../security/api-key';
import { EnvBool, EnvInt, EnvList } from './env-transforms';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** Settings every service shares; each app extends it and sets its own HTTP_PORT default. */
export class ServiceConfig {
  @IsString()
  HTTP_HOST = '127.0.0.1';

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT = 3000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @EnvList()
  @ArrayNotEmpty()
  @Matches(/^[^\s:]+:\d+$/, { each: true, message: 'KAFKA_BROKERS must be host:port[,host:port]' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @IsString()
  @IsOptional()
  KAFKA_CLIENT_ID?: string;

  /**
   * How long a consumer group waits for a member that went silent before it hands that member's
   * partitions to the others — and so how long a restarted instance waits after a SIGKILL. The broker
   * bounds it (group.min/max.session.timeout.ms: 6 s to 30 min by default).
   */
  @EnvInt()
  @IsInt()
  @Min(6000)
  @Max(1_800_000)
  KAFKA_SESSION_TIMEOUT_MS = 30_000;

  @EnvBool()
  @IsBoolean()
  KAFKA_SSL = false;

  @IsOptional()
  @IsIn(SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM?: (typeof SASL_MECHANISMS)[number];

  @ValidateIf((c: ServiceConfig) => c.KAFKA_SASL_MECHANISM !== undefined)
  @IsString({ message: 'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((c: ServiceConfig) => c.KAFKA_SASL_MECHANISM !== undefined)
  @IsString({ message: 'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_PASSWORD?: string;

  @Matches(/^mongodb(\+srv)?:\/\/.+/, { message: 'MONGO_URL must be a mongodb:// or mongodb+srv:// URL' })
  MONGO_URL = 'mongodb://127.0.0.1:27017';

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,60}$/, { message: 'MONGO_DB must be a plain database name' })
  MONGO_DB = 'app';

  /** TLS to MongoDB; unset leaves it to the URL (mongodb+srv:// means TLS, as on Atlas). */
  @IsOptional()
  @EnvBool()
  @IsBoolean()
  MONGO_TLS?: boolean;

  /** A CA bundle (PEM file) to trust for MongoDB TLS instead of the system's. */
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'tlsNotDisabled',
    validator: {
      validate: (_value, args) => (args?.object as ServiceConfig).MONGO_TLS !== false,
      defaultMessage: () => 'MONGO_TLS_CA_FILE needs TLS, but MONGO_TLS is false',
    },
  })
  MONGO_TLS_CA_FILE?: string;

  /**
   * Keys a request of the public API — reads and writes — must present in X-API-Key (comma-separated, so a
   * new key can be added before the old one is removed). Unset or empty: the API is open. From the
   * environment or a Kubernetes Secret only, never from a committed file.
   */
  @IsOptional()
  @EnvList()
  @ArrayNotEmpty({ message: 'API_KEYS must list at least one key when set' })
  @MinLength(API_KEY_MIN_LENGTH, { each: true, message: `API_KEYS: every key must be at least ${API_KEY_MIN_LENGTH} characters` })
  @Matches(API_KEY_PATTERN, { each: true, message: 'API_KEYS: keys are printable ASCII without spaces (commas separate keys)' })
  API_KEYS?: string[];

  /**
   * Path prefixes that stay open when API_KEYS is set, matched segment by segment (comma-separated).
   * Unset or empty: probes, Prometheus and the API document.
   */
  @EnvList()
  @Matches(OPEN_PATH_PATTERN, { each: true, message: 'API_OPEN_PATHS: every prefix is a path such as /health (no trailing slash, query, wildcard or dot segment)' })
  API_OPEN_PATHS: string[] = [...DEFAULT_OPEN_PATHS];
}
