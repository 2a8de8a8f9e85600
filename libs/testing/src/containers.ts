import { KafkaContainer } from '@testcontainers/kafka';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { RedisContainer } from '@testcontainers/redis';
import type { StartedTestContainer } from 'testcontainers';
import { Infra } from './infra';

let started: StartedTestContainer[] = [];

/** Where a Docker engine exists: the same servers as containers (Kafka KRaft, MongoDB, Redis). */
export async function containerInfra(): Promise<Infra> {
  const [kafka, mongo, redis] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' }).start(),
    new MongoDBContainer('mongo:7.0').start(),
    new RedisContainer('redis:7.2').start(),
  ]);
  started = [kafka, mongo, redis];
  return {
    mode: 'testcontainers',
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUrl: `${mongo.getConnectionString()}?directConnection=true`,
    redisUrl: redis.getConnectionUrl(),
  };
}

export async function stopContainers(): Promise<void> {
  await Promise.all(started.map((c) => c.stop()));
  started = [];
}
