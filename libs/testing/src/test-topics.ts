import { createTopicsWithLeaders } from '@app/kafka/admin/create-topics';
import { Kafka } from 'kafkajs';
import { uniqueName } from './unique';

/** Creates topics of this test's own (never auto-created), returns their names. */
export async function createTestTopics(kafka: Kafka, prefixes: string[], partitions = 1): Promise<string[]> {
  const names = prefixes.map((p) => uniqueName(`test.${p}`));
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })));
  await admin.disconnect();
  return names;
}

export async function deleteTestTopics(kafka: Kafka, names: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: names }).catch(() => undefined);
  await admin.disconnect();
}
