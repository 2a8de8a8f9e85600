import { ServiceConfig } from '@app/platform/config/service.config';
import { Kafka, KafkaConfig, logLevel, LogEntry } from 'kafkajs';
import pino, { Logger } from 'pino';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes KafkaJS's own log lines into the service's JSON logger. */
export const kafkaLogCreator = (logger: Logger) => () => (entry: LogEntry) => {
  const { message, ...extra } = entry.log;
  logger[LEVELS[entry.level] ?? 'info']({ ...extra, kafkaNamespace: entry.namespace }, message);
};

/** KafkaJS settings from the validated config: PLAINTEXT locally, SASL_SSL for managed clusters. */
export function kafkaConfigFrom(config: ServiceConfig, clientId: string): KafkaConfig {
  const sasl =
    config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME !== undefined && config.KAFKA_SASL_PASSWORD !== undefined
      ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD }
      : undefined;
  return {
    clientId: config.KAFKA_CLIENT_ID ?? clientId,
    brokers: config.KAFKA_BROKERS,
    ssl: config.KAFKA_SSL,
    ...(sasl ? { sasl } : {}),
    connectionTimeout: 5000,
    retry: { initialRetryTime: 200, retries: 8 },
  } as KafkaConfig;
}

export function createKafka(config: ServiceConfig, clientId: string, logger?: Logger): Kafka {
  const log = logger ?? pino({ level: config.LOG_LEVEL }).child({ component: 'kafkajs' });
  return new Kafka({ ...kafkaConfigFrom(config, clientId), logLevel: logLevel.WARN, logCreator: kafkaLogCreator(log) });
}
