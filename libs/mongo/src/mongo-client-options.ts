import { ServiceConfig } from '@app/platform/config/service.config';
import { MongoClientOptions } from 'mongodb';

type MongoSettings = Pick<ServiceConfig, 'KAFKA_CLIENT_ID' | 'MONGO_TLS' | 'MONGO_TLS_CA_FILE'>;

/** MongoClient options from the validated config: TLS only when asked for (or implied by a mongodb+srv:// URL). */
export function mongoClientOptions(config: MongoSettings): MongoClientOptions {
  return {
    serverSelectionTimeoutMS: 10_000,
    appName: config.KAFKA_CLIENT_ID,
    // ignoreUndefined: optional fields absent from a request are left out, not stored as null.
    ignoreUndefined: true,
    ...(config.MONGO_TLS !== undefined ? { tls: config.MONGO_TLS } : {}),
    ...(config.MONGO_TLS_CA_FILE !== undefined ? { tlsCAFile: config.MONGO_TLS_CA_FILE } : {}),
  };
}
