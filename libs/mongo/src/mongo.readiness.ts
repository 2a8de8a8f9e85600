import { ReadinessCheck } from '@app/platform/health/readiness-check';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { MONGO_DB } from './mongo.module';

@Injectable()
export class MongoReadiness implements ReadinessCheck {
  readonly key = 'mongodb';
  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async probe(): Promise<Record<string, unknown>> {
    await this.db.command({ ping: 1 });
    return { database: this.db.databaseName };
  }
}
