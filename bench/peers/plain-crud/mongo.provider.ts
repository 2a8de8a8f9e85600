import { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';

export const PLAIN_DB = Symbol('PLAIN_DB');

/** Closes the client when Nest shuts down. */
export class MongoConnection implements OnApplicationShutdown {
  constructor(readonly client: MongoClient) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

export const mongoProviders = (url: string, dbName: string): Provider[] => [
  { provide: MongoConnection, useFactory: async () => new MongoConnection(await new MongoClient(url).connect()) },
  { provide: PLAIN_DB, inject: [MongoConnection], useFactory: (c: MongoConnection): Db => c.client.db(dbName) },
];
