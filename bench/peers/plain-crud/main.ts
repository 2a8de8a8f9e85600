import 'reflect-metadata';
import { Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { peerEnv } from '../peer-env';
import { CustomersHttpController } from './customers.http.controller';
import { mongoProviders } from './mongo.provider';

/** A plain NestJS + MongoDB CRUD service: the P3 baseline for PUT /customers/{id}. */
async function main(): Promise<void> {
  const env = peerEnv('HTTP_PORT', 'MONGO_URL', 'MONGO_DB');

  @Module({ controllers: [CustomersHttpController], providers: mongoProviders(env.MONGO_URL, env.MONGO_DB) })
  class PlainCrudModule {}

  const app = await NestFactory.create(PlainCrudModule, { logger: ['error', 'warn'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true }));
  app.enableShutdownHooks();
  await app.listen(Number(env.HTTP_PORT), '127.0.0.1');
}

void main().catch((error: unknown) => {
  process.stderr.write(`plain-crud failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
