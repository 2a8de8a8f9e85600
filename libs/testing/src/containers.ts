import { MongoDBContainer } from '@testcontainers/mongodb';
import { RedisContainer } from '@testcontainers/redis';
import type { StartedTestContainer } from 'testcontainers';
import { ApacheKafkaContainer, KAFKA_HOST_PORT } from './apache-kafka-container';
import { Infra } from './infra';
import { composeServers } from './server-images';

let started: StartedTestContainer[] = [];

/** Where a Docker engine exists: the same servers as containers, docker-compose.yml's images (Kafka KRaft, MongoDB, Redis). */
export async function containerInfra(): Promise<Infra> {
  const servers = composeServers();
  const [kafka, mongo, redis] = await Promise.all([
    new ApacheKafkaContainer(servers.kafka.image, servers.kafka.environment).start(),
    new MongoDBContainer(servers.mongo.image).start(),
    new RedisContainer(servers.redis.image).start(),
  ]);
  started = [kafka, mongo, redis];
  return {
    mode: 'testcontainers',
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(KAFKA_HOST_PORT)}`,
    mongoUrl: `${mongo.getConnectionString()}?directConnection=true`,
    redisUrl: redis.getConnectionUrl(),
  };
}

export async function stopContainers(): Promise<void> {
  await Promise.all(started.map((c) => c.stop()));
  started = [];
}
