import { createTopicsWithLeaders } from '@app/kafka/admin/create-topics';
import { ITopicConfig, Kafka } from 'kafkajs';
import { uniqueName } from './unique';

/** Creates topics of this test's own (never auto-created), returns their names; `configEntries` e.g. a smaller max.message.bytes. */
export async function createTestTopics(kafka: Kafka, prefixes: string[], partitions = 1, configEntries?: ITopicConfig['configEntries']): Promise<string[]> {
  const names = prefixes.map((p) => uniqueName(`test.${p}`));
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1, ...(configEntries ? { configEntries } : {}) })));
  await admin.disconnect();
  return names;
}

export async function deleteTestTopics(kafka: Kafka, names: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: names }).catch(() => undefined);
  await admin.disconnect();
}
