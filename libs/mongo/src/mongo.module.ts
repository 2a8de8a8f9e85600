import { ServiceConfig } from '@app/platform/config/service.config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';
import { mongoClientOptions } from './mongo-client-options';

export const MONGO_CLIENT = Symbol('MONGO_CLIENT');
export const MONGO_DB = Symbol('MONGO_DB');

/** Closes the client last, after consumers and relays have stopped. */
@Injectable()
class MongoLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** One MongoClient per service, connected at boot; the service's database is injectable as MONGO_DB. */
@Global()
@Module({
  providers: [
    {
      provide: MONGO_CLIENT,
      inject: [ServiceConfig],
      useFactory: async (config: ServiceConfig) => {
        const client = new MongoClient(config.MONGO_URL, mongoClientOptions(config));
        return client.connect();
      },
    },
    {
      provide: MONGO_DB,
      inject: [MONGO_CLIENT, ServiceConfig],
      useFactory: (client: MongoClient, config: ServiceConfig): Db => client.db(config.MONGO_DB),
    },
    MongoLifecycle,
  ],
  exports: [MONGO_CLIENT, MONGO_DB],
})
export class MongoModule {}
