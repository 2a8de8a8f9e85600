// Global setup runs outside Jest's module mapper, so it imports libraries by relative path.
import { TOPIC_CATALOG } from '../../../contracts/src/topics/topic-catalog';
import { ensureTopics } from '../../../kafka/src/admin/ensure-topics';
import { Kafka, logLevel } from 'kafkajs';
import { dockerAnswers, externalInfra, Infra, localRuntimeInfra, saveInfra } from '../infra';

/** Resolves the servers (env → testcontainers → local runtime) and creates the declared topics. */
export default async function globalSetup(): Promise<void> {
  const infra: Infra = externalInfra() ?? (dockerAnswers() ? await (await import('../containers')).containerInfra() : localRuntimeInfra());
  saveInfra(infra);
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.MONGO_URL = infra.mongoUrl;
  process.env.REDIS_URL = infra.redisUrl;
  const kafka = new Kafka({ clientId: 'test-setup', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  await ensureTopics(kafka, TOPIC_CATALOG);
  process.stdout.write(`\n[test infra] ${infra.mode}: kafka ${infra.kafkaBrokers}, mongo ${infra.mongoUrl}, redis ${infra.redisUrl}\n`);
}
